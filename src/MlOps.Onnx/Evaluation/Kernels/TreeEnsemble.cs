using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>Comparison a branch node makes between the feature value and its threshold.</summary>
internal enum BranchMode : byte
{
    Leq,
    Lt,
    Gte,
    Gt,
    Eq,
    Neq,
    Leaf,
}

/// <summary>The three fields a branch step reads, packed so one cache line serves a whole step.</summary>
internal struct PackedNode<T> where T : unmanaged
{
    public int Feature;
    public int FalseNext;
    public T Threshold;
    public bool MissingTrue;
}

internal enum Aggregate
{
    Sum,
    Average,
    Min,
    Max,
}

/// <summary>
/// A tree ensemble compiled into flat arrays (struct of arrays). Each tree is laid out in pre-order so a
/// node's "true" child is the next node and only the "false" child is stored; a leaf stores the start of
/// its weights. Walking a tree touches three small arrays and no objects.
/// </summary>
/// <typeparam name="T">The comparison type: float when the thresholds are float attributes, else double.</typeparam>
internal sealed class TreeEnsemble<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _feature;      // feature index; -1 for a leaf
    private readonly T[] _threshold;
    private readonly int[] _falseNext;    // branch: index of the false child; leaf: first weight index
    private readonly BranchMode[] _mode;
    private readonly bool[] _missingTrue; // NaN goes to the true child
    private readonly int[] _roots;
    private readonly int[] _weightCount;  // per node (leaves only)
    private readonly int[] _weightTarget;
    private readonly T[] _weightValue;
    private readonly bool _allLeq;
    private readonly bool _hasMissingTracks;

    public TreeEnsemble(NodeContext ctx, string prefix, T[] thresholds, T[] weights)
    {
        var treeIds = ctx.Ints("nodes_treeids");
        var nodeIds = ctx.Ints("nodes_nodeids");
        var featureIds = ctx.Ints("nodes_featureids");
        var modes = ctx.Strings("nodes_modes");
        var trueIds = ctx.Ints("nodes_truenodeids");
        var falseIds = ctx.Ints("nodes_falsenodeids");
        var missing = ctx.Ints("nodes_missing_value_tracks_true");
        var n = treeIds.Length;
        if (n == 0)
        {
            throw ctx.Fail("has no nodes (nodes_treeids is empty).");
        }
        foreach (var (name, length) in new[] { ("nodes_nodeids", nodeIds.Length), ("nodes_featureids", featureIds.Length), ("nodes_modes", modes.Length),
                     ("nodes_truenodeids", trueIds.Length), ("nodes_falsenodeids", falseIds.Length), ("nodes_values", thresholds.Length) })
        {
            if (length != n)
            {
                throw ctx.Fail($"attribute {name} has {length} entries but nodes_treeids has {n}.");
            }
        }
        if (missing.Length != 0 && missing.Length != n)
        {
            throw ctx.Fail($"attribute nodes_missing_value_tracks_true has {missing.Length} entries but nodes_treeids has {n}.");
        }
        var targetTrees = ctx.Ints(prefix + "_treeids");
        var targetNodes = ctx.Ints(prefix + "_nodeids");
        var targetIds = ctx.Ints(prefix + "_ids");
        if (targetTrees.Length != targetNodes.Length || targetTrees.Length != targetIds.Length || targetTrees.Length != weights.Length)
        {
            throw ctx.Fail($"attributes {prefix}_treeids, {prefix}_nodeids, {prefix}_ids and {prefix}_weights must have the same length.");
        }

        var index = new Dictionary<(long Tree, long Node), int>();
        var parsedModes = new BranchMode[n];
        for (var i = 0; i < n; i++)
        {
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i))
            {
                throw ctx.Fail($"node {nodeIds[i]} of tree {treeIds[i]} is defined twice.");
            }
            parsedModes[i] = modes[i] switch
            {
                "BRANCH_LEQ" => BranchMode.Leq,
                "BRANCH_LT" => BranchMode.Lt,
                "BRANCH_GTE" => BranchMode.Gte,
                "BRANCH_GT" => BranchMode.Gt,
                "BRANCH_EQ" => BranchMode.Eq,
                "BRANCH_NEQ" => BranchMode.Neq,
                "LEAF" => BranchMode.Leaf,
                _ => throw ctx.Fail($"node {nodeIds[i]} of tree {treeIds[i]} has unknown mode '{modes[i]}'."),
            };
            if (parsedModes[i] != BranchMode.Leaf && (featureIds[i] < 0 || featureIds[i] > int.MaxValue))
            {
                throw ctx.Fail($"node {nodeIds[i]} of tree {treeIds[i]} has invalid feature id {featureIds[i]}.");
            }
        }
        var leafWeights = new List<(int Target, T Value)>[n];
        for (var w = 0; w < targetTrees.Length; w++)
        {
            if (!index.TryGetValue((targetTrees[w], targetNodes[w]), out var leaf))
            {
                throw ctx.Fail($"{prefix} weight {w} refers to node {targetNodes[w]} of tree {targetTrees[w]}, which does not exist.");
            }
            if (targetIds[w] < 0 || targetIds[w] > int.MaxValue)
            {
                throw ctx.Fail($"{prefix} weight {w} has invalid target/class id {targetIds[w]}.");
            }
            (leafWeights[leaf] ??= []).Add(((int)targetIds[w], weights[w]));
        }
        MaxTarget = targetIds.Length == 0 ? -1 : (int)targetIds.Max();
        MaxFeature = (int)featureIds.Where((_, i) => parsedModes[i] != BranchMode.Leaf).DefaultIfEmpty(-1).Max();

        // Roots: the first node of each run of equal tree ids, in file order (as ONNX Runtime does).
        var roots = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || treeIds[i] != treeIds[i - 1])
            {
                roots.Add(i);
            }
        }

        // Lay every tree out in pre-order (true child first), detecting cycles and dangling references.
        var feature = new List<int>(n);
        var threshold = new List<T>(n);
        var falseNext = new List<int>(n);
        var mode = new List<BranchMode>(n);
        var missingTrue = new List<bool>(n);
        var weightCount = new List<int>(n);
        var weightTarget = new List<int>();
        var weightValue = new List<T>();
        var rootStarts = new List<int>();
        foreach (var root in roots)
        {
            rootStarts.Add(feature.Count);
            var onPath = new HashSet<int>();
            var visited = new HashSet<int>();
            Emit(root, 0);

            int Emit(int node, int depth)
            {
                if (depth > 10_000 || !visited.Add(node))
                {
                    throw ctx.Fail($"tree {treeIds[root]} is not a tree: node {nodeIds[node]} is reached twice (a cycle or shared subtree).");
                }
                var at = feature.Count;
                var m = parsedModes[node];
                mode.Add(m);
                missingTrue.Add(missing.Length > 0 && missing[node] == 1);
                threshold.Add(thresholds[node]);
                if (m == BranchMode.Leaf)
                {
                    feature.Add(-1);
                    falseNext.Add(weightTarget.Count);
                    var ws = leafWeights[node];
                    weightCount.Add(ws?.Count ?? 0);
                    if (ws is not null)
                    {
                        foreach (var (target, value) in ws)
                        {
                            weightTarget.Add(target);
                            weightValue.Add(value);
                        }
                    }
                    return at;
                }
                feature.Add((int)featureIds[node]);
                falseNext.Add(-1);
                weightCount.Add(0);
                var t = Child(node, trueIds[node], "true");
                var f = Child(node, falseIds[node], "false");
                Emit(t, depth + 1);
                falseNext[at] = Emit(f, depth + 1);
                return at;
            }

            int Child(int node, long childId, string which)
            {
                if (!index.TryGetValue((treeIds[node], childId), out var child) || child == node)
                {
                    throw ctx.Fail($"node {nodeIds[node]} of tree {treeIds[node]} has {which} child {childId}, which is not a node of the same tree.");
                }
                return child;
            }
        }
        _feature = feature.ToArray();
        _threshold = threshold.ToArray();
        _falseNext = falseNext.ToArray();
        _mode = mode.ToArray();
        _missingTrue = missingTrue.ToArray();
        _weightCount = weightCount.ToArray();
        _weightTarget = weightTarget.ToArray();
        _weightValue = weightValue.ToArray();
        _roots = rootStarts.ToArray();
        _allLeq = _mode.All(m => m is BranchMode.Leq or BranchMode.Leaf);
        _hasMissingTracks = _missingTrue.Any(m => m);
        _packed = new PackedNode<T>[_feature.Length];
        for (var i = 0; i < _packed.Length; i++)
        {
            _packed[i] = new PackedNode<T> { Feature = _feature[i], FalseNext = _falseNext[i], Threshold = _threshold[i], MissingTrue = _missingTrue[i] };
        }
        _leafValue = new T[_feature.Length];
        _leafTarget = new int[_feature.Length];
        _oneWeightPerLeaf = true;
        for (var i = 0; i < _feature.Length; i++)
        {
            if (_feature[i] < 0 && _weightCount[i] > 0)
            {
                _leafValue[i] = _weightValue[_falseNext[i]];
                _leafTarget[i] = _weightTarget[_falseNext[i]];
            }
            if (_feature[i] < 0 && _weightCount[i] != 1)
            {
                _oneWeightPerLeaf = false;
            }
        }
    }

    private readonly T[] _leafValue;   // a leaf's first weight (the single-target fast path)
    private readonly PackedNode<T>[] _packed;
    private readonly int[] _leafTarget;       // a leaf's first weight's target
    private readonly bool _oneWeightPerLeaf;  // every leaf holds exactly one weight  // feature/falseNext/threshold side by side for the BRANCH_LEQ walk

    public int TreeCount => _roots.Length;

    /// <summary>The largest target/class id any leaf writes.</summary>
    public int MaxTarget { get; }

    /// <summary>The largest feature index any branch reads (-1 when none).</summary>
    public int MaxFeature { get; }

    /// <summary>Walks tree <paramref name="tree"/> for one row and returns the leaf node index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Leaf(int tree, ReadOnlySpan<T> row)
    {
        var n = _roots[tree];
        var feature = _feature;
        var threshold = _threshold;
        var falseNext = _falseNext;
        if (_allLeq && !_hasMissingTracks)
        {
            // The common case (scikit-learn, XGBoost without missing tracks): one comparison per level.
            int f;
            while ((f = feature[n]) >= 0)
            {
                n = row[f] <= threshold[n] ? n + 1 : falseNext[n];
            }
            return n;
        }
        while (feature[n] >= 0)
        {
            var x = row[feature[n]];
            var t = threshold[n];
            bool goTrue;
            if (T.IsNaN(x) && _missingTrue[n])
            {
                goTrue = true;
            }
            else
            {
                goTrue = _mode[n] switch
                {
                    BranchMode.Leq => x <= t,
                    BranchMode.Lt => x < t,
                    BranchMode.Gte => x >= t,
                    BranchMode.Gt => x > t,
                    BranchMode.Eq => x == t,
                    _ => x != t,
                };
            }
            n = goTrue ? n + 1 : falseNext[n];
        }
        return n;
    }

    public int WeightStart(int leaf) => _falseNext[leaf];

    public int WeightCount(int leaf) => _weightCount[leaf];

    public int WeightTarget(int w) => _weightTarget[w];

    public T WeightValue(int w) => _weightValue[w];

    /// <summary>
    /// Aggregates every tree into <paramref name="scores"/> [rows, targets] and <paramref name="hasScore"/>.
    /// Rows are processed in blocks, trees in file order within a block, so each row's sum is taken in tree
    /// order (the order ONNX Runtime uses single-threaded) whatever the batch size or thread count.
    /// With one target, a leaf contributes its first weight only, as in ONNX Runtime.
    /// </summary>
    /// <remarks>The caller guarantees every feature index is below <paramref name="stride"/> (see <see cref="MaxFeature"/>).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Accumulate(ReadOnlySpan<T> x, int rows, int stride, int targets, Aggregate aggregate, T[] scores, bool[] hasScore)
    {
        const int Block = 128;
        if ((long)rows * stride > x.Length || MaxFeature >= stride)
        {
            throw new EvaluationException("the input is smaller than the trees need");
        }
        var sum = aggregate is Aggregate.Sum or Aggregate.Average;
        var leaves = stackalloc int[Block];
        fixed (T* px = x)
        {
            for (var start = 0; start < rows; start += Block)
            {
                var end = Math.Min(rows, start + Block);
                for (var tree = 0; tree < _roots.Length; tree++)
                {
                    if (_allLeq)
                    {
                        LeavesLeq(px, stride, start, end, _roots[tree], leaves);
                    }
                    else
                    {
                        for (var r = start; r < end; r++)
                        {
                            leaves[r - start] = Leaf(tree, x.Slice(r * stride, stride));
                        }
                    }
                    if (targets == 1 && sum)
                    {
                        for (var r = start; r < end; r++)
                        {
                            scores[r] += _leafValue[leaves[r - start]];
                        }
                        continue;
                    }
                    if (sum && _oneWeightPerLeaf)
                    {
                        // One weight per leaf (scikit-learn binary forests, boosted multi-class trees): no inner loop.
                        for (var r = start; r < end; r++)
                        {
                            var leaf = leaves[r - start];
                            var o = (r * targets) + _leafTarget[leaf];
                            scores[o] += _leafValue[leaf];
                            hasScore[o] = true;
                        }
                        continue;
                    }
                    for (var r = start; r < end; r++)
                    {
                        var leaf = leaves[r - start];
                        var w0 = _falseNext[leaf];
                        var count = targets == 1 ? Math.Min(1, _weightCount[leaf]) : _weightCount[leaf];
                        for (var w = w0; w < w0 + count; w++)
                        {
                            var o = (r * targets) + (targets == 1 ? 0 : _weightTarget[w]);
                            var v = _weightValue[w];
                            switch (aggregate)
                            {
                                case Aggregate.Min:
                                    scores[o] = !hasScore[o] || v < scores[o] ? v : scores[o];
                                    break;
                                case Aggregate.Max:
                                    scores[o] = !hasScore[o] || v > scores[o] ? v : scores[o];
                                    break;
                                default:
                                    scores[o] += v;
                                    break;
                            }
                            hasScore[o] = true;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Leaves of one all-BRANCH_LEQ tree for rows [start, end), walking four rows in lock step so the
    /// dependent loads of different rows overlap. NaN follows the missing-value track when one is set.
    /// </summary>
    /// <summary>
    /// The next node without a branch: the comparison is data-dependent and mispredicts half the time,
    /// which costs more than the arithmetic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(int n, bool goTrue, int falseNext)
    {
        var keep = (goTrue ? 1 : 0) - 1; // 0 when true, -1 when false
        return n + 1 + ((falseNext - n - 1) & keep);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void LeavesLeq(T* x, int stride, int start, int end, int root, int* leaves)
    {
        fixed (PackedNode<T>* nodes = _packed)
        {
            var r = start;
            var tracks = _hasMissingTracks;
            {
                for (; r + 4 <= end; r += 4)
                {
                    int n0 = root, n1 = root, n2 = root, n3 = root;
                    T* x0 = x + ((long)r * stride), x1 = x0 + stride, x2 = x1 + stride, x3 = x2 + stride;
                    while (true)
                    {
                        PackedNode<T>* p0 = nodes + n0, p1 = nodes + n1, p2 = nodes + n2, p3 = nodes + n3;
                        int f0 = p0->Feature, f1 = p1->Feature, f2 = p2->Feature, f3 = p3->Feature;
                        if ((f0 & f1 & f2 & f3) < 0)
                        {
                            break;
                        }
                        if (f0 >= 0)
                        {
                            var v0 = x0[f0];
                            n0 = Next(n0, (v0 <= p0->Threshold) | (tracks & p0->MissingTrue & T.IsNaN(v0)), p0->FalseNext);
                        }
                        if (f1 >= 0)
                        {
                            var v1 = x1[f1];
                            n1 = Next(n1, (v1 <= p1->Threshold) | (tracks & p1->MissingTrue & T.IsNaN(v1)), p1->FalseNext);
                        }
                        if (f2 >= 0)
                        {
                            var v2 = x2[f2];
                            n2 = Next(n2, (v2 <= p2->Threshold) | (tracks & p2->MissingTrue & T.IsNaN(v2)), p2->FalseNext);
                        }
                        if (f3 >= 0)
                        {
                            var v3 = x3[f3];
                            n3 = Next(n3, (v3 <= p3->Threshold) | (tracks & p3->MissingTrue & T.IsNaN(v3)), p3->FalseNext);
                        }
                    }
                    leaves[r - start] = n0;
                    leaves[r - start + 1] = n1;
                    leaves[r - start + 2] = n2;
                    leaves[r - start + 3] = n3;
                }
            }
            for (; r < end; r++)
            {
                var n = root;
                var row = x + ((long)r * stride);
                int f;
                while ((f = nodes[n].Feature) >= 0)
                {
                    var v = row[f];
                    n = Next(n, (v <= nodes[n].Threshold) | (nodes[n].MissingTrue & T.IsNaN(v)), nodes[n].FalseNext);
                }
                leaves[r - start] = n;
            }
        }
    }
}
