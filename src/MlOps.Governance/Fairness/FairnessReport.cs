using MlOps.Governance.Evidence;

namespace MlOps.Governance.Fairness;

/// <summary>The fairness evidence: per feature (and intersection) metrics and groups.</summary>
public sealed record FairnessReport
{
    /// <summary>Creates a report.</summary>
    public FairnessReport(FairnessOptions options, DataIdentity data, long rows, string predictionSource, IReadOnlyList<FeatureFairness> features)
    {
        Options = options;
        Data = data;
        Rows = rows;
        PredictionSource = predictionSource;
        Features = features;
    }

    /// <summary>The options used.</summary>
    public FairnessOptions Options { get; }

    /// <summary>The data the report is about: the predictions file, or the data the user gave when the stage scored it.</summary>
    public DataIdentity Data { get; init; }

    /// <summary>The file name of the predictions or data (no folder).</summary>
    public string DataFile => Data.FileName;

    /// <summary>The sha256 of that file (null when not computed).</summary>
    public string? DataSha256 => Data.Sha256;

    /// <summary>The source digest of the model whose predictions these are, or null when no model was given.</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>The number of rows.</summary>
    public long Rows { get; }

    /// <summary>How predictions were obtained ("column &lt;name&gt;", "column &lt;name&gt; &gt;= t", "model output &lt;name&gt; &gt;= t").</summary>
    public string PredictionSource { get; }

    /// <summary>
    /// The confusion counts per combination of every sensitive column's value, ordered by those values: every figure of
    /// the report is derived from them, so parts computed per shard merge by adding them (<see cref="FairnessMerge"/>).
    /// </summary>
    public IReadOnlyList<FairnessCell> Cells { get; init; } = [];

    /// <summary>Single features first (in option order), then intersections.</summary>
    public IReadOnlyList<FeatureFairness> Features { get; }

    /// <summary>Multiclass: the one-vs-rest fairness of each class (then <see cref="Features"/> is empty); null otherwise.</summary>
    public ClassFairness? PerClass { get; init; }

    /// <summary>Regression: the error metrics per group (then <see cref="Features"/> is empty); null otherwise.</summary>
    public RegressionFairness? Regression { get; init; }

    /// <summary>
    /// True when every single sensitive feature's disparate impact ratio is defined and at least
    /// <see cref="FairnessOptions.MinDisparateImpactRatio"/> (the four-fifths rule).
    /// </summary>
    /// For multiclass, of every class; regression has no such rule (its evidence is data, verdict info).
    public bool Passed => Features.Where(f => f.Columns.Count == 1)
        .All(f => !double.IsNaN(f.DisparateImpactRatio) && f.DisparateImpactRatio >= Options.MinDisparateImpactRatio)
        && PerClass?.Passes(Options.MinDisparateImpactRatio) != false;
}

/// <summary>The confusion counts of one combination of sensitive values.</summary>
/// <param name="Groups">The value of each sensitive column, in option order.</param>
/// <param name="Counts">The rows of that combination, by confusion cell.</param>
public sealed record FairnessCell(IReadOnlyList<string> Groups, ConfusionCounts Counts);
