using System.Globalization;
using System.Text;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Tests.Explanations;

/// <summary>One node of a test tree: a branch (x[Feature] &lt;= Threshold goes to True) or a leaf (Feature -1).</summary>
internal sealed record TestNode(int Feature, double Threshold, int True, int False, double Value)
{
    public bool IsLeaf => Feature < 0;
}

/// <summary>
/// Models with a featurizer like the ones scikit-learn and ML.NET export (three numeric columns a, b, c; a text column
/// colour one-hot encoded into three slots; a FeatureVectorizer) and a final estimator built from test trees or
/// coefficients, with data to feed them. Slots: [a, b, c, colour=red, colour=green, colour=blue].
/// </summary>
internal static class ExplainedModels
{
    public const string Ml = "ai.onnx.ml";
    public static readonly string[] Colours = ["red", "green", "blue"];
    public static readonly string[] Columns = ["a", "b", "c", "colour"];
    public const int Slots = 6;

    public sealed record Row(float A, float B, float C, string Colour)
    {
        public double[] Slots() => [A, B, C, Colour == "red" ? 1 : 0, Colour == "green" ? 1 : 0, Colour == "blue" ? 1 : 0];
    }

    public static List<Row> Rows(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new Row(
            (float)Math.Round(random.NextDouble(), 3), (float)Math.Round(random.NextDouble(), 3), (float)Math.Round(random.NextDouble(), 3),
            Colours[random.Next(3)])).ToList();
    }

    public static string WriteCsv(string folder, string name, IEnumerable<Row> rows)
    {
        var text = new StringBuilder("a,b,c,colour\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.A:R},{r.B:R},{r.C:R},{r.Colour}\n");
        }
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static IReadOnlyDictionary<string, OnnxValue> Inputs(IReadOnlyList<Row> rows) => new Dictionary<string, OnnxValue>
    {
        ["a"] = new Tensor<float>(rows.Select(r => r.A).ToArray(), [rows.Count, 1]),
        ["b"] = new Tensor<float>(rows.Select(r => r.B).ToArray(), [rows.Count, 1]),
        ["c"] = new Tensor<float>(rows.Select(r => r.C).ToArray(), [rows.Count, 1]),
        ["colour"] = new Tensor<string>(rows.Select(r => r.Colour).ToArray(), [rows.Count, 1]),
    };

    /// <summary>A random tree of depth <paramref name="depth"/> over the slots (thresholds where the data lies; one-hot slots at 0.5).</summary>
    public static List<TestNode> RandomTree(Random random, int depth, Func<Random, double> leaf)
    {
        var nodes = new List<TestNode>();
        Grow(0);
        return nodes;

        int Grow(int level)
        {
            var at = nodes.Count;
            if (level == depth)
            {
                // Leaf values as ONNX stores them (single precision), so references computed in double agree to 1e-9.
                nodes.Add(new TestNode(-1, 0, -1, -1, (float)leaf(random)));
                return at;
            }
            var feature = random.Next(Slots);
            var threshold = feature < 3 ? (float)Math.Round(0.1 + (0.8 * random.NextDouble()), 2) : 0.5f;
            nodes.Add(null!);
            var t = Grow(level + 1);
            var f = Grow(level + 1);
            nodes[at] = new TestNode(feature, threshold, t, f, 0);
            return at;
        }
    }

    /// <summary>The ONNX attributes of <paramref name="trees"/>; <paramref name="weights"/> gives each leaf's (class/target id, weight) pairs.</summary>
    public static List<OnnxAttribute> TreeAttributes(IReadOnlyList<List<TestNode>> trees, string prefix, Func<TestNode, IEnumerable<(long Id, double Weight)>> weights)
    {
        List<long> treeIds = [], nodeIds = [], featureIds = [], trueIds = [], falseIds = [], wTrees = [], wNodes = [], wIds = [];
        List<string> modes = [];
        List<float> values = [], wValues = [];
        for (var t = 0; t < trees.Count; t++)
        {
            for (var n = 0; n < trees[t].Count; n++)
            {
                var node = trees[t][n];
                treeIds.Add(t);
                nodeIds.Add(n);
                featureIds.Add(Math.Max(node.Feature, 0));
                modes.Add(node.IsLeaf ? "LEAF" : "BRANCH_LEQ");
                values.Add((float)node.Threshold);
                trueIds.Add(Math.Max(node.True, 0));
                falseIds.Add(Math.Max(node.False, 0));
                if (node.IsLeaf)
                {
                    foreach (var (id, weight) in weights(node))
                    {
                        wTrees.Add(t);
                        wNodes.Add(n);
                        wIds.Add(id);
                        wValues.Add((float)weight);
                    }
                }
            }
        }
        return
        [
            OnnxAttribute.Of("nodes_treeids", treeIds), OnnxAttribute.Of("nodes_nodeids", nodeIds), OnnxAttribute.Of("nodes_featureids", featureIds),
            OnnxAttribute.Of("nodes_modes", modes), OnnxAttribute.Of("nodes_values", values), OnnxAttribute.Of("nodes_truenodeids", trueIds),
            OnnxAttribute.Of("nodes_falsenodeids", falseIds), OnnxAttribute.Of(prefix + "_treeids", wTrees), OnnxAttribute.Of(prefix + "_nodeids", wNodes),
            OnnxAttribute.Of(prefix + "_ids", wIds), OnnxAttribute.Of(prefix + "_weights", wValues),
        ];
    }

    /// <summary>The featurizer (one-hot colour, vectorized with a, b, c into "features" [N,6]) with <paramref name="estimator"/> on top.</summary>
    public static OnnxModelBuilder Featurized(Action<OnnxModelBuilder> estimator, string? between = null)
    {
        var b = new OnnxModelBuilder()
            .Input("a", OnnxDataType.Float, "N", 1).Input("b", OnnxDataType.Float, "N", 1).Input("c", OnnxDataType.Float, "N", 1)
            .Input("colour", OnnxDataType.String, "N", 1)
            .Node("Scaler", ["a"], ["a_scaled"], [OnnxAttribute.Of("offset", new[] { 0.5f }), OnnxAttribute.Of("scale", new[] { 2f })], domain: Ml)
            .Node("OneHotEncoder", ["colour"], ["colour_hot"], [OnnxAttribute.Of("cats_strings", Colours), OnnxAttribute.Of("zeros", 1L)], domain: Ml)
            .Node("FeatureVectorizer", ["a_scaled", "b", "c", "colour_hot"], [between is null ? "features" : "vector"],
                [OnnxAttribute.Of("inputdimensions", new long[] { 1, 1, 1, 3 })], domain: Ml);
        if (between is not null)
        {
            b.Node(between, ["vector"], ["features"], between == "Normalizer" ? [OnnxAttribute.Of("norm", "L2")] : null, domain: Ml);
        }
        estimator(b);
        return b;
    }

    /// <summary>The slots the estimator sees for <paramref name="row"/> (a is scaled: (a − 0.5) × 2, in float like the Scaler).</summary>
    public static double[] EstimatorSlots(Row row)
    {
        var slots = row.Slots();
        slots[0] = (row.A - 0.5f) * 2f;
        return slots;
    }

    public static string Save(string folder, string name, OnnxModelBuilder builder)
    {
        var path = Path.Combine(folder, name);
        builder.Save(path);
        return path;
    }
}
