namespace MlOps.Governance.Statistics;

/// <summary>
/// Collects one numeric column in constant memory: exact counts of each distinct value while there are at
/// most <see cref="ExactLimit"/> of them (integer-coded and low-cardinality columns stay exact), then a
/// <see cref="MergingDigest"/> of a few hundred centroids.
/// </summary>
public sealed class NumericSketch
{
    /// <summary>The most distinct values kept exactly while collecting.</summary>
    public const int ExactLimit = 1000;

    private Dictionary<double, long>? _exact = new();
    private MergingDigest? _digest;
    private double _lastValue = double.NaN;
    private long _lastRun;

    /// <summary>Moments of the non-missing values.</summary>
    public RunningMoments Moments { get; } = new();

    /// <summary>The number of missing (NaN) values.</summary>
    public long Missing { get; private set; }

    /// <summary>Adds one value; NaN counts as missing.</summary>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(double x)
    {
        if (double.IsNaN(x))
        {
            Missing++;
            return;
        }
        Moments.Add(x);
        if (_exact is null)
        {
            _digest!.Add(x);
            return;
        }
        // Runs of equal values are common in sorted or coded data: count them without a lookup.
        if (x == _lastValue)
        {
            _lastRun++;
            return;
        }
        FlushRun();
        if (_exact is null)
        {
            _digest!.Add(x);
            return;
        }
        _lastValue = x;
        _lastRun = 1;
    }

    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void FlushRun()
    {
        if (_lastRun == 0 || _exact is null)
        {
            return;
        }
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_exact, _lastValue, out _) += _lastRun;
        _lastRun = 0;
        if (_exact.Count > ExactLimit)
        {
            SwitchToDigest();
        }
    }

    private void SwitchToDigest()
    {
        _digest = new MergingDigest();
        foreach (var (value, count) in _exact!.OrderBy(e => e.Key))
        {
            _digest.Add(value, count);
        }
        _exact = null;
    }

    /// <summary>
    /// Adds everything <paramref name="other"/> collected (a later part of the same column): exact counts add up
    /// while both are exact; otherwise the other's values or centroids are added to this digest, in a fixed order.
    /// </summary>
    public void Merge(NumericSketch other)
    {
        FlushRun();
        _lastValue = double.NaN;
        other.FlushRun();
        other._lastValue = double.NaN;
        Moments.Merge(other.Moments);
        Missing += other.Missing;
        if (_exact is not null && other._exact is not null)
        {
            foreach (var (value, count) in other._exact.OrderBy(e => e.Key))
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_exact, value, out _) += count;
            }
            if (_exact.Count > ExactLimit)
            {
                SwitchToDigest();
            }
            return;
        }
        if (_exact is not null)
        {
            SwitchToDigest();
        }
        if (other._exact is not null)
        {
            foreach (var (value, count) in other._exact.OrderBy(e => e.Key))
            {
                _digest!.Add(value, count);
            }
            return;
        }
        var (means, weights) = other._digest!.Centroids();
        for (var i = 0; i < means.Length; i++)
        {
            _digest!.Add(means[i], weights[i]);
        }
        // Keep the exact extremes, which centroids only approximate.
        _digest!.IncludeExtremes(other._digest.Min, other._digest.Max);
    }

    /// <summary>
    /// The collected distribution. Exact when the column had at most <paramref name="maxExactValues"/> distinct
    /// values (or at most <paramref name="keepExactUpToCount"/> values in all), otherwise a digest.
    /// </summary>
    public ValueDistribution ToDistribution(int maxExactValues = ExactLimit, long keepExactUpToCount = long.MaxValue)
    {
        FlushRun();
        _lastValue = double.NaN;
        if (_exact is not null)
        {
            var values = _exact.Keys.ToArray();
            Array.Sort(values);
            var counts = new double[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                counts[i] = _exact[values[i]];
            }
            return FromExactCounts(values, counts, maxExactValues, keepExactUpToCount);
        }
        var (means, weights) = _digest!.Centroids();
        return ValueDistribution.Digest(means, weights, _digest.Min, _digest.Max);
    }

    /// <summary>
    /// The distribution of exact counts (distinct values ascending): exact when there are at most
    /// <paramref name="maxExactValues"/> values (or at most <paramref name="keepExactUpToCount"/> values in all), else a
    /// digest of them added in value order, so the same counts always give the same centroids.
    /// </summary>
    public static ValueDistribution FromExactCounts(double[] values, double[] counts, int maxExactValues, long keepExactUpToCount)
    {
        var total = 0.0;
        foreach (var c in counts)
        {
            total += c;
        }
        if (values.Length <= maxExactValues || total <= keepExactUpToCount)
        {
            return ValueDistribution.Exact(values, counts);
        }
        var digest = new MergingDigest();
        for (var i = 0; i < values.Length; i++)
        {
            digest.Add(values[i], counts[i]);
        }
        var (m, w) = digest.Centroids();
        return ValueDistribution.Digest(m, w, values[0], values[^1]);
    }

    /// <summary>The number of distinct values, or null once the sketch has switched to a digest.</summary>
    public int? DistinctCount
    {
        get
        {
            FlushRun();
            _lastValue = double.NaN;
            return _exact?.Count;
        }
    }
}
