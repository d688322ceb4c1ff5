namespace MlOps.Governance.Statistics;

/// <summary>
/// Percentile bootstrap intervals, shared by the stages that resample (fairness, evaluation): the interval at
/// level c runs from the (1 − c)/2 to the (1 + c)/2 quantile of the replicates' values (linear interpolation).
/// </summary>
public static class PercentileBootstrap
{
    /// <summary>The most replicates a stage may ask for: 10,000 (the intervals stop changing long before; each
    /// replicate costs a pass over the stage's cells and its metrics are kept).</summary>
    public const int MaxReplicates = 10_000;

    /// <summary>The interval of <paramref name="values"/> (sorted in place) at <paramref name="confidenceLevel"/>.</summary>
    public static (double Lower, double Upper) Interval(List<double> values, double confidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        values.Sort();
        var alpha = (1 - confidenceLevel) / 2;
        return (Percentile(values, alpha), Percentile(values, 1 - alpha));
    }

    /// <summary>The <paramref name="q"/> quantile of a sorted, non-empty list (linear interpolation).</summary>
    public static double Percentile(List<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
