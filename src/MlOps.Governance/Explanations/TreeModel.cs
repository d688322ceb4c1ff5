using MlOps.Onnx;

namespace MlOps.Governance.Explanations;

/// <summary>
/// The trees of an ONNX TreeEnsembleClassifier/Regressor reduced to the one output being explained, in flat arrays
/// (pre-order, explicit children) so that walking and TreeSHAP touch no objects. A leaf's value is the weight it adds
/// to that output, already scaled (1/n for an averaging ensemble, the sign or slope of the margin), so the margin of a
/// row is the sum of its leaves' values plus a constant the explainer keeps.
/// </summary>
internal sealed class TreeModel
{
    private enum Mode : byte { Leq, Lt, Gte, Gt, Eq, Neq, Leaf }

    private readonly int[] _feature;     // slot read by a branch; -1 for a leaf
    private readonly double[] _threshold;
    private readonly Mode[] _mode;
    private readonly bool[] _missingTrue;
    private readonly int[] _trueChild;
    private readonly int[] _falseChild;
    private readonly double[] _value;    // leaf value (0 for branches)
    private readonly int[] _roots;

    private TreeModel(int[] feature, double[] threshold, Mode[] mode, bool[] missingTrue, int[] trueChild, int[] falseChild,
        double[] value, int[] roots, int maxDepth)
    {
        _feature = feature;
        _threshold = threshold;
        _mode = mode;
        _missingTrue = missingTrue;
        _trueChild = trueChild;
        _falseChild = falseChild;
        _value = value;
        _roots = roots;
        MaxDepth = maxDepth;
    }

    /// <summary>The number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>The number of nodes of all trees.</summary>
    public int NodeCount => _feature.Length;

    /// <summary>The deepest leaf's depth (the root is at depth 0).</summary>
    public int MaxDepth { get; }

    /// <summary>The largest slot a branch reads (-1 when none does).</summary>
    public int MaxSlot => _feature.DefaultIfEmpty(-1).Max();

    internal ReadOnlySpan<int> Roots => _roots;

    internal ReadOnlySpan<int> Feature => _feature;

    internal ReadOnlySpan<int> TrueChild => _trueChild;

    internal ReadOnlySpan<int> FalseChild => _falseChild;

    internal ReadOnlySpan<double> Value => _value;

    /// <summary>
    /// Reads the trees of <paramref name="node"/>: <paramref name="prefix"/> is <c>class</c> or <c>target</c>; a leaf's
    /// value is <paramref name="scale"/> × the sum of its weights for output <paramref name="target"/>.
    /// </summary>
    /// <returns>The trees, or null with the reason when the attributes are inconsistent.</returns>
    public static TreeModel? TryRead(OnnxNode node, string prefix, int target, double scale, out string whyNot)
    {
        var treeIds = Ints(node, "nodes_treeids");
        var nodeIds = Ints(node, "nodes_nodeids");
        var featureIds = Ints(node, "nodes_featureids");
        var modes = node.Attribute("nodes_modes")?.Strings ?? [];
        var trueIds = Ints(node, "nodes_truenodeids");
        var falseIds = Ints(node, "nodes_falsenodeids");
        var missing = Ints(node, "nodes_missing_value_tracks_true");
        var thresholds = Doubles(node, "nodes_values");
        var n = treeIds.Count;
        if (n == 0 || nodeIds.Count != n || featureIds.Count != n || modes.Count != n || trueIds.Count != n || falseIds.Count != n
            || thresholds.Length != n || (missing.Count != 0 && missing.Count != n))
        {
            whyNot = "the tree ensemble's node attributes are empty or of different lengths";
            return null;
        }
        var weightTrees = Ints(node, prefix + "_treeids");
        var weightNodes = Ints(node, prefix + "_nodeids");
        var weightIds = Ints(node, prefix + "_ids");
        var weights = Doubles(node, prefix + "_weights");
        if (weightTrees.Count != weights.Length || weightNodes.Count != weights.Length || weightIds.Count != weights.Length)
        {
            whyNot = $"the tree ensemble's {prefix} weight attributes are of different lengths";
            return null;
        }

        var index = new Dictionary<(long Tree, long Node), int>(n);
        for (var i = 0; i < n; i++)
        {
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i))
            {
                whyNot = $"node {nodeIds[i]} of tree {treeIds[i]} is defined twice";
                return null;
            }
        }
        var leafValue = new double[n];
        for (var w = 0; w < weights.Length; w++)
        {
            if (!index.TryGetValue((weightTrees[w], weightNodes[w]), out var leaf))
            {
                whyNot = $"a {prefix} weight refers to node {weightNodes[w]} of tree {weightTrees[w]}, which does not exist";
                return null;
            }
            if (weightIds[w] == target)
            {
                leafValue[leaf] += weights[w];
            }
        }

        var feature = new List<int>(n);
        var threshold = new List<double>(n);
        var mode = new List<Mode>(n);
        var missingTrue = new List<bool>(n);
        var trueChild = new List<int>(n);
        var falseChild = new List<int>(n);
        var value = new List<double>(n);
        var roots = new List<int>();
        var maxDepth = 0;
        string? failure = null;
        var visited = new HashSet<int>();
        // Roots: the first node of each run of equal tree ids, in file order (as ONNX Runtime and the evaluator do).
        for (var i = 0; i < n && failure is null; i++)
        {
            if (i == 0 || treeIds[i] != treeIds[i - 1])
            {
                visited.Clear();
                roots.Add(Emit(i, 0));
            }

            int Emit(int at, int depth)
            {
                if (failure is not null)
                {
                    return -1;
                }
                if (depth > 1000 || !visited.Add(at))
                {
                    failure = $"tree {treeIds[at]} is not a tree (node {nodeIds[at]} is reached twice)";
                    return -1;
                }
                var self = feature.Count;
                var m = ParseMode(modes[at]);
                if (m is null)
                {
                    failure = $"node {nodeIds[at]} of tree {treeIds[at]} has the unknown mode '{modes[at]}'";
                    return -1;
                }
                mode.Add(m.Value);
                threshold.Add(thresholds[at]);
                missingTrue.Add(missing.Count > 0 && missing[at] == 1);
                trueChild.Add(-1);
                falseChild.Add(-1);
                if (m == Mode.Leaf)
                {
                    feature.Add(-1);
                    value.Add(scale * leafValue[at]);
                    maxDepth = Math.Max(maxDepth, depth);
                    return self;
                }
                if (featureIds[at] is < 0 or > int.MaxValue)
                {
                    failure = $"node {nodeIds[at]} of tree {treeIds[at]} reads the invalid feature {featureIds[at]}";
                    return -1;
                }
                feature.Add((int)featureIds[at]);
                value.Add(0);
                if (!index.TryGetValue((treeIds[at], trueIds[at]), out var t) || !index.TryGetValue((treeIds[at], falseIds[at]), out var f))
                {
                    failure = $"node {nodeIds[at]} of tree {treeIds[at]} has a child that is not a node of the same tree";
                    return -1;
                }
                trueChild[self] = Emit(t, depth + 1);
                falseChild[self] = Emit(f, depth + 1);
                return self;
            }
        }
        if (failure is not null)
        {
            whyNot = failure;
            return null;
        }
        whyNot = "";
        return new TreeModel([.. feature], [.. threshold], [.. mode], [.. missingTrue], [.. trueChild], [.. falseChild], [.. value], [.. roots], maxDepth);
    }

    /// <summary>Multiplies every leaf value by <paramref name="factor"/> (a calibration slope applied to the margin).</summary>
    public void Scale(double factor)
    {
        for (var i = 0; i < _value.Length; i++)
        {
            _value[i] *= factor;
        }
    }

    /// <summary>Whether row <paramref name="x"/> goes to the true child of branch <paramref name="node"/>, as the evaluator decides.</summary>
    public bool GoesTrue(int node, ReadOnlySpan<double> x)
    {
        var v = x[_feature[node]];
        if (double.IsNaN(v) && _missingTrue[node])
        {
            return true;
        }
        var t = _threshold[node];
        return _mode[node] switch
        {
            Mode.Leq => v <= t,
            Mode.Lt => v < t,
            Mode.Gte => v >= t,
            Mode.Gt => v > t,
            Mode.Eq => v == t,
            _ => v != t,
        };
    }

    /// <summary>The sum of the leaves <paramref name="x"/> reaches, one per tree.</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        foreach (var root in _roots)
        {
            var n = root;
            while (_feature[n] >= 0)
            {
                n = GoesTrue(n, x) ? _trueChild[n] : _falseChild[n];
            }
            sum += _value[n];
        }
        return sum;
    }

    /// <summary>Adds to <paramref name="hits"/> (one per node) the nodes <paramref name="x"/> passes through.</summary>
    public void CountHits(ReadOnlySpan<double> x, double[] hits)
    {
        foreach (var root in _roots)
        {
            var n = root;
            hits[n]++;
            while (_feature[n] >= 0)
            {
                n = GoesTrue(n, x) ? _trueChild[n] : _falseChild[n];
                hits[n]++;
            }
        }
    }

    private static Mode? ParseMode(string mode) => mode switch
    {
        "BRANCH_LEQ" => Mode.Leq,
        "BRANCH_LT" => Mode.Lt,
        "BRANCH_GTE" => Mode.Gte,
        "BRANCH_GT" => Mode.Gt,
        "BRANCH_EQ" => Mode.Eq,
        "BRANCH_NEQ" => Mode.Neq,
        "LEAF" => Mode.Leaf,
        _ => null,
    };

    private static IReadOnlyList<long> Ints(OnnxNode node, string name) => node.Attribute(name)?.Ints ?? [];

    /// <summary>A float-list attribute or its <c>_as_tensor</c> (double) form.</summary>
    internal static double[] Doubles(OnnxNode node, string name) =>
        node.Attribute(name + "_as_tensor")?.Tensor is { } tensor
            ? tensor.ToDoubleArray()
            : (node.Attribute(name)?.Floats ?? []).Select(f => (double)f).ToArray();
}
