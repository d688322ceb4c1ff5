using MlOps.Onnx.Evaluation;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>Seeded generators for the kinds of models tabular tooling exports, built with <see cref="OnnxModelBuilder"/>.</summary>
internal static class TestModels
{
    public const string Ml = "ai.onnx.ml";

    public static float[] RandomFloats(Random random, int count, double scale = 1)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }
        return values;
    }

    /// <summary>Input data [rows, features]; a fraction of the values are NaN when <paramref name="nanRate"/> &gt; 0.</summary>
    public static Tensor<float> Data(int seed, int rows, int features, double nanRate = 0)
    {
        var random = new Random(seed);
        var data = new float[rows * features];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextDouble() < nanRate ? float.NaN : (float)(NextGaussian(random) * 1.5);
        }
        return Tensor.Create(data, rows, features);
    }

    public static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Logistic regression as scikit-learn exports it: LinearClassifier (+ ZipMap when asked).</summary>
    public static byte[] LogisticRegression(int seed, int features, int classes, bool zipMap = false, string transform = "LOGISTIC", bool singleRow = false)
    {
        var random = new Random(seed);
        var rowsOfCoefficients = singleRow ? 1 : classes;
        var coefficients = RandomFloats(random, rowsOfCoefficients * features);
        var intercepts = RandomFloats(random, rowsOfCoefficients);
        var labels = Enumerable.Range(0, classes).Select(i => (long)i).ToArray();
        var b = new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("label", OnnxDataType.Int64, "N")
            .Node("LinearClassifier", ["X"], ["label", zipMap ? "probabilities" : "scores"],
                [OnnxAttribute.Of("coefficients", coefficients), OnnxAttribute.Of("intercepts", intercepts),
                 OnnxAttribute.Of("classlabels_ints", labels), OnnxAttribute.Of("post_transform", transform)], domain: Ml, name: "linear");
        if (zipMap)
        {
            b.Node("ZipMap", ["probabilities"], ["output_probability"], [OnnxAttribute.Of("classlabels_int64s", labels)], domain: Ml, name: "zipmap")
             .Output("output_probability", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
             .Output("probabilities", OnnxDataType.Float, "N", classes);
        }
        else
        {
            b.Output("scores", OnnxDataType.Float, "N", singleRow && classes == 2 ? 2 : rowsOfCoefficients);
        }
        return b.ToBytes();
    }

    public static byte[] LinearRegression(int seed, int features, int targets, string transform = "NONE")
    {
        var random = new Random(seed);
        return new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("variable", OnnxDataType.Float, "N", targets)
            .Node("LinearRegressor", ["X"], ["variable"],
                [OnnxAttribute.Of("coefficients", RandomFloats(random, features * targets)), OnnxAttribute.Of("intercepts", RandomFloats(random, targets)),
                 OnnxAttribute.Of("targets", (long)targets), OnnxAttribute.Of("post_transform", transform)], domain: Ml)
            .ToBytes();
    }

    /// <summary>Random full binary trees in the ONNX attribute layout.</summary>
    public sealed class Forest
    {
        public List<long> TreeIds { get; } = [];
        public List<long> NodeIds { get; } = [];
        public List<long> FeatureIds { get; } = [];
        public List<string> Modes { get; } = [];
        public List<float> Values { get; } = [];
        public List<long> TrueIds { get; } = [];
        public List<long> FalseIds { get; } = [];
        public List<long> MissingTrue { get; } = [];
        public List<long> TargetTrees { get; } = [];
        public List<long> TargetNodes { get; } = [];
        public List<long> TargetIds { get; } = [];
        public List<float> TargetWeights { get; } = [];

        public static Forest Random(int seed, int trees, int depth, int features, int targets, bool missingTracks = false,
            bool mixedModes = false, bool allTargetsPerLeaf = true, bool positiveWeights = false, double weightScale = 1, int onlyTarget = -1)
        {
            var random = new Random(seed);
            var forest = new Forest();
            var modes = new[] { "BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ" };
            for (var t = 0; t < trees; t++)
            {
                var count = (1 << (depth + 1)) - 1;
                for (var n = 0; n < count; n++)
                {
                    var leaf = n >= (1 << depth) - 1;
                    forest.TreeIds.Add(t);
                    forest.NodeIds.Add(n);
                    forest.FeatureIds.Add(leaf ? 0 : random.Next(features));
                    forest.Modes.Add(leaf ? "LEAF" : mixedModes ? modes[random.Next(modes.Length)] : "BRANCH_LEQ");
                    forest.Values.Add(leaf ? 0 : (float)(NextGaussian(random) * 1.2));
                    forest.TrueIds.Add(leaf ? 0 : (2 * n) + 1);
                    forest.FalseIds.Add(leaf ? 0 : (2 * n) + 2);
                    forest.MissingTrue.Add(missingTracks && !leaf && random.Next(2) == 0 ? 1 : 0);
                    if (leaf)
                    {
                        for (var k = 0; k < targets; k++)
                        {
                            if ((onlyTarget >= 0 && k != onlyTarget) || (!allTargetsPerLeaf && random.Next(2) == 0 && k > 0))
                            {
                                continue;
                            }
                            forest.TargetTrees.Add(t);
                            forest.TargetNodes.Add(n);
                            forest.TargetIds.Add(k);
                            var w = random.NextDouble() * weightScale;
                            forest.TargetWeights.Add((float)(positiveWeights ? w : w - (weightScale / 2)));
                        }
                    }
                }
            }
            return forest;
        }

        public List<OnnxAttribute> Attributes(string prefix, bool missingTracks)
        {
            var attributes = new List<OnnxAttribute>
            {
                OnnxAttribute.Of("nodes_treeids", TreeIds), OnnxAttribute.Of("nodes_nodeids", NodeIds),
                OnnxAttribute.Of("nodes_featureids", FeatureIds), OnnxAttribute.Of("nodes_modes", Modes),
                OnnxAttribute.Of("nodes_values", Values), OnnxAttribute.Of("nodes_truenodeids", TrueIds),
                OnnxAttribute.Of("nodes_falsenodeids", FalseIds),
                OnnxAttribute.Of(prefix + "_treeids", TargetTrees), OnnxAttribute.Of(prefix + "_nodeids", TargetNodes),
                OnnxAttribute.Of(prefix + "_ids", TargetIds), OnnxAttribute.Of(prefix + "_weights", TargetWeights),
            };
            if (missingTracks)
            {
                attributes.Add(OnnxAttribute.Of("nodes_missing_value_tracks_true", MissingTrue));
            }
            return attributes;
        }
    }

    public static byte[] TreeClassifier(Forest forest, int features, int classes, string transform = "NONE", float[]? baseValues = null,
        bool missingTracks = false, bool stringLabels = false, bool zipMap = false)
    {
        var attributes = forest.Attributes("class", missingTracks);
        attributes.Add(OnnxAttribute.Of("post_transform", transform));
        if (baseValues is not null)
        {
            attributes.Add(OnnxAttribute.Of("base_values", baseValues));
        }
        if (stringLabels)
        {
            attributes.Add(OnnxAttribute.Of("classlabels_strings", Enumerable.Range(0, classes).Select(i => "class_" + i)));
        }
        else
        {
            attributes.Add(OnnxAttribute.Of("classlabels_int64s", Enumerable.Range(0, classes).Select(i => (long)(i * 10 + 3))));
        }
        var b = new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("label", stringLabels ? OnnxDataType.String : OnnxDataType.Int64, "N")
            .Node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], attributes, domain: Ml, name: "forest");
        if (zipMap)
        {
            b.Node("ZipMap", ["probabilities"], ["output_probability"],
                    [stringLabels ? OnnxAttribute.Of("classlabels_strings", Enumerable.Range(0, classes).Select(i => "class_" + i))
                                  : OnnxAttribute.Of("classlabels_int64s", Enumerable.Range(0, classes).Select(i => (long)(i * 10 + 3)))], domain: Ml)
             .Output("output_probability", OnnxTypeInfo.SequenceOfMaps(stringLabels ? OnnxDataType.String : OnnxDataType.Int64));
        }
        b.Output("probabilities", OnnxDataType.Float, "N", classes);
        return b.ToBytes();
    }

    public static byte[] TreeRegressor(Forest forest, int features, int targets, string aggregate = "SUM", string transform = "NONE",
        float[]? baseValues = null, bool missingTracks = false)
    {
        var attributes = forest.Attributes("target", missingTracks);
        attributes.Add(OnnxAttribute.Of("n_targets", (long)targets));
        attributes.Add(OnnxAttribute.Of("aggregate_function", aggregate));
        attributes.Add(OnnxAttribute.Of("post_transform", transform));
        if (baseValues is not null)
        {
            attributes.Add(OnnxAttribute.Of("base_values", baseValues));
        }
        return new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("variable", OnnxDataType.Float, "N", targets)
            .Node("TreeEnsembleRegressor", ["X"], ["variable"], attributes, domain: Ml, name: "trees")
            .ToBytes();
    }

    public static byte[] SvmClassifier(int seed, int features, int classes, string kernel, bool probabilities, string transform = "NONE")
    {
        var random = new Random(seed);
        var perClass = Enumerable.Range(0, classes).Select(_ => (long)random.Next(2, 5)).ToArray();
        var vectors = (int)perClass.Sum();
        var classifiers = classes * (classes - 1) / 2;
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("kernel_type", kernel),
            OnnxAttribute.Of("kernel_params", new[] { kernel == "POLY" ? 0.05f : 0.3f, 0.5f, 3f }),
            OnnxAttribute.Of("vectors_per_class", perClass),
            OnnxAttribute.Of("support_vectors", RandomFloats(random, vectors * features, 1.5)),
            OnnxAttribute.Of("coefficients", RandomFloats(random, (classes - 1) * vectors, 2)),
            OnnxAttribute.Of("rho", RandomFloats(random, classifiers, 0.5)),
            OnnxAttribute.Of("classlabels_ints", Enumerable.Range(0, classes).Select(i => (long)i)),
            OnnxAttribute.Of("post_transform", transform),
        };
        if (probabilities)
        {
            attributes.Add(OnnxAttribute.Of("prob_a", RandomFloats(random, classifiers, 3)));
            attributes.Add(OnnxAttribute.Of("prob_b", RandomFloats(random, classifiers, 0.5)));
        }
        var width = probabilities ? classes : classes > 2 ? classifiers : 2;
        return new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("label", OnnxDataType.Int64, "N")
            .Output("scores", OnnxDataType.Float, "N", width)
            .Node("SVMClassifier", ["X"], ["label", "scores"], attributes, domain: Ml, name: "svc")
            .ToBytes();
    }

    public static byte[] SvmRegressor(int seed, int features, string kernel)
    {
        var random = new Random(seed);
        const int supports = 7;
        return new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("variable", OnnxDataType.Float, "N", 1)
            .Node("SVMRegressor", ["X"], ["variable"],
                [OnnxAttribute.Of("kernel_type", kernel), OnnxAttribute.Of("kernel_params", new[] { 0.2f, 0.1f, 2f }),
                 OnnxAttribute.Of("n_supports", (long)supports), OnnxAttribute.Of("support_vectors", RandomFloats(random, supports * features, 1.5)),
                 OnnxAttribute.Of("coefficients", RandomFloats(random, supports, 2)), OnnxAttribute.Of("rho", RandomFloats(random, 1))], domain: Ml)
            .ToBytes();
    }

    /// <summary>An MLP as scikit-learn exports it: MatMul + Add + Relu per hidden layer, then Softmax.</summary>
    public static byte[] Mlp(int seed, int features, int hidden, int layers, int classes, bool gemm = false, string activation = "Relu")
    {
        var random = new Random(seed);
        var b = new OnnxModelBuilder().Input("X", OnnxDataType.Float, "N", features).Output("probabilities", OnnxDataType.Float, "N", classes);
        var current = "X";
        var width = features;
        for (var l = 0; l <= layers; l++)
        {
            var outWidth = l == layers ? classes : hidden;
            var scale = Math.Sqrt(2.0 / width);
            b.Initializer($"W{l}", gemm ? RandomFloats(random, outWidth * width, scale) : RandomFloats(random, width * outWidth, scale), gemm ? [outWidth, width] : [width, outWidth]);
            b.Initializer($"B{l}", RandomFloats(random, outWidth, 0.1), outWidth);
            if (gemm)
            {
                b.Node("Gemm", [current, $"W{l}", $"B{l}"], [$"z{l}"], [OnnxAttribute.Of("transB", 1L)]);
            }
            else
            {
                b.Node("MatMul", [current, $"W{l}"], [$"m{l}"]).Node("Add", [$"m{l}", $"B{l}"], [$"z{l}"]);
            }
            if (l < layers)
            {
                b.Node(activation, [$"z{l}"], [$"a{l}"]);
                current = $"a{l}";
            }
            else
            {
                b.Node("Softmax", [$"z{l}"], ["probabilities"], [OnnxAttribute.Of("axis", 1L)]);
            }
            width = outWidth;
        }
        return b.ToBytes();
    }

    /// <summary>A preprocessing pipeline: Imputer, Scaler, Normalizer, Binarizer, Concat, ArrayFeatureExtractor, FeatureVectorizer, LinearRegressor.</summary>
    public static byte[] ScalerPipeline(int seed, int features)
    {
        var random = new Random(seed);
        return new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", features)
            .Output("variable", OnnxDataType.Float, "N", 1)
            .Output("binary", OnnxDataType.Float, "N", 2)
            .Initializer("pick", new long[] { 0, 2 }, 2)
            .Node("Imputer", ["X"], ["imputed"], [OnnxAttribute.Of("imputed_value_floats", RandomFloats(random, features)), OnnxAttribute.Of("replaced_value_float", float.NaN)], domain: Ml)
            .Node("Scaler", ["imputed"], ["scaled"], [OnnxAttribute.Of("offset", RandomFloats(random, features)), OnnxAttribute.Of("scale", RandomFloats(random, features, 2))], domain: Ml)
            .Node("Normalizer", ["scaled"], ["normalized"], [OnnxAttribute.Of("norm", "L2")], domain: Ml)
            .Node("ArrayFeatureExtractor", ["scaled", "pick"], ["picked"], domain: Ml)
            .Node("Binarizer", ["picked"], ["binary"], [OnnxAttribute.Of("threshold", 0.1f)], domain: Ml)
            .Node("FeatureVectorizer", ["normalized", "binary"], ["features"], [OnnxAttribute.Of("inputdimensions", new long[] { features, 2 })], domain: Ml)
            .Node("LinearRegressor", ["features"], ["variable"], [OnnxAttribute.Of("coefficients", RandomFloats(random, features + 2)), OnnxAttribute.Of("intercepts", new[] { 0.25f })], domain: Ml)
            .ToBytes();
    }

    /// <summary>A categorical pipeline: LabelEncoder (string to int64), OneHotEncoder, Cast, Concat with numeric features, Gemm.</summary>
    public static byte[] EncoderPipeline(int seed, int numeric)
    {
        var random = new Random(seed);
        string[] categories = ["red", "green", "blue", "none"];
        return new OnnxModelBuilder()
            .Input("colour", OnnxDataType.String, "N", 1)
            .Input("size", OnnxDataType.Int64, "N", 1)
            .Input("num", OnnxDataType.Float, "N", numeric)
            .Output("score", OnnxDataType.Float, "N", 1)
            .Output("colour_code", OnnxDataType.Int64, "N", 1)
            .Initializer("W", RandomFloats(random, (categories.Length + 3 + numeric)), categories.Length + 3 + numeric, 1)
            .Initializer("flat_shape", new long[] { -1, categories.Length }, 2)
            .Initializer("flat_shape3", new long[] { -1, 3 }, 2)
            .Node("LabelEncoder", ["colour"], ["colour_code"], [OnnxAttribute.Of("keys_strings", categories), OnnxAttribute.Of("values_int64s", new long[] { 0, 1, 2, 3 }), OnnxAttribute.Of("default_int64", 3L)], domain: Ml)
            .Node("OneHotEncoder", ["colour"], ["colour_hot3"], [OnnxAttribute.Of("cats_strings", categories)], domain: Ml)
            .Node("Reshape", ["colour_hot3", "flat_shape"], ["colour_hot"])
            .Node("OneHotEncoder", ["size"], ["size_hot3"], [OnnxAttribute.Of("cats_int64s", new long[] { 1, 2, 3 })], domain: Ml)
            .Node("Reshape", ["size_hot3", "flat_shape3"], ["size_hot"])
            .Node("Concat", ["colour_hot", "size_hot", "num"], ["all"], [OnnxAttribute.Of("axis", 1L)])
            .Node("MatMul", ["all", "W"], ["score"])
            .ToBytes();
    }

    public static Tensor<string> Colours(int seed, int rows)
    {
        var random = new Random(seed);
        string[] values = ["red", "green", "blue", "purple", "none"];
        return Tensor.Create(Enumerable.Range(0, rows).Select(_ => values[random.Next(values.Length)]).ToArray(), rows, 1);
    }

    public static Tensor<long> Sizes(int seed, int rows)
    {
        var random = new Random(seed);
        return Tensor.Create(Enumerable.Range(0, rows).Select(_ => (long)random.Next(0, 5)).ToArray(), rows, 1);
    }
}
