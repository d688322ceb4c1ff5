using MlOps.Governance.Cards;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Robustness;

/// <summary>The inputs of <see cref="RobustnessService.Measure"/>.</summary>
public sealed record RobustnessRequest
{
    /// <summary>The model (.onnx, ML.NET .zip or .mlpkg).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The evaluation data (CSV or Parquet) whose rows are perturbed.</summary>
    public required string DataPath { get; init; }

    /// <summary>The true-label column (never perturbed; must be in the data).</summary>
    public required string Label { get; init; }

    /// <summary>The positive label: picks the score output (the positive class's probability).</summary>
    public string Positive { get; init; } = "1";

    /// <summary>The model output that holds the score; null: detected as the evaluation stage detects it.</summary>
    public string? OutputColumn { get; init; }

    /// <summary>A row is predicted positive when its score is at or above this.</summary>
    public double DecisionThreshold { get; init; } = 0.5;

    /// <summary>Numeric features are jittered by Gaussian noise with this fraction of their standard deviation.</summary>
    public double Jitter { get; init; } = DefaultJitter;

    /// <summary>The seed of every random draw.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>A monotonic constraint is checked at <c>Steps + 1</c> evenly spaced values across the feature's observed range.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>
    /// The card whose <c>monotonic</c> constraints are checked; null: the card an .mlpkg's model carries, else
    /// <see cref="Constraints"/>.
    /// </summary>
    public string? CardPath { get; init; }

    /// <summary>The constraints checked when neither a card is given nor the model carries one.</summary>
    public IReadOnlyList<MonotonicConstraint> Constraints { get; init; } = [];

    /// <summary>The stage's own check: the largest flip rate of any feature under jitter or swap; null: no check.</summary>
    public double? MaxFlipRate { get; init; }

    /// <summary>Rows per model run.</summary>
    public int BatchSize { get; init; } = CsvScorer.DefaultBatchSize;

    /// <summary>How many threads score perturbed copies at once (results do not depend on it); 0: one per core.</summary>
    public int Threads { get; init; }

    /// <summary>The engine that scores (null: the managed evaluator).</summary>
    public IScoringEngine? Engine { get; init; }

    /// <summary>The CSV reader's limits.</summary>
    public CsvReaderOptions Csv { get; init; } = CsvReaderOptions.Default;

    /// <summary>The default jitter: a tenth of a standard deviation.</summary>
    public const double DefaultJitter = 0.1;

    /// <summary>The default number of steps across a constrained feature's range.</summary>
    public const int DefaultSteps = 10;

    /// <summary>The most steps (each step scores every row once more).</summary>
    public const int MaxSteps = 1000;
}
