using MlOps.Governance.Statistics;

namespace MlOps.Governance.Drift;

/// <summary>The type of a profiled feature.</summary>
public enum FeatureType
{
    /// <summary>Every non-empty value is a number.</summary>
    Numeric,

    /// <summary>Text categories.</summary>
    Categorical,
}

/// <summary>The compact profile of one training-data column.</summary>
public sealed class FeatureProfile
{
    /// <summary>Creates a numeric profile.</summary>
    public static FeatureProfile ForNumeric(string name, long missing, RunningMoments moments, ValueDistribution distribution)
    {
        var edges = new double[9];
        for (var i = 0; i < 9; i++)
        {
            edges[i] = distribution.Quantile((i + 1) / 10.0);
        }
        return new FeatureProfile(name, FeatureType.Numeric, moments.Count, missing)
        {
            Mean = moments.Mean,
            Std = moments.SampleVariance is var v && double.IsNaN(v) ? double.NaN : Math.Sqrt(v),
            PopulationStd = Math.Sqrt(moments.PopulationVariance),
            Min = moments.Min,
            Max = moments.Max,
            Distribution = distribution,
            DecileEdges = edges,
        };
    }

    /// <summary>Creates a categorical profile; <paramref name="frequencies"/> must be ordered by ordinal key.</summary>
    public static FeatureProfile ForCategorical(string name, long missing, IReadOnlyList<KeyValuePair<string, long>> frequencies, long otherCount)
    {
        var count = otherCount;
        foreach (var f in frequencies)
        {
            count += f.Value;
        }
        return new FeatureProfile(name, FeatureType.Categorical, count, missing)
        {
            Frequencies = frequencies,
            OtherCount = otherCount,
        };
    }

    private FeatureProfile(string name, FeatureType type, long count, long missing)
    {
        Name = name;
        Type = type;
        Count = count;
        Missing = missing;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public FeatureType Type { get; }

    /// <summary>The number of non-missing values.</summary>
    public long Count { get; }

    /// <summary>The number of missing (empty) values.</summary>
    public long Missing { get; }

    /// <summary>Numeric: the mean.</summary>
    public double Mean { get; private init; } = double.NaN;

    /// <summary>Numeric: the sample standard deviation (ddof = 1, as pandas' describe()).</summary>
    public double Std { get; private init; } = double.NaN;

    /// <summary>Numeric: the population standard deviation (ddof = 0, as numpy's std; Evidently's Wasserstein norm).</summary>
    public double PopulationStd { get; private init; } = double.NaN;

    /// <summary>Numeric: the minimum.</summary>
    public double Min { get; private init; } = double.NaN;

    /// <summary>Numeric: the maximum.</summary>
    public double Max { get; private init; } = double.NaN;

    /// <summary>Numeric: the value distribution (exact counts or a digest).</summary>
    public ValueDistribution? Distribution { get; private init; }

    /// <summary>Numeric: the reference deciles (quantiles 0.1 … 0.9, numpy 'linear'), the inner edges of the PSI bins.</summary>
    public IReadOnlyList<double> DecileEdges { get; private init; } = [];

    /// <summary>Categorical: category counts ordered by ordinal key.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Frequencies { get; private init; } = [];

    /// <summary>Categorical: values past the category limit, counted together.</summary>
    public long OtherCount { get; private init; }

    /// <summary>Recreates a profile read from a baseline file.</summary>
    internal static FeatureProfile Restore(string name, FeatureType type, long count, long missing, double mean, double std,
        double populationStd, double min, double max, ValueDistribution? distribution, IReadOnlyList<double> edges,
        IReadOnlyList<KeyValuePair<string, long>> frequencies, long otherCount) =>
        new(name, type, count, missing)
        {
            Mean = mean, Std = std, PopulationStd = populationStd, Min = min, Max = max, Distribution = distribution,
            DecileEdges = edges, Frequencies = frequencies, OtherCount = otherCount,
        };
}
