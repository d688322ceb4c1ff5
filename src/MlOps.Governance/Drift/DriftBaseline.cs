using MlOps.Governance.Evidence;
using MlOps.Governance.Tabular;
namespace MlOps.Governance.Drift;

/// <summary>The compact profile of a training data set: one <see cref="FeatureProfile"/> per column.</summary>
public sealed class DriftBaseline
{
    /// <summary>Creates a baseline.</summary>
    public DriftBaseline(string dataFile, string? dataSha256, long rows, IReadOnlyList<FeatureProfile> features)
    {
        DataFile = dataFile;
        DataSha256 = dataSha256;
        Rows = rows;
        Features = features;
    }

    /// <summary>The profiled file's name (no folder: the baseline must not depend on where it was built).</summary>
    public string DataFile { get; }

    /// <summary>The profiled file's sha256, when computed.</summary>
    public string? DataSha256 { get; }

    /// <summary>The number of data rows.</summary>
    public long Rows { get; }

    /// <summary>The profiled features in file column order.</summary>
    public IReadOnlyList<FeatureProfile> Features { get; }

    /// <summary>The shards a merged baseline was computed from (<see cref="DriftBaselineMerge"/>); null for one file.</summary>
    public IReadOnlyList<DataShard>? Shards { get; init; }
}

/// <summary>Options for <see cref="DriftBaselineBuilder"/>.</summary>
public sealed record DriftBaselineOptions
{
    /// <summary>The columns to profile (null: every column).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Columns to treat as categorical even when every value is a number (e.g. coded categories).</summary>
    public IReadOnlyCollection<string> Categorical { get; init; } = [];

    /// <summary>How many rows are read to decide each column's type.</summary>
    public int TypeSniffRows { get; init; } = 1000;

    /// <summary>Whether to hash the data file into the baseline (one extra read of the file).</summary>
    public bool HashData { get; init; } = true;

    /// <summary>The CSV reader's limits (the maximum record length).</summary>
    public CsvReaderOptions Csv { get; init; } = CsvReaderOptions.Default;
}
