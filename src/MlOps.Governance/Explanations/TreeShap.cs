namespace MlOps.Governance.Explanations;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent individualized feature attribution for
/// tree ensembles", Algorithm 2): the Shapley values of v(S) = E[f(x) | x_S], where the expectation follows x's
/// branch at a split on a feature in S and otherwise weighs both branches by the share of the background rows that
/// took each (the node covers). Polynomial time: O(trees × leaves × depth²) per row.
/// </summary>
/// <remarks>
/// ONNX tree ensembles carry no node hit counts, so the covers are counted by passing background data through the
/// trees. A node no background row reached splits its (zero) weight evenly between its children: any fixed split
/// keeps local accuracy, because the expected value is computed with the same fractions.
/// </remarks>
internal sealed class TreeShap
{
    // 1/k for the path lengths: the recursion's inner loops multiply instead of dividing (divisions dominate otherwise).
    private readonly double[] _inverse;
    private readonly TreeModel _trees;
    private readonly double[] _trueFraction;   // cover(true child) / cover(node)
    private readonly double[] _falseFraction;  // cover(false child) / cover(node)
    private readonly int _pathCapacity;

    /// <summary>The trees with the covers of <paramref name="hits"/> (per node, from the background data).</summary>
    public TreeShap(TreeModel trees, double[] hits)
    {
        _trees = trees;
        var count = trees.NodeCount;
        _trueFraction = new double[count];
        _falseFraction = new double[count];
        var feature = trees.Feature;
        for (var n = 0; n < count; n++)
        {
            if (feature[n] < 0)
            {
                continue;
            }
            if (hits[n] > 0)
            {
                _trueFraction[n] = hits[trees.TrueChild[n]] / hits[n];
                _falseFraction[n] = hits[trees.FalseChild[n]] / hits[n];
            }
            else
            {
                _trueFraction[n] = _falseFraction[n] = 0.5;
            }
        }
        _inverse = new double[trees.MaxDepth + 4];
        for (var k = 1; k < _inverse.Length; k++)
        {
            _inverse[k] = 1.0 / k;
        }
        var levels = trees.MaxDepth + 2;
        _pathCapacity = levels * (levels + 1) / 2;
        ExpectedValue = 0;
        foreach (var root in trees.Roots)
        {
            ExpectedValue += Expectation(root);
        }
    }

    /// <summary>The sum over trees of each tree's expected leaf value (with the cover fractions).</summary>
    public double ExpectedValue { get; }

    /// <summary>Buffers for one thread's rows (allocated once per batch, not per row).</summary>
    public Workspace CreateWorkspace() => new(_pathCapacity);

    /// <summary>Adds the Shapley value of every slot of row <paramref name="x"/> to <paramref name="phi"/> (slot-indexed).</summary>
    public void Explain(ReadOnlySpan<double> x, Span<double> phi, Workspace workspace)
    {
        foreach (var root in _trees.Roots)
        {
            Recurse(root, x, phi, workspace, parentStart: 0, depth: 0, parentZero: 1, parentOne: 1, parentFeature: -1, start: 0);
        }
    }

    private double Expectation(int node)
    {
        var feature = _trees.Feature;
        if (feature[node] < 0)
        {
            return _trees.Value[node];
        }
        return (_trueFraction[node] * Expectation(_trees.TrueChild[node])) + (_falseFraction[node] * Expectation(_trees.FalseChild[node]));
    }

    // The path of a call lives at [start, start + depth] of the workspace; its children's paths start right after it.
    private void Recurse(int node, ReadOnlySpan<double> x, Span<double> phi, Workspace w, int parentStart, int depth,
        double parentZero, double parentOne, int parentFeature, int start)
    {
        var features = w.Features;
        var zeros = w.Zeros;
        var ones = w.Ones;
        var weights = w.Weights;
        if (start != parentStart)
        {
            Array.Copy(features, parentStart, features, start, depth);
            Array.Copy(zeros, parentStart, zeros, start, depth);
            Array.Copy(ones, parentStart, ones, start, depth);
            Array.Copy(weights, parentStart, weights, start, depth);
        }
        Extend(w, start, depth, parentZero, parentOne, parentFeature);

        var split = _trees.Feature[node];
        if (split < 0)
        {
            var value = _trees.Value[node];
            for (var i = 1; i <= depth; i++)
            {
                var sum = UnwoundSum(w, start, depth, i);
                phi[features[start + i]] += sum * (ones[start + i] - zeros[start + i]) * value;
            }
            return;
        }

        var goesTrue = _trees.GoesTrue(node, x);
        var hot = goesTrue ? _trees.TrueChild[node] : _trees.FalseChild[node];
        var cold = goesTrue ? _trees.FalseChild[node] : _trees.TrueChild[node];
        var hotZero = goesTrue ? _trueFraction[node] : _falseFraction[node];
        var coldZero = goesTrue ? _falseFraction[node] : _trueFraction[node];
        double incomingZero = 1, incomingOne = 1;

        // A feature already on the path is taken off and put back with both splits' fractions multiplied.
        var at = 0;
        while (at <= depth && features[start + at] != split)
        {
            at++;
        }
        if (at <= depth)
        {
            incomingZero = zeros[start + at];
            incomingOne = ones[start + at];
            Unwind(w, start, depth, at);
            depth--;
        }
        var childStart = start + depth + 2;
        // A branch that neither x nor any background row takes adds nothing (and would divide zero by zero).
        if (hotZero * incomingZero != 0 || incomingOne != 0)
        {
            Recurse(hot, x, phi, w, start, depth + 1, hotZero * incomingZero, incomingOne, split, childStart);
        }
        if (coldZero * incomingZero != 0)
        {
            Recurse(cold, x, phi, w, start, depth + 1, coldZero * incomingZero, 0, split, childStart);
        }
    }

    private void Extend(Workspace w, int start, int depth, double zero, double one, int feature)
    {
        var weights = w.Weights.AsSpan(start, depth + 1);
        w.Features[start + depth] = feature;
        w.Zeros[start + depth] = zero;
        w.Ones[start + depth] = one;
        weights[depth] = depth == 0 ? 1 : 0;
        var inverse = _inverse[depth + 1];
        for (var i = depth - 1; i >= 0; i--)
        {
            weights[i + 1] += one * weights[i] * (i + 1) * inverse;
            weights[i] = zero * weights[i] * (depth - i) * inverse;
        }
    }

    private void Unwind(Workspace w, int start, int depth, int index)
    {
        var weights = w.Weights.AsSpan(start, depth + 1);
        var one = w.Ones[start + index];
        var zero = w.Zeros[start + index];
        var next = weights[depth];
        var scaled = (depth + 1) * (one != 0 ? 1 / one : 1 / zero);
        var inverse = _inverse[depth + 1];
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var previous = weights[i];
                weights[i] = next * scaled * _inverse[i + 1];
                next = previous - (weights[i] * zero * (depth - i) * inverse);
            }
            else
            {
                weights[i] = weights[i] * scaled * _inverse[depth - i];
            }
        }
        for (var i = index; i < depth; i++)
        {
            w.Features[start + i] = w.Features[start + i + 1];
            w.Zeros[start + i] = w.Zeros[start + i + 1];
            w.Ones[start + i] = w.Ones[start + i + 1];
        }
    }

    private double UnwoundSum(Workspace w, int start, int depth, int index)
    {
        var weights = w.Weights.AsSpan(start, depth + 1);
        var one = w.Ones[start + index];
        var zero = w.Zeros[start + index];
        var next = weights[depth];
        var total = 0.0;
        if (one != 0)
        {
            var inverseOne = 1 / one;
            for (var i = depth - 1; i >= 0; i--)
            {
                var part = next * inverseOne * _inverse[i + 1];
                total += part;
                next = weights[i] - (part * zero * (depth - i));
            }
        }
        else
        {
            var inverseZero = 1 / zero;
            for (var i = depth - 1; i >= 0; i--)
            {
                total += weights[i] * inverseZero * _inverse[depth - i];
            }
        }
        return total * (depth + 1);
    }

    /// <summary>The path buffers of the recursion: every level's path, one after the other.</summary>
    internal sealed class Workspace(int capacity)
    {
        public int[] Features { get; } = new int[capacity];

        public double[] Zeros { get; } = new double[capacity];

        public double[] Ones { get; } = new double[capacity];

        public double[] Weights { get; } = new double[capacity];
    }
}
