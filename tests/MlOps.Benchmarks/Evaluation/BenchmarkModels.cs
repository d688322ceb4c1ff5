using System.Runtime.InteropServices;
using MlOps.Onnx;

namespace MlOps.Benchmarks.Evaluation;

/// <summary>
/// The four models of the evaluator speed goal (issue 3), generated with fixed seeds and written to
/// artifacts/bench/evaluation/ together with the 100,000-row input, so eng/bench/score-ort-bench.js times ONNX
/// Runtime on exactly the same files.
/// </summary>
public static class BenchmarkModels
{
    public const int Rows = 100_000;
    public const int Features = 20;
    private const string Ml = "ai.onnx.ml";

    public static readonly string[] Names = ["logistic", "forest", "boosted", "mlp"];

    public static string Folder { get; } = Path.Combine(FindRoot(), "artifacts", "bench", "evaluation");

    /// <summary>Writes the models and the input (float32 little-endian, row-major) unless they exist.</summary>
    public static void EnsureWritten()
    {
        Directory.CreateDirectory(Folder);
        foreach (var name in Names)
        {
            var path = Path.Combine(Folder, name + ".onnx");
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, Build(name));
            }
        }
        var data = Path.Combine(Folder, "X.f32");
        if (!File.Exists(data))
        {
            File.WriteAllBytes(data, MemoryMarshal.AsBytes(Input().AsSpan()).ToArray());
        }
        var csv = Path.Combine(Folder, "X.csv");
        if (!File.Exists(csv))
        {
            WriteCsv(csv, Input());
        }
    }

    public static float[] Input()
    {
        var random = new Random(7);
        var x = new float[Rows * Features];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)Math.Round(Gaussian(random) * 1.5, 4);
        }
        return x;
    }

    private static void WriteCsv(string path, float[] x)
    {
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine(string.Join(",", Enumerable.Range(0, Features).Select(i => $"f{i}")));
        var line = new System.Text.StringBuilder();
        for (var r = 0; r < Rows; r++)
        {
            line.Clear();
            for (var c = 0; c < Features; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }
                line.Append(x[(r * Features) + c].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
            writer.WriteLine(line);
        }
    }

    public static byte[] Build(string name) => name switch
    {
        "logistic" => Logistic(),
        "forest" => Forest(1, trees: 20, depth: 8, classifier: true),
        "boosted" => Forest(2, trees: 100, depth: 3, classifier: false),
        // The TreeSHAP speed case (issue 12): 100 trees of depth 6; not one of the evaluator's four Names.
        "shap-forest" => Forest(3, trees: 100, depth: 6, classifier: true),
        "mlp" => Mlp(),
        _ => throw new ArgumentException(name),
    };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static float[] Floats(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale)).ToArray();

    /// <summary>Binary logistic regression as skl2onnx writes it: two coefficient rows (-w, w) and LOGISTIC.</summary>
    private static byte[] Logistic()
    {
        var random = new Random(3);
        var w = Floats(random, Features, 1);
        var b = (float)random.NextDouble();
        return new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", Features)
            .Output("label", OnnxDataType.Int64, "N")
            .Output("probabilities", OnnxDataType.Float, "N", 2)
            .Metadata("mlops.features", string.Join(",", Enumerable.Range(0, Features).Select(i => $"f{i}")))
            .Node("LinearClassifier", ["X"], ["label", "probabilities"],
                [OnnxAttribute.Of("coefficients", w.Select(v => -v).Concat(w)), OnnxAttribute.Of("intercepts", new[] { -b, b }),
                 OnnxAttribute.Of("classlabels_ints", new long[] { 0, 1 }), OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: Ml)
            .ToBytes();
    }

    /// <summary>Full binary trees; the classifier is a scikit-learn-style binary forest (class-1 probabilities averaged).</summary>
    private static byte[] Forest(int seed, int trees, int depth, bool classifier)
    {
        var random = new Random(seed);
        List<long> treeIds = [], nodeIds = [], features = [], trueIds = [], falseIds = [], wTrees = [], wNodes = [], wIds = [];
        List<string> modes = [];
        List<float> values = [], weights = [];
        for (var t = 0; t < trees; t++)
        {
            var count = (1 << (depth + 1)) - 1;
            for (var n = 0; n < count; n++)
            {
                var leaf = n >= (1 << depth) - 1;
                treeIds.Add(t);
                nodeIds.Add(n);
                features.Add(leaf ? 0 : random.Next(Features));
                modes.Add(leaf ? "LEAF" : "BRANCH_LEQ");
                values.Add(leaf ? 0 : (float)(Gaussian(random) * 1.2));
                trueIds.Add(leaf ? 0 : (2 * n) + 1);
                falseIds.Add(leaf ? 0 : (2 * n) + 2);
                if (leaf)
                {
                    wTrees.Add(t);
                    wNodes.Add(n);
                    wIds.Add(classifier ? 1 : 0);
                    weights.Add(classifier ? (float)(random.NextDouble() / trees) : (float)(Gaussian(random) * 0.1));
                }
            }
        }
        var prefix = classifier ? "class" : "target";
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("nodes_treeids", treeIds), OnnxAttribute.Of("nodes_nodeids", nodeIds), OnnxAttribute.Of("nodes_featureids", features),
            OnnxAttribute.Of("nodes_modes", modes), OnnxAttribute.Of("nodes_values", values), OnnxAttribute.Of("nodes_truenodeids", trueIds),
            OnnxAttribute.Of("nodes_falsenodeids", falseIds), OnnxAttribute.Of(prefix + "_treeids", wTrees), OnnxAttribute.Of(prefix + "_nodeids", wNodes),
            OnnxAttribute.Of(prefix + "_ids", wIds), OnnxAttribute.Of(prefix + "_weights", weights),
        };
        var b = new OnnxModelBuilder().Input("X", OnnxDataType.Float, "N", Features);
        if (classifier)
        {
            attributes.Add(OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 }));
            b.Output("label", OnnxDataType.Int64, "N").Output("probabilities", OnnxDataType.Float, "N", 2)
             .Node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], attributes, domain: Ml);
        }
        else
        {
            attributes.Add(OnnxAttribute.Of("n_targets", 1L));
            attributes.Add(OnnxAttribute.Of("base_values", new[] { 0.5f }));
            b.Output("variable", OnnxDataType.Float, "N", 1).Node("TreeEnsembleRegressor", ["X"], ["variable"], attributes, domain: Ml);
        }
        return b.ToBytes();
    }

    /// <summary>MLP with two hidden layers of 64 (MatMul + Add + Relu) and a softmax over two classes, as skl2onnx writes it.</summary>
    private static byte[] Mlp()
    {
        var random = new Random(4);
        var b = new OnnxModelBuilder().Input("X", OnnxDataType.Float, "N", Features).Output("probabilities", OnnxDataType.Float, "N", 2);
        int[] widths = [Features, 64, 64, 2];
        var current = "X";
        for (var l = 0; l < 3; l++)
        {
            b.Initializer($"W{l}", Floats(random, widths[l] * widths[l + 1], Math.Sqrt(2.0 / widths[l])), widths[l], widths[l + 1])
             .Initializer($"B{l}", Floats(random, widths[l + 1], 0.1), widths[l + 1])
             .Node("MatMul", [current, $"W{l}"], [$"m{l}"]).Node("Add", [$"m{l}", $"B{l}"], [$"z{l}"]);
            if (l < 2)
            {
                b.Node("Relu", [$"z{l}"], [$"a{l}"]);
                current = $"a{l}";
            }
        }
        b.Node("Softmax", ["z2"], ["probabilities"], [OnnxAttribute.Of("axis", 1L)]);
        return b.ToBytes();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
