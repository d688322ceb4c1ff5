namespace MlOps.Governance.Statistics;

/// <summary>
/// Count, mean, variance, minimum and maximum in one pass (Welford's update), mergeable (Chan et al.),
/// so memory is constant and the result does not depend on catastrophic cancellation.
/// </summary>
public sealed class RunningMoments
{
    private double _mean;
    private double _m2;

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The mean (NaN when empty).</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;

    /// <summary>The population variance (ddof = 0, as numpy's default).</summary>
    public double PopulationVariance => Count == 0 ? double.NaN : _m2 / Count;

    /// <summary>The sample variance (ddof = 1, as pandas' default).</summary>
    public double SampleVariance => Count < 2 ? double.NaN : _m2 / (Count - 1);

    /// <summary>The smallest value (NaN when empty).</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>The largest value (NaN when empty).</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Adds one value.</summary>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(double x)
    {
        Count++;
        var delta = x - _mean;
        _mean += delta / Count;
        _m2 += delta * (x - _mean);
        if (Count == 1)
        {
            Min = x;
            Max = x;
        }
        else
        {
            if (x < Min)
            {
                Min = x;
            }
            if (x > Max)
            {
                Max = x;
            }
        }
    }

    /// <summary>
    /// The moments of a sample given as distinct values (ascending) and their counts, summed in value order (mean
    /// first, then squared deviations from it): the result depends only on the counts, not on the order the rows
    /// arrived in, so profiles counted per shard and merged equal the one-pass profile to the last bit.
    /// </summary>
    public static RunningMoments FromCounts(IReadOnlyList<double> values, IReadOnlyList<double> counts)
    {
        var result = new RunningMoments();
        if (values.Count == 0)
        {
            return result;
        }
        double n = 0, sum = 0;
        for (var i = 0; i < values.Count; i++)
        {
            n += counts[i];
            sum += values[i] * counts[i];
        }
        var mean = sum / n;
        var m2 = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i] - mean;
            m2 += counts[i] * d * d;
        }
        result.Count = (long)n;
        result._mean = mean;
        result._m2 = m2;
        result.Min = values[0];
        result.Max = values[values.Count - 1];
        return result;
    }

    /// <summary>Moments restored from a summary (count, mean, population variance, extremes), e.g. read from a baseline file.</summary>
    public static RunningMoments FromSummary(long count, double mean, double populationVariance, double min, double max) => new()
    {
        Count = count,
        _mean = count == 0 ? 0 : mean,
        _m2 = count == 0 ? 0 : populationVariance * count,
        Min = count == 0 ? double.NaN : min,
        Max = count == 0 ? double.NaN : max,
    };

    /// <summary>Adds every value of <paramref name="other"/> (parallel combination of the moments).</summary>
    public void Merge(RunningMoments other)
    {
        if (other.Count == 0)
        {
            return;
        }
        if (Count == 0)
        {
            Count = other.Count;
            _mean = other._mean;
            _m2 = other._m2;
            Min = other.Min;
            Max = other.Max;
            return;
        }
        var n = Count + other.Count;
        var delta = other._mean - _mean;
        _mean += delta * other.Count / n;
        _m2 += other._m2 + delta * delta * ((double)Count * other.Count / n);
        Count = n;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
