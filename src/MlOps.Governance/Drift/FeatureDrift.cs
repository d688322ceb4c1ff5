namespace MlOps.Governance.Drift;

/// <summary>The drift test results of one feature.</summary>
public sealed class FeatureDrift
{
    /// <summary>The column name.</summary>
    public required string Name { get; init; }

    /// <summary>The baseline's type of the feature.</summary>
    public required FeatureType Type { get; init; }

    /// <summary>The test that decides the verdict (Evidently's default).</summary>
    public required DriftMethod Method { get; init; }

    /// <summary>The decisive test's value (a p-value or a distance).</summary>
    public required double Score { get; init; }

    /// <summary>Whether the feature drifted.</summary>
    public required bool Drifted { get; init; }

    /// <summary>Non-missing reference values.</summary>
    public required long ReferenceCount { get; init; }

    /// <summary>Non-missing current values.</summary>
    public required long CurrentCount { get; init; }

    /// <summary>Missing current values.</summary>
    public required long CurrentMissing { get; init; }

    /// <summary>Distinct values over reference and current (null when a digest made it unknowable, i.e. many).</summary>
    public int? DistinctValues { get; init; }

    /// <summary>Population stability index.</summary>
    public required double Psi { get; init; }

    /// <summary>Numeric: KS statistic.</summary>
    public double? KsStatistic { get; init; }

    /// <summary>Numeric: KS p-value (scipy ks_2samp, method 'auto').</summary>
    public double? KsPValue { get; init; }

    /// <summary>Numeric: Wasserstein distance / reference population std.</summary>
    public double? WassersteinNormed { get; init; }

    /// <summary>Categorical (or numeric with ≤ 5 values): Jensen–Shannon distance, base 2.</summary>
    public double? JensenShannon { get; init; }

    /// <summary>Categorical (or numeric with ≤ 5 values): chi-square goodness-of-fit p-value.</summary>
    public double? ChiSquarePValue { get; init; }

    /// <summary>Binary features: two-proportion Z-test p-value.</summary>
    public double? ZTestPValue { get; init; }

    /// <summary>Whether the reference or current distribution was a digest (the numeric figures are then approximate).</summary>
    public bool Approximate { get; init; }

    /// <summary>The bins the PSI used (numeric: reference-decile bins; categorical: categories).</summary>
    public required IReadOnlyList<string> BinLabels { get; init; }

    /// <summary>Reference share per bin.</summary>
    public required IReadOnlyList<double> ReferenceShares { get; init; }

    /// <summary>Current share per bin.</summary>
    public required IReadOnlyList<double> CurrentShares { get; init; }

    /// <summary>Numeric: the inner bin edges (reference deciles).</summary>
    public IReadOnlyList<double>? BinEdges { get; init; }
}

/// <summary>The result of testing a data set against a baseline.</summary>
public sealed class DriftReport
{
    /// <summary>Creates a report.</summary>
    public DriftReport(DriftBaseline baseline, string currentFile, long currentRows, IReadOnlyList<FeatureDrift> features, string? currentSha256 = null)
    {
        Baseline = baseline;
        CurrentFile = currentFile;
        CurrentSha256 = currentSha256;
        CurrentRows = currentRows;
        Features = features;
        DriftedCount = features.Count(f => f.Drifted);
        DriftedShare = features.Count == 0 ? 0 : (double)DriftedCount / features.Count;
        DatasetDrift = features.Count > 0 && DriftedShare >= DriftMethod.DatasetDriftShare;
    }

    /// <summary>The baseline tested against.</summary>
    public DriftBaseline Baseline { get; }

    /// <summary>The current file's name (no folder).</summary>
    public string CurrentFile { get; }

    /// <summary>The current file's sha256 (null when not computed).</summary>
    public string? CurrentSha256 { get; }

    /// <summary>The current file's data rows.</summary>
    public long CurrentRows { get; }

    /// <summary>Per-feature results in baseline order.</summary>
    public IReadOnlyList<FeatureDrift> Features { get; }

    /// <summary>How many features drifted.</summary>
    public int DriftedCount { get; }

    /// <summary>Drifted features / features.</summary>
    public double DriftedShare { get; }

    /// <summary>True when at least half the features drifted.</summary>
    public bool DatasetDrift { get; }
}
