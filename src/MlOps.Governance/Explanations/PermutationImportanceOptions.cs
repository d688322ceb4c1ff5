using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Explanations;

/// <summary>How permutation importance is measured.</summary>
public sealed record PermutationImportanceOptions
{
    /// <summary>The most repeats: each one scores the whole data set once per feature.</summary>
    public const int MaxRepeats = 1000;

    /// <summary>The default number of repeats (scikit-learn's).</summary>
    public const int DefaultRepeats = 5;

    /// <summary>The true-label (or regression target) column.</summary>
    public required string Label { get; init; }

    /// <summary>The metric (<c>rocAuc</c>, <c>accuracy</c>, <c>rmse</c>).</summary>
    public ImportanceMetric Metric { get; init; } = ImportanceMetric.RocAuc;

    /// <summary>The positive label of a classifier; numbers compare by value.</summary>
    public string Positive { get; init; } = "1";

    /// <summary>The decision threshold of <see cref="ImportanceMetric.Accuracy"/>.</summary>
    public double DecisionThreshold { get; init; } = 0.5;

    /// <summary>How many times each feature is shuffled (1 to <see cref="MaxRepeats"/>).</summary>
    public int Repeats { get; init; } = DefaultRepeats;

    /// <summary>The seed of the shuffles.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The model output that holds the score (the positive class's probability, or the prediction); null: detected.</summary>
    public string? OutputColumn { get; init; }

    /// <summary>Rows scored per model run.</summary>
    public int BatchSize { get; init; } = 8192;

    /// <summary>The CSV reader's limits.</summary>
    public CsvReaderOptions Csv { get; init; } = CsvReaderOptions.Default;

    /// <summary>Checks the settings before any work.</summary>
    /// <exception cref="MlOpsException">Repeats out of range, a bad threshold or CSV limit.</exception>
    public void Validate()
    {
        if (Repeats is < 1 or > MaxRepeats)
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture, $"The number of permutation repeats must be between 1 and {MaxRepeats} but is {Repeats}."),
                fix: string.Create(CultureInfo.InvariantCulture, $"Shuffle each feature at least once and at most {MaxRepeats} times (5 is the usual choice; more narrow the standard deviation)."),
                diagnostic: DiagnosticCatalog.CountLimit, inputs: [UserInputs.PermutationRepeats]);
        }
        if (DecisionThreshold is < 0 or > 1 || double.IsNaN(DecisionThreshold))
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture, $"The decision threshold must be within [0, 1] but is {DecisionThreshold:R}."),
                fix: "Give a probability between 0 and 1 as the decision threshold.", inputs: [UserInputs.DecisionThreshold]);
        }
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize));
        }
        Csv.Validate();
    }
}
