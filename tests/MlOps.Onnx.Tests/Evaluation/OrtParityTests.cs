using MlOps.Onnx.Evaluation;
using static MlOps.Onnx.Tests.Evaluation.TestModels;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>
/// The managed evaluator against ONNX Runtime 1.32 in process (single-threaded) on models built like the exporters
/// build them: scores within 1e-5 absolute, labels exactly.
/// </summary>
public sealed class OrtParityTests
{
    private static List<OrtOracle.Case> Cases()
    {
        const int Rows = 300;
        var x = Data(1, Rows, 12);
        var xNan = Data(2, Rows, 12, nanRate: 0.15);
        var cases = new List<OrtOracle.Case>();

        void Add(string name, byte[] model, Tensor input)
        {
            var session = InferenceSession.Load(model, name);
            cases.Add(new(name, model, new Dictionary<string, Tensor> { ["X"] = input })
            {
                // ZipMap maps are checked against the probabilities they wrap (below), tensors against ONNX Runtime.
                Fetches = session.Outputs.Where(o => o.Type?.Kind == OnnxTypeKind.Tensor).Select(o => o.Name).ToArray(),
            });
        }

        // Linear models.
        Add("logistic binary (two score rows, LOGISTIC)", LogisticRegression(10, 12, 2), x);
        Add("logistic binary (one score row, NONE)", LogisticRegression(11, 12, 2, transform: "NONE", singleRow: true), x);
        Add("logistic binary (one score row, LOGISTIC)", LogisticRegression(11, 12, 2, transform: "LOGISTIC", singleRow: true), x);
        Add("logistic multinomial (SOFTMAX) + ZipMap", LogisticRegression(12, 12, 4, zipMap: true, transform: "SOFTMAX"), x);
        Add("linear classifier SOFTMAX_ZERO", LogisticRegression(13, 12, 3, transform: "SOFTMAX_ZERO"), x);
        Add("linear classifier PROBIT", LogisticRegression(14, 12, 3, transform: "PROBIT"), Tensor.Create(x.Data.Select(v => 0.5f + (v / 40)).ToArray(), Rows, 12));
        Add("linear regressor", LinearRegression(15, 12, 1), x);
        Add("linear regressor 3 targets", LinearRegression(16, 12, 3), x);

        // Tree ensembles: random forest (averaged probabilities), gradient boosting (logits), with and without NaN.
        foreach (var (data, label) in new[] { (x, "dense"), (xNan, "with NaN") })
        {
            var rf = Forest.Random(20, trees: 20, depth: 6, features: 12, targets: 3, positiveWeights: true, weightScale: 0.05);
            Add($"random forest 3 classes ({label})", TreeClassifier(rf, 12, 3), data);
            var rfBinary = Forest.Random(21, trees: 20, depth: 6, features: 12, targets: 2, positiveWeights: true, weightScale: 0.05, onlyTarget: 1);
            Add($"random forest binary, class-1 weights ({label})", TreeClassifier(rfBinary, 12, 2), data);
            var rfBoth = Forest.Random(22, trees: 10, depth: 5, features: 12, targets: 2, positiveWeights: true, weightScale: 0.1);
            Add($"random forest binary, both classes ({label})", TreeClassifier(rfBoth, 12, 2, stringLabels: true, zipMap: true), data);
            var gbBinary = Forest.Random(23, trees: 30, depth: 3, features: 12, targets: 1, missingTracks: true);
            Add($"boosted binary LOGISTIC with missing tracks ({label})", TreeClassifier(gbBinary, 12, 2, "LOGISTIC", [0.2f], missingTracks: true), data);
            var gbMulti = Forest.Random(24, trees: 30, depth: 3, features: 12, targets: 4, missingTracks: true);
            Add($"boosted 4 classes SOFTMAX with missing tracks ({label})", TreeClassifier(gbMulti, 12, 4, "SOFTMAX", [0.1f, -0.2f, 0.3f, 0f], missingTracks: true), data);
            var gbr = Forest.Random(25, trees: 100, depth: 3, features: 12, targets: 1, missingTracks: true);
            Add($"boosted regressor 100x3 ({label})", TreeRegressor(gbr, 12, 1, baseValues: [0.5f], missingTracks: true), data);
            var mixed = Forest.Random(26, trees: 15, depth: 4, features: 12, targets: 2, mixedModes: true, missingTracks: true, allTargetsPerLeaf: false);
            Add($"regressor mixed modes AVERAGE ({label})", TreeRegressor(mixed, 12, 2, "AVERAGE", baseValues: [1f, -1f], missingTracks: true), data);
            Add($"regressor mixed modes MIN ({label})", TreeRegressor(mixed, 12, 2, "MIN", missingTracks: true), data);
            Add($"regressor mixed modes MAX ({label})", TreeRegressor(mixed, 12, 2, "MAX", baseValues: [0.5f, 0.25f], missingTracks: true), data);
        }
        var mixedBinary = Forest.Random(27, trees: 10, depth: 4, features: 12, targets: 2, onlyTarget: 1);
        Add("binary, class-1 mixed-sign weights, LOGISTIC", TreeClassifier(mixedBinary, 12, 2, "LOGISTIC"), x);
        Add("binary, class-1 mixed-sign weights, NONE", TreeClassifier(mixedBinary, 12, 2), x);

        // SVMs.
        Add("SVC RBF 3 classes with probabilities", SvmClassifier(30, 12, 3, "RBF", probabilities: true), x);
        Add("SVC RBF binary without probabilities", SvmClassifier(31, 12, 2, "RBF", probabilities: false), x);
        Add("SVC POLY 3 classes", SvmClassifier(32, 12, 3, "POLY", probabilities: false), x);
        Add("SVC LINEAR binary with probabilities", SvmClassifier(33, 12, 2, "LINEAR", probabilities: true), x);
        Add("SVC SIGMOID 4 classes with probabilities", SvmClassifier(34, 12, 4, "SIGMOID", probabilities: true), x);
        Add("SVR RBF", SvmRegressor(35, 12, "RBF"), x);
        Add("SVR LINEAR", SvmRegressor(36, 12, "LINEAR"), x);

        // Pipelines and neural nets.
        Add("scaler pipeline with NaN", ScalerPipeline(40, 12), xNan);
        Add("MLP 2x64 (MatMul+Add+Relu, Softmax)", Mlp(41, 12, 64, 2, 3), x);
        Add("MLP 2x32 (Gemm transB, Tanh)", Mlp(42, 12, 32, 2, 2, gemm: true, activation: "Tanh"), x);
        Add("MLP 1x16 (Sigmoid)", Mlp(43, 12, 16, 1, 5, activation: "Sigmoid"), x);
        cases.Add(new("encoder pipeline", EncoderPipeline(44, 3), new Dictionary<string, Tensor>
        {
            ["colour"] = Colours(45, Rows), ["size"] = Sizes(46, Rows), ["num"] = Data(47, Rows, 3),
        }));
        return cases;
    }

    [Fact]
    public void Every_model_agrees_with_onnx_runtime_within_1e5_and_labels_exactly()
    {
        var cases = Cases();
        var expected = OrtOracle.Run(cases);
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var session = InferenceSession.Load(cases[i].Model, cases[i].Name);
            var actual = session.Run(cases[i].Inputs.ToDictionary(p => p.Key, p => (OnnxValue)p.Value));
            foreach (var (name, value) in expected[i])
            {
                if (!actual.TryGetValue(name, out var ours))
                {
                    failures.Add($"{cases[i].Name}: output '{name}' missing");
                    continue;
                }
                var difference = Compare.Difference(value, ours, atol: 1e-5);
                if (difference is not null)
                {
                    failures.Add($"{cases[i].Name}: output '{name}': {difference}");
                }
            }
            if (actual.TryGetValue("output_probability", out var maps) && maps is MapSequence zipped)
            {
                var probabilities = (Tensor<float>)actual["probabilities"];
                Assert.Equal(probabilities.Data, zipped.Values);
                Assert.Equal(probabilities.Dimensions[0], zipped.Count);
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases differ from ONNX Runtime:\n" + string.Join("\n", failures));
    }
}
