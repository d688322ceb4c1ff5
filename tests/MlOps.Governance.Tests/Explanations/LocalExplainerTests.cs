using MlOps.Diagnostics;
using MlOps.Governance.Explanations;
using MlOps.Governance.Scoring;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;
using static MlOps.Governance.Tests.Explanations.ExplainedModels;

namespace MlOps.Governance.Tests.Explanations;

public sealed class LocalExplainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-explain-").FullName;
    private readonly List<Row> _background = Rows(seed: 1, count: 300);
    private readonly List<Row> _rows = Rows(seed: 2, count: 120);
    private readonly string _backgroundPath;

    public LocalExplainerTests() => _backgroundPath = WriteCsv(_folder, "background.csv", _background);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_forest_classifier_is_explained_with_treeshap_on_the_averaged_probability_and_adds_up_to_it()
    {
        var random = new Random(3);
        var trees = Enumerable.Range(0, 7).Select(_ => RandomTree(random, 4, r => r.NextDouble())).ToList();
        var model = Save(_folder, "forest.onnx", Featurized(b => b
            .Node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                [.. TreeAttributes(trees, "class", leaf => [(0, (1 - leaf.Value) / trees.Count), (1, leaf.Value / trees.Count)]),
                 OnnxAttribute.Of("classlabels_strings", new[] { "bad", "good" }), OnnxAttribute.Of("post_transform", "NONE")], domain: Ml)
            .Output("label", OnnxDataType.String, "N").Output("probabilities", OnnxDataType.Float, "N", 2)));

        var explainer = Create(model, "good");
        var (contributions, margins) = Explain(explainer);

        Assert.Equal(TreeShapExplainer.Name, explainer.Method);
        Assert.Equal(Columns, explainer.Features);
        Assert.Contains("probability of 'good'", explainer.Margin, StringComparison.Ordinal);
        AssertAddsUp(explainer, contributions, margins, 1e-6);
        var probabilities = Scores(model, "probabilities");
        for (var r = 0; r < _rows.Count; r++)
        {
            Assert.Equal(probabilities[(r * 2) + 1], margins[r], 1e-5);
        }
        // The expected value is the mean margin over the background rows (every node's cover comes from them).
        Assert.Equal(BackgroundMean(trees, leaf => (float)(leaf.Value / trees.Count)), explainer.ExpectedValue, 1e-9);
    }

    [Theory]
    [InlineData("good")]
    [InlineData("bad")]
    public void A_boosted_binary_classifier_is_explained_on_the_log_odds_of_the_named_class(string positive)
    {
        var random = new Random(4);
        var trees = Enumerable.Range(0, 12).Select(_ => RandomTree(random, 3, r => (2 * r.NextDouble()) - 1)).ToList();
        var model = Save(_folder, "boosted.onnx", Featurized(b => b
            .Node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                [.. TreeAttributes(trees, "class", leaf => [(0, leaf.Value)]), OnnxAttribute.Of("base_values", new[] { 0.3f }),
                 OnnxAttribute.Of("classlabels_strings", new[] { "bad", "good" }), OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: Ml)
            .Output("label", OnnxDataType.String, "N").Output("probabilities", OnnxDataType.Float, "N", 2)));

        var explainer = Create(model, positive);
        var (contributions, margins) = Explain(explainer);

        Assert.Contains($"log-odds of '{positive}'", explainer.Margin, StringComparison.Ordinal);
        AssertAddsUp(explainer, contributions, margins, 1e-6);
        var probabilities = Scores(model, "probabilities");
        var k = positive == "good" ? 1 : 0;
        for (var r = 0; r < _rows.Count; r++)
        {
            Assert.Equal(probabilities[(r * 2) + k], 1 / (1 + Math.Exp(-margins[r])), 1e-5);
        }
    }

    [Fact]
    public void A_binary_forest_that_weighs_only_the_second_class_is_explained_on_its_log_odds()
    {
        var random = new Random(7);
        var trees = Enumerable.Range(0, 6).Select(_ => RandomTree(random, 4, r => r.NextDouble() - 0.5)).ToList();
        var model = Save(_folder, "second-class.onnx", Featurized(b => b
            .Node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                [.. TreeAttributes(trees, "class", leaf => [(1, leaf.Value)]),
                 OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 }), OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: Ml)
            .Output("label", OnnxDataType.Int64, "N").Output("probabilities", OnnxDataType.Float, "N", 2)));

        var explainer = Create(model, "1");
        var (contributions, margins) = Explain(explainer);

        AssertAddsUp(explainer, contributions, margins, 1e-6);
        var probabilities = Scores(model, "probabilities");
        for (var r = 0; r < _rows.Count; r++)
        {
            Assert.Equal(probabilities[(r * 2) + 1], 1 / (1 + Math.Exp(-margins[r])), 1e-5);
        }
    }

    [Theory]
    [InlineData("SUM")]
    [InlineData("AVERAGE")]
    public void A_tree_regressor_is_explained_on_its_score_with_the_base_value_in_the_expected_value(string aggregate)
    {
        var random = new Random(5);
        var trees = Enumerable.Range(0, 9).Select(_ => RandomTree(random, 5, r => 10 * r.NextDouble())).ToList();
        var model = Save(_folder, "regressor.onnx", Featurized(b => b
            .Node("TreeEnsembleRegressor", ["features"], ["variable"],
                [.. TreeAttributes(trees, "target", leaf => [(0, leaf.Value)]), OnnxAttribute.Of("base_values", new[] { 1.5f }),
                 OnnxAttribute.Of("n_targets", 1L), OnnxAttribute.Of("aggregate_function", aggregate)], domain: Ml)
            .Output("variable", OnnxDataType.Float, "N", 1)));

        var explainer = Create(model, positive: null);
        var (contributions, margins) = Explain(explainer);

        AssertAddsUp(explainer, contributions, margins, 1e-6);
        var scores = Scores(model, "variable");
        for (var r = 0; r < _rows.Count; r++)
        {
            Assert.Equal(scores[r], margins[r], 1e-4);
        }
        var scale = aggregate == "AVERAGE" ? 1.0 / trees.Count : 1.0;
        Assert.Equal(1.5 + BackgroundMean(trees, leaf => leaf.Value * scale), explainer.ExpectedValue, 1e-9);
    }

    [Fact]
    public void On_a_small_tree_treeshap_equals_the_shapley_values_of_every_feature_subset_and_a_one_hot_column_gets_its_slots_sum()
    {
        // Two depth-4 trees that split on the same slots more than once along a path, so the unwinding is exercised.
        var random = new Random(6);
        var trees = Enumerable.Range(0, 2).Select(_ => RandomTree(random, 4, r => r.NextDouble())).ToList();
        var model = Save(_folder, "small.onnx", Featurized(b => b
            .Node("TreeEnsembleRegressor", ["features"], ["variable"],
                [.. TreeAttributes(trees, "target", leaf => [(0, leaf.Value)]), OnnxAttribute.Of("n_targets", 1L)], domain: Ml)
            .Output("variable", OnnxDataType.Float, "N", 1)));
        var explainer = Create(model, positive: null);
        var (contributions, _) = Explain(explainer);

        var covers = trees.Select(t => Covers(t, _background.Select(EstimatorSlots))).ToList();
        for (var r = 0; r < _rows.Count; r++)
        {
            var x = EstimatorSlots(_rows[r]);
            var phi = new double[Slots];
            for (var t = 0; t < trees.Count; t++)
            {
                var shapley = BruteForceShapley(trees[t], covers[t], x);
                for (var s = 0; s < Slots; s++)
                {
                    phi[s] += shapley[s];
                }
            }
            double[] byColumn = [phi[0], phi[1], phi[2], phi[3] + phi[4] + phi[5]];
            for (var c = 0; c < byColumn.Length; c++)
            {
                Assert.Equal(byColumn[c], contributions[(r * 4) + c], 1e-9);
            }
        }
    }

    [Fact]
    public void A_logistic_model_is_explained_as_coefficient_times_the_distance_from_the_background_mean_on_the_log_odds()
    {
        double[] coefficients = [0.8, -1.2, 0.3, 0.5, -0.7, 0.1];
        var model = Save(_folder, "logistic.onnx", Featurized(b => b
            .Node("LinearClassifier", ["features"], ["label", "probabilities"],
                [OnnxAttribute.Of("coefficients", coefficients), OnnxAttribute.Of("intercepts", new[] { -0.25f }),
                 OnnxAttribute.Of("classlabels_strings", new[] { "bad", "good" }), OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: Ml)
            .Output("label", OnnxDataType.String, "N").Output("probabilities", OnnxDataType.Float, "N", 2)));

        var explainer = Create(model, "good");
        var (contributions, margins) = Explain(explainer);

        Assert.Equal(LinearExplainer.Name, explainer.Method);
        AssertAddsUp(explainer, contributions, margins, 1e-9);
        var weights = coefficients.Select(c => (double)(float)c).ToArray();
        var means = Enumerable.Range(0, Slots).Select(s => _background.Average(row => EstimatorSlots(row)[s])).ToArray();
        var probabilities = Scores(model, "probabilities");
        for (var r = 0; r < _rows.Count; r++)
        {
            var x = EstimatorSlots(_rows[r]);
            double[] expected = [weights[0] * (x[0] - means[0]), weights[1] * (x[1] - means[1]), weights[2] * (x[2] - means[2]),
                Enumerable.Range(3, 3).Sum(s => weights[s] * (x[s] - means[s]))];
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(expected[c], contributions[(r * 4) + c], 1e-9);
            }
            Assert.Equal(probabilities[(r * 2) + 1], 1 / (1 + Math.Exp(-margins[r])), 1e-5);
        }
    }

    [Fact]
    public void A_plain_ONNX_logistic_regression_is_explained_with_its_bias_and_sigmoid_found_after_the_MatMul()
    {
        var model = Save(_folder, "matmul.onnx", Featurized(b => b
            .Initializer("W", [0.5f, -0.25f, 1f, 0.3f, -0.6f, 0.2f], 6, 1).Initializer("B", [0.1f], 1).Initializer("T", [2f], 1)
            .Node("MatMul", ["features", "W"], ["XW"]).Node("Add", ["XW", "B"], ["Z"]).Node("Mul", ["Z", "T"], ["Z2"])
            .Node("Sigmoid", ["Z2"], ["probability"]).Output("probability", OnnxDataType.Float, "N", 1)));

        var explainer = Create(model, "good");
        var (contributions, margins) = Explain(explainer);

        Assert.Equal(LinearExplainer.Name, explainer.Method);
        AssertAddsUp(explainer, contributions, margins, 1e-9);
        var probabilities = Scores(model, "probability");
        for (var r = 0; r < _rows.Count; r++)
        {
            Assert.Equal(probabilities[r], 1 / (1 + Math.Exp(-margins[r])), 1e-5);
        }
    }

    [Fact]
    public void A_featurizer_operator_that_mixes_columns_is_named_as_not_supported()
    {
        var model = Save(_folder, "normalized.onnx", Featurized(b => b
            .Node("LinearRegressor", ["features"], ["variable"], [OnnxAttribute.Of("coefficients", new[] { 1f, 1, 1, 1, 1, 1 })], domain: Ml)
            .Output("variable", OnnxDataType.Float, "N", 1), between: "Normalizer"));

        Assert.Null(LocalExplainers.TryCreate(ModelFile.Open(model), _backgroundPath, null, null, out var whyNot));
        Assert.Contains("'Normalizer'", whyNot, StringComparison.Ordinal);
        Assert.Contains("not supported", whyNot, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_linear_or_tree_estimator_gets_a_reason_and_no_guess()
    {
        var model = Save(_folder, "svm.onnx", Featurized(b => b
            .Node("SVMRegressor", ["features"], ["variable"],
                [OnnxAttribute.Of("kernel_type", "LINEAR"), OnnxAttribute.Of("support_vectors", new float[6]), OnnxAttribute.Of("coefficients", new[] { 1f }),
                 OnnxAttribute.Of("n_supports", 1L), OnnxAttribute.Of("rho", new[] { 0f })], domain: Ml)
            .Output("variable", OnnxDataType.Float, "N", 1)));

        Assert.Null(LocalExplainers.TryCreate(ModelFile.Open(model), _backgroundPath, null, null, out var whyNot));
        Assert.Contains("no linear or tree-ensemble estimator", whyNot, StringComparison.Ordinal);
        Assert.Contains("SVMRegressor", whyNot, StringComparison.Ordinal);
    }

    [Fact]
    public void A_positive_class_the_model_does_not_have_is_refused_with_MLOPS193_listing_the_classes()
    {
        var model = Save(_folder, "logistic.onnx", Featurized(b => b
            .Node("LinearClassifier", ["features"], ["label", "probabilities"],
                [OnnxAttribute.Of("coefficients", new float[6]), OnnxAttribute.Of("intercepts", new[] { 0f }),
                 OnnxAttribute.Of("classlabels_strings", new[] { "bad", "good" })], domain: Ml)
            .Output("label", OnnxDataType.String, "N").Output("probabilities", OnnxDataType.Float, "N", 2)));

        var e = Assert.Throws<MlOpsException>(() => LocalExplainers.TryCreate(ModelFile.Open(model), _backgroundPath, "approved", null, out _));
        Assert.Equal(DiagnosticCatalog.ExplainedClassUnknown, e.Diagnostic);
        Assert.Contains("'approved'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'bad', 'good'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Background_data_without_rows_is_refused_with_MLOPS194_naming_the_file()
    {
        var model = Save(_folder, "linear.onnx", Featurized(b => b
            .Node("LinearRegressor", ["features"], ["variable"], [OnnxAttribute.Of("coefficients", new float[6])], domain: Ml)
            .Output("variable", OnnxDataType.Float, "N", 1)));
        var empty = WriteCsv(_folder, "empty.csv", []);

        var e = Assert.Throws<MlOpsException>(() => LocalExplainers.TryCreate(ModelFile.Open(model), empty, null, null, out _));
        Assert.Equal(DiagnosticCatalog.ExplanationBackgroundEmpty, e.Diagnostic);
        Assert.Equal(empty, e.File);
    }

    private ILocalExplainer Create(string model, string? positive)
    {
        var explainer = LocalExplainers.TryCreate(ModelFile.Open(model), _backgroundPath, positive, null, out var whyNot);
        Assert.True(explainer is not null, whyNot);
        return explainer;
    }

    private (double[] Contributions, double[] Margins) Explain(ILocalExplainer explainer)
    {
        var contributions = new double[_rows.Count * explainer.Features.Count];
        var margins = new double[_rows.Count];
        explainer.Explain(Inputs(_rows), _rows.Count, contributions, margins);
        return (contributions, margins);
    }

    private float[] Scores(string model, string output) =>
        ((Tensor<float>)ModelFile.Open(model).CreateSession().Run(Inputs(_rows))[output]).Data;

    private static void AssertAddsUp(ILocalExplainer explainer, double[] contributions, double[] margins, double tolerance)
    {
        var features = explainer.Features.Count;
        for (var r = 0; r < margins.Length; r++)
        {
            var sum = explainer.ExpectedValue;
            for (var c = 0; c < features; c++)
            {
                sum += contributions[(r * features) + c];
            }
            Assert.True(Math.Abs(sum - margins[r]) <= tolerance, $"row {r}: contributions + expected value = {sum:R}, margin {margins[r]:R}");
        }
    }

    private double BackgroundMean(List<List<TestNode>> trees, Func<TestNode, double> value) =>
        _background.Average(row => trees.Sum(t => value(t[LeafOf(t, EstimatorSlots(row))])));

    private static int LeafOf(List<TestNode> tree, double[] x)
    {
        var n = 0;
        while (!tree[n].IsLeaf)
        {
            n = x[tree[n].Feature] <= tree[n].Threshold ? tree[n].True : tree[n].False;
        }
        return n;
    }

    private static double[] Covers(List<TestNode> tree, IEnumerable<double[]> rows)
    {
        var covers = new double[tree.Count];
        foreach (var x in rows)
        {
            var n = 0;
            covers[0]++;
            while (!tree[n].IsLeaf)
            {
                n = x[tree[n].Feature] <= tree[n].Threshold ? tree[n].True : tree[n].False;
                covers[n]++;
            }
        }
        return covers;
    }

    // v(S) = E[f(x) | x_S] the path-dependent way: follow x at a split on a slot in S, else weigh both children by cover.
    private static double Conditional(List<TestNode> tree, double[] covers, double[] x, int set, int n)
    {
        var node = tree[n];
        if (node.IsLeaf)
        {
            return node.Value;
        }
        if ((set & (1 << node.Feature)) != 0)
        {
            return Conditional(tree, covers, x, set, x[node.Feature] <= node.Threshold ? node.True : node.False);
        }
        var (t, f) = covers[n] > 0 ? (covers[node.True] / covers[n], covers[node.False] / covers[n]) : (0.5, 0.5);
        return (t * Conditional(tree, covers, x, set, node.True)) + (f * Conditional(tree, covers, x, set, node.False));
    }

    private static double[] BruteForceShapley(List<TestNode> tree, double[] covers, double[] x)
    {
        var phi = new double[Slots];
        for (var i = 0; i < Slots; i++)
        {
            for (var set = 0; set < 1 << Slots; set++)
            {
                if ((set & (1 << i)) != 0)
                {
                    continue;
                }
                var size = System.Numerics.BitOperations.PopCount((uint)set);
                var weight = Factorial(size) * Factorial(Slots - size - 1) / Factorial(Slots);
                phi[i] += weight * (Conditional(tree, covers, x, set | (1 << i), 0) - Conditional(tree, covers, x, set, 0));
            }
        }
        return phi;
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
