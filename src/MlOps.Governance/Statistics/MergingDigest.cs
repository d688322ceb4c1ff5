namespace MlOps.Governance.Statistics;

/// <summary>
/// A merging t-digest (Dunning &amp; Ertl) with the k1 (arcsine) scale function: a few hundred weighted
/// centroids that summarise any number of values, small near the tails and larger in the middle, so rank
/// error is smallest where drift tests look hardest. Deterministic: the same values in the same order give
/// the same centroids. Mergeable: <see cref="Add(double, double)"/> accepts weighted centroids of another digest.
/// </summary>
public sealed class MergingDigest
{
    private readonly double _compression;
    private readonly double[] _bufferMeans;
    private readonly double[] _bufferWeights;
    private int _buffered;
    private double[] _means = [];
    private double[] _weights = [];

    /// <summary>Creates an empty digest; <paramref name="compression"/> δ bounds the centroid count to about δ/2.</summary>
    public MergingDigest(double compression = 300)
    {
        _compression = compression;
        var capacity = (int)(compression * 10);
        _bufferMeans = new double[capacity];
        _bufferWeights = new double[capacity];
    }

    /// <summary>The total weight added.</summary>
    public double TotalWeight { get; private set; }

    /// <summary>The smallest value added.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>The largest value added.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Adds one value with weight 1.</summary>
    public void Add(double value) => Add(value, 1.0);

    /// <summary>Adds a value (or a centroid of another digest) with a weight.</summary>
    public void Add(double value, double weight)
    {
        if (_buffered == _bufferMeans.Length)
        {
            Compress();
        }
        _bufferMeans[_buffered] = value;
        _bufferWeights[_buffered] = weight;
        _buffered++;
        TotalWeight += weight;
        if (value < Min)
        {
            Min = value;
        }
        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>The centroids (means ascending, weights), after merging anything buffered.</summary>
    public (double[] Means, double[] Weights) Centroids()
    {
        Compress();
        return ((double[])_means.Clone(), (double[])_weights.Clone());
    }

    private void Compress()
    {
        if (_buffered == 0)
        {
            return;
        }
        var n = _means.Length + _buffered;
        var means = new double[n];
        var weights = new double[n];
        _means.CopyTo(means, 0);
        _weights.CopyTo(weights, 0);
        Array.Copy(_bufferMeans, 0, means, _means.Length, _buffered);
        Array.Copy(_bufferWeights, 0, weights, _means.Length, _buffered);
        _buffered = 0;
        Array.Sort(means, weights);

        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            total += weights[i];
        }
        var outMeans = new List<double>((int)_compression);
        var outWeights = new List<double>((int)_compression);
        var curMean = means[0];
        var curWeight = weights[0];
        var soFar = 0.0;
        var limit = WeightLimit(0.0, total);
        for (var i = 1; i < n; i++)
        {
            if (soFar + curWeight + weights[i] <= limit)
            {
                curWeight += weights[i];
                curMean += (means[i] - curMean) * weights[i] / curWeight;
            }
            else
            {
                outMeans.Add(curMean);
                outWeights.Add(curWeight);
                soFar += curWeight;
                limit = WeightLimit(soFar, total);
                curMean = means[i];
                curWeight = weights[i];
            }
        }
        outMeans.Add(curMean);
        outWeights.Add(curWeight);
        _means = outMeans.ToArray();
        _weights = outWeights.ToArray();
    }

    // The cumulative weight a centroid starting at soFar may reach: q(k(q0) + 1) with k(q) = δ/2π · asin(2q − 1).
    private double WeightLimit(double soFar, double total)
    {
        var q0 = soFar / total;
        var k = _compression / (2 * Math.PI) * Math.Asin(Math.Clamp(2 * q0 - 1, -1, 1));
        var k1 = k + 1;
        var q1 = k1 >= _compression / 4 ? 1.0 : (Math.Sin(k1 * 2 * Math.PI / _compression) + 1) / 2;
        return q1 * total;
    }
}
