namespace MlOps.Governance.Statistics;

/// <summary>
/// An immutable summary of one numeric sample that answers the questions drift tests ask: the cumulative
/// share at a value, a quantile, and the points where the distribution changes. Either exact (every distinct
/// value with its count: a step function, so KS, PSI and Wasserstein match scipy exactly) or a t-digest
/// (centroids: a piecewise-linear approximation, see docs/evidence.md for its accuracy).
/// </summary>
public sealed class ValueDistribution
{
    private readonly double[] _cumulative; // cumulative weight up to and including point i (exact) or at its centre (digest)

    private ValueDistribution(bool exact, double[] points, double[] weights, double min, double max)
    {
        IsExact = exact;
        Points = points;
        Weights = weights;
        Min = min;
        Max = max;
        _cumulative = new double[points.Length];
        var running = 0.0;
        for (var i = 0; i < points.Length; i++)
        {
            if (exact)
            {
                running += weights[i];
                _cumulative[i] = running;
            }
            else
            {
                _cumulative[i] = running + weights[i] / 2;
                running += weights[i];
            }
        }
        Count = running;
    }

    /// <summary>An exact distribution from distinct values (ascending) and their counts.</summary>
    public static ValueDistribution Exact(double[] values, double[] counts)
    {
        Validate(values, counts);
        return new ValueDistribution(true, values, counts,
            values.Length == 0 ? double.NaN : values[0], values.Length == 0 ? double.NaN : values[^1]);
    }

    /// <summary>An approximate distribution from t-digest centroids (means ascending, weights) and the sample's extremes.</summary>
    public static ValueDistribution Digest(double[] means, double[] weights, double min, double max)
    {
        Validate(means, weights);
        return new ValueDistribution(false, means, weights, min, max);
    }

    private static void Validate(double[] points, double[] weights)
    {
        if (points.Length != weights.Length)
        {
            throw new ArgumentException("points and weights differ in length.");
        }
        for (var i = 1; i < points.Length; i++)
        {
            if (!(points[i] >= points[i - 1]))
            {
                throw new ArgumentException("points must be ascending.");
            }
        }
    }

    /// <summary>True when every distinct value is kept (a step CDF); false for a digest.</summary>
    public bool IsExact { get; }

    /// <summary>The distinct values (exact) or centroid means (digest), ascending.</summary>
    public IReadOnlyList<double> Points { get; }

    /// <summary>The counts (exact) or centroid weights (digest) of <see cref="Points"/>.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The total count.</summary>
    public double Count { get; }

    /// <summary>The smallest value.</summary>
    public double Min { get; }

    /// <summary>The largest value.</summary>
    public double Max { get; }

    /// <summary>The share of values ≤ <paramref name="x"/> (right-continuous, like numpy's searchsorted side='right').</summary>
    public double Cdf(double x)
    {
        var points = (double[])Points;
        if (points.Length == 0)
        {
            return double.NaN;
        }
        if (IsExact)
        {
            var i = UpperBound(points, x) - 1; // last index with value <= x
            return i < 0 ? 0.0 : _cumulative[i] / Count;
        }
        if (x < Min)
        {
            return 0.0;
        }
        if (x >= Max)
        {
            return 1.0;
        }
        // Piecewise linear through (min, 0), (mean_i, centre_i), (max, total).
        var j = UpperBound(points, x); // first centroid with mean > x
        double x0, y0, x1, y1;
        if (j == 0)
        {
            (x0, y0) = (Min, 0.0);
            (x1, y1) = (points[0], _cumulative[0]);
        }
        else if (j == points.Length)
        {
            (x0, y0) = (points[^1], _cumulative[^1]);
            (x1, y1) = (Max, Count);
        }
        else
        {
            (x0, y0) = (points[j - 1], _cumulative[j - 1]);
            (x1, y1) = (points[j], _cumulative[j]);
        }
        var y = x1 > x0 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0) : y1;
        return Math.Clamp(y / Count, 0.0, 1.0);
    }

    /// <summary>
    /// The <paramref name="p"/>-quantile. Exact: numpy's default 'linear' interpolation between order
    /// statistics. Digest: the inverse of the piecewise-linear CDF.
    /// </summary>
    public double Quantile(double p)
    {
        var points = (double[])Points;
        if (points.Length == 0)
        {
            return double.NaN;
        }
        if (IsExact)
        {
            var h = (Count - 1) * p;
            var lo = Math.Floor(h);
            var a = ValueAtRank(lo);
            var b = ValueAtRank(Math.Min(lo + 1, Count - 1));
            return a + (h - lo) * (b - a);
        }
        var target = p * Count;
        var xs = new List<double>(points.Length + 2) { Min };
        var ys = new List<double>(points.Length + 2) { 0.0 };
        for (var i = 0; i < points.Length; i++)
        {
            xs.Add(points[i]);
            ys.Add(_cumulative[i]);
        }
        xs.Add(Max);
        ys.Add(Count);
        for (var i = 1; i < xs.Count; i++)
        {
            if (ys[i] >= target)
            {
                var dy = ys[i] - ys[i - 1];
                return dy <= 0 ? xs[i] : xs[i - 1] + (xs[i] - xs[i - 1]) * (target - ys[i - 1]) / dy;
            }
        }
        return Max;
    }

    // The value of the (0-based) order statistic at integer rank r.
    private double ValueAtRank(double r)
    {
        var idx = Array.BinarySearch(_cumulative, r + 0.5);
        if (idx < 0)
        {
            idx = ~idx;
        }
        return Points[Math.Min(idx, Points.Count - 1)];
    }

    /// <summary>The points where either distribution changes: where KS and Wasserstein must be evaluated.</summary>
    public static double[] UnionPoints(ValueDistribution a, ValueDistribution b)
    {
        var set = new SortedSet<double>();
        foreach (var d in new[] { a, b })
        {
            foreach (var p in d.Points)
            {
                set.Add(p);
            }
            if (!d.IsExact && d.Points.Count > 0)
            {
                set.Add(d.Min);
                set.Add(d.Max);
            }
        }
        return set.ToArray();
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
