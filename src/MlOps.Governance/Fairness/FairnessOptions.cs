using MlOps.Governance.Tabular;
namespace MlOps.Governance.Fairness;

/// <summary>What to measure and how (the options of <c>mlops fairness</c>).</summary>
public sealed record FairnessOptions
{
    /// <summary>Binary classification (default), multiclass (per-class one-vs-rest) or regression (errors per group).</summary>
    public FairnessTask Task { get; init; } = FairnessTask.Classification;

    /// <summary>The true-label column.</summary>
    public required string Label { get; init; }

    /// <summary>The sensitive feature columns (one or more).</summary>
    public required IReadOnlyList<string> Sensitive { get; init; }

    /// <summary>The predicted-label column (default <c>prediction</c>); ignored when it is absent and <see cref="Score"/> is given.</summary>
    public string Prediction { get; init; } = "prediction";

    /// <summary>An optional probability column; without a prediction column, prediction = score ≥ <see cref="Threshold"/>.</summary>
    public string? Score { get; init; }

    /// <summary>The decision threshold applied to <see cref="Score"/>.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>The positive label (default <c>1</c>; numbers compare by value, so 1 matches 1.0).</summary>
    public string Positive { get; init; } = "1";

    /// <summary>Privileged group per feature for the disparate impact ratio (default: the group with the highest selection rate).</summary>
    public IReadOnlyDictionary<string, string> Privileged { get; init; } = new Dictionary<string, string>();

    /// <summary>Groups smaller than this are reported but flagged <c>smallGroup</c>.</summary>
    public int MinGroupSize { get; init; } = 30;

    /// <summary>The most bootstrap replicates <see cref="BootstrapReplicates"/> may ask for: 10,000 (the intervals stop
    /// changing long before; each replicate costs a pass over the cells and its metrics are kept).</summary>
    public const int MaxBootstrapReplicates = Statistics.PercentileBootstrap.MaxReplicates;

    /// <summary>Bootstrap replicates for confidence intervals (0 turns them off; at most <see cref="MaxBootstrapReplicates"/>).</summary>
    public int BootstrapReplicates { get; init; } = 200;

    /// <summary>The bootstrap seed.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The confidence level of the intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Whether to report intersections of the sensitive features (all combinations of two or more).</summary>
    public bool Intersections { get; init; } = true;

    /// <summary>The four-fifths bound the verdict applies to each single feature's disparate impact ratio.</summary>
    public double MinDisparateImpactRatio { get; init; } = 0.8;

    /// <summary>The CSV reader's limits (the maximum record length).</summary>
    public CsvReaderOptions Csv { get; init; } = CsvReaderOptions.Default;
}
