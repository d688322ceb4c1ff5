namespace MlOps.Governance.Fairness;

/// <summary>The fairness evidence: per feature (and intersection) metrics and groups.</summary>
public sealed class FairnessReport
{
    /// <summary>Creates a report.</summary>
    public FairnessReport(FairnessOptions options, string dataFile, long rows, string predictionSource, IReadOnlyList<FeatureFairness> features,
        string? dataSha256 = null)
    {
        Options = options;
        DataFile = dataFile;
        DataSha256 = dataSha256;
        Rows = rows;
        PredictionSource = predictionSource;
        Features = features;
    }

    /// <summary>The options used.</summary>
    public FairnessOptions Options { get; }

    /// <summary>The file name of the predictions or data (no folder).</summary>
    public string DataFile { get; }

    /// <summary>The sha256 of that file (null when not computed).</summary>
    public string? DataSha256 { get; }

    /// <summary>
    /// The same report about another file: the data the user gave, when the analysed CSV was a temporary join of
    /// that data with the model's scores.
    /// </summary>
    public FairnessReport About(string dataFile, string? dataSha256, string predictionSource) =>
        new(Options, dataFile, Rows, predictionSource, Features, dataSha256);

    /// <summary>The number of rows.</summary>
    public long Rows { get; }

    /// <summary>How predictions were obtained ("column &lt;name&gt;", "score &lt;name&gt; ≥ t", or "model").</summary>
    public string PredictionSource { get; }

    /// <summary>Single features first (in option order), then intersections.</summary>
    public IReadOnlyList<FeatureFairness> Features { get; }

    /// <summary>
    /// True when every single sensitive feature's disparate impact ratio is defined and at least
    /// <see cref="FairnessOptions.MinDisparateImpactRatio"/> (the four-fifths rule).
    /// </summary>
    public bool Passed => Features.Where(f => f.Columns.Count == 1)
        .All(f => !double.IsNaN(f.DisparateImpactRatio) && f.DisparateImpactRatio >= Options.MinDisparateImpactRatio);
}
