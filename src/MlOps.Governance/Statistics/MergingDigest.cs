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
    private bool _bufferHasWeights;
    private double[] _means = [];
    private double[] _weights = [];

    /// <summary>Creates an empty digest; <paramref name="compression"/> δ bounds the centroid count to about δ/2.</summary>
    public MergingDigest(double compression = 300)
    {
        _compression = compression;
        // A large buffer amortises the merge: sorting unit-weight values alone is cheap, merging is linear.
        var capacity = Math.Max(16384, (int)(compression * 10));
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
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(double value, double weight)
    {
        if (_buffered == _bufferMeans.Length)
        {
            Compress();
        }
        _bufferMeans[_buffered] = value;
        _bufferWeights[_buffered] = weight;
        _bufferHasWeights |= weight != 1.0;
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

    /// <summary>Widens <see cref="Min"/> and <see cref="Max"/> to another digest's exact extremes (after adding its centroids).</summary>
    public void IncludeExtremes(double min, double max)
    {
        if (min < Min)
        {
            Min = min;
        }
        if (max > Max)
        {
            Max = max;
        }
    }

    /// <summary>The centroids (means ascending, weights), after merging anything buffered.</summary>
    public (double[] Means, double[] Weights) Centroids()
    {
        Compress();
        return ((double[])_means.Clone(), (double[])_weights.Clone());
    }

    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Compress()
    {
        if (_buffered == 0)
        {
            return;
        }
        var n = _means.Length + _buffered;
        // Reused merge buffers: fresh arrays of this size would land on the large-object heap at every merge,
        // and that heap is only collected with generation 2, so memory would grow with the rows read.
        if (_mergeMeans.Length < n)
        {
            _mergeMeans = new double[n + 1024];
            _mergeWeights = new double[n + 1024];
        }
        var means = _mergeMeans;
        var weights = _mergeWeights;
        var bufferMeans = _bufferMeans.AsSpan(0, _buffered);
        var bufferWeights = _bufferWeights.AsSpan(0, _buffered);
        if (_bufferHasWeights)
        {
            bufferMeans.Sort(bufferWeights);
        }
        else
        {
            RadixSort(bufferMeans, ref _scratchKeys, ref _scratchOut);
        }
        // Merge the sorted centroids with the sorted buffer (ties: centroids first, so the order is fixed).
        int i1 = 0, i2 = 0, k = 0;
        while (i1 < _means.Length || i2 < _buffered)
        {
            if (i2 >= _buffered || (i1 < _means.Length && _means[i1] <= bufferMeans[i2]))
            {
                means[k] = _means[i1];
                weights[k++] = _weights[i1++];
            }
            else
            {
                means[k] = bufferMeans[i2];
                weights[k++] = bufferWeights[i2++];
            }
        }
        _buffered = 0;
        _bufferHasWeights = false;

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

    private double[] _mergeMeans = [];
    private double[] _mergeWeights = [];
    private ulong[]? _scratchKeys;
    private ulong[]? _scratchOut;

    /// <summary>
    /// Sorts doubles ascending by an LSD radix sort on their bits mapped to an order-preserving unsigned key
    /// (about four times faster than a comparison sort for the buffer sizes used; NaN never reaches the digest).
    /// </summary>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void RadixSort(Span<double> values, ref ulong[]? keysBuffer, ref ulong[]? outBuffer)
    {
        var n = values.Length;
        if (keysBuffer is null || keysBuffer.Length < n)
        {
            keysBuffer = new ulong[n];
            outBuffer = new ulong[n];
        }
        var keys = keysBuffer.AsSpan(0, n);
        var temp = outBuffer!.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(values[i] == 0 ? 0.0 : values[i]); // -0.0 sorts as 0.0
            keys[i] = (bits & 0x8000000000000000UL) != 0 ? ~bits : bits | 0x8000000000000000UL;
        }
        Span<int> counts = stackalloc int[256];
        for (var shift = 0; shift < 64; shift += 8)
        {
            counts.Clear();
            foreach (var k in keys)
            {
                counts[(int)((k >> shift) & 0xFF)]++;
            }
            if (counts[(int)((keys[0] >> shift) & 0xFF)] == n)
            {
                continue; // every key has the same byte here: the pass would not move anything
            }
            var sum = 0;
            for (var b = 0; b < 256; b++)
            {
                var c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            foreach (var k in keys)
            {
                temp[counts[(int)((k >> shift) & 0xFF)]++] = k;
            }
            temp.CopyTo(keys);
        }
        for (var i = 0; i < n; i++)
        {
            var k = keys[i];
            var bits = (k & 0x8000000000000000UL) != 0 ? k & 0x7FFFFFFFFFFFFFFFUL : ~k;
            values[i] = BitConverter.Int64BitsToDouble((long)bits);
        }
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
