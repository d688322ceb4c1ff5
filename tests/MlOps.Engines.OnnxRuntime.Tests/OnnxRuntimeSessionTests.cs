using MlOps.Engines.OnnxRuntime;
using MlOps.Governance.Scoring;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;
using ManagedSession = MlOps.Onnx.Evaluation.InferenceSession;

namespace MlOps.Engines.OnnxRuntime.Tests;

/// <summary>The ONNX Runtime engine exchanges the toolkit's values both ways and agrees with the managed evaluator.</summary>
public sealed class OnnxRuntimeSessionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-ort-engine-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every element type the CSV binding feeds goes through an Identity and comes back the same.</summary>
    private static byte[] EveryElementType()
    {
        var builder = new OnnxModelBuilder().Opset("", 17).Metadata("mlops.features", "f,d");
        foreach (var (name, type) in Types)
        {
            builder.Input(name, type, "N", 2).Output(name + "_out", type, "N", 2).Node("Identity", [name], [name + "_out"]);
        }
        return builder.ToBytes();
    }

    private static readonly (string Name, OnnxDataType Type)[] Types =
    [
        ("f", OnnxDataType.Float), ("d", OnnxDataType.Double), ("l", OnnxDataType.Int64), ("i", OnnxDataType.Int32),
        ("b", OnnxDataType.Bool), ("s", OnnxDataType.String),
    ];

    /// <summary>A classifier whose ZipMap labels are not in sorted order ("good" before "bad"), as exporters write them.</summary>
    internal static byte[] StringLabelClassifier() => new OnnxModelBuilder()
        .Opset("", 17).Opset("ai.onnx.ml", 3)
        .Input("X", OnnxDataType.Float, "N", 2)
        .Initializer("bias", new[] { 0.25f }, 1)
        .Output("label", OnnxDataType.String, "N")
        .Output("probabilities", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.String))
        .Node("LinearClassifier", ["X"], ["label", "scores"],
            [OnnxAttribute.Of("coefficients", new[] { 0.5f, -1f, -0.5f, 1f }), OnnxAttribute.Of("intercepts", new[] { 0.1f, -0.1f }),
             OnnxAttribute.Of("classlabels_strings", new[] { "good", "bad" }), OnnxAttribute.Of("post_transform", "SOFTMAX")], domain: "ai.onnx.ml")
        .Node("ZipMap", ["scores"], ["probabilities"], [OnnxAttribute.Of("classlabels_strings", new[] { "good", "bad" })], domain: "ai.onnx.ml")
        .ToBytes();

    private static byte[] Int64LabelClassifier() => new OnnxModelBuilder()
        .Opset("", 17).Opset("ai.onnx.ml", 3)
        .Input("X", OnnxDataType.Float, "N", 2)
        .Output("label", OnnxDataType.Int64, "N")
        .Output("probabilities", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
        .Node("LinearClassifier", ["X"], ["label", "scores"],
            [OnnxAttribute.Of("coefficients", new[] { 0.5f, -1f, -0.5f, 1f, 0.2f, 0.3f }), OnnxAttribute.Of("intercepts", new[] { 0.1f, -0.1f, 0f }),
             OnnxAttribute.Of("classlabels_ints", new long[] { 7, 3, 5 }), OnnxAttribute.Of("post_transform", "SOFTMAX")], domain: "ai.onnx.ml")
        .Node("ZipMap", ["scores"], ["probabilities"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 7, 3, 5 })], domain: "ai.onnx.ml")
        .ToBytes();

    private static Tensor<float> Rows(params float[] values) => Tensor.Create(values, values.Length / 2, 2);

    [Fact]
    public void Every_input_element_type_round_trips_through_onnx_runtime()
    {
        using var session = OnnxRuntimeSession.Load(EveryElementType(), "types.onnx");
        Dictionary<string, OnnxValue> inputs = new()
        {
            ["f"] = Tensor.Create(new[] { 1.5f, -2f, float.NaN, 0f }, 2, 2),
            ["d"] = Tensor.Create(new[] { 1e300, -0.1, 3, 4 }, 2, 2),
            ["l"] = Tensor.Create(new[] { long.MaxValue, -1L, 0, 5 }, 2, 2),
            ["i"] = Tensor.Create(new[] { int.MinValue, 1, 2, 3 }, 2, 2),
            ["b"] = Tensor.Create(new[] { true, false, false, true }, 2, 2),
            ["s"] = Tensor.Create(new[] { "a", "", "é ü", "d,e" }, 2, 2),
        };
        var outputs = session.Run(inputs);
        foreach (var (name, _) in Types)
        {
            var expected = (Tensor)inputs[name];
            var actual = Assert.IsAssignableFrom<Tensor>(outputs[name + "_out"]);
            Assert.Equal(expected.ElementType, actual.ElementType);
            Assert.Equal(expected.Dimensions, actual.Dimensions);
            Assert.Equal(expected.Buffer.Cast<object>(), actual.Buffer.Cast<object>());
        }
        Assert.Equal(Types.Select(t => t.Name), session.Inputs.Select(i => i.Name));
        Assert.Equal(OnnxDataType.Bool, session.Inputs[4].Type!.ElementType);
        Assert.Equal("f,d", session.Metadata("mlops.features"));
        Assert.Null(session.Metadata("absent"));
        Assert.Equal("onnxruntime", session.Engine);
    }

    [Fact]
    public void String_label_zipmap_keeps_the_models_label_order_and_matches_the_managed_evaluator()
    {
        var model = StringLabelClassifier();
        using var ort = OnnxRuntimeSession.Load(model, "classifier.onnx");
        var managed = ManagedSession.Load(model, "classifier.onnx");
        var x = Rows(1f, 2f, -3f, 0.5f, 0f, 0f);
        var expected = managed.Run(("X", x));
        var actual = ort.Run(new Dictionary<string, OnnxValue> { ["X"] = x });

        var maps = Assert.IsType<MapSequence>(actual["probabilities"]);
        var managedMaps = (MapSequence)expected["probabilities"];
        Assert.Equal(["good", "bad"], maps.StringKeys!);
        Assert.Equal(managedMaps.StringKeys, maps.StringKeys);
        Assert.Equal(3, maps.Count);
        for (var i = 0; i < managedMaps.Values.Length; i++)
        {
            Assert.Equal(managedMaps.Values[i], maps.Values[i], 6);
        }
        Assert.Equal(((Tensor<string>)expected["label"]).Data, ((Tensor<string>)actual["label"]).Data);
        // The initializer is not an input ONNX Runtime asks for.
        Assert.Equal("X", Assert.Single(ort.Inputs).Name);
    }

    [Fact]
    public void Int64_label_zipmap_keeps_the_models_label_order()
    {
        var model = Int64LabelClassifier();
        using var ort = OnnxRuntimeSession.Load(model, "classifier.onnx");
        var x = Rows(1f, 2f, -3f, 0.5f);
        var expected = (MapSequence)ManagedSession.Load(model).Run(("X", x))["probabilities"];
        var actual = Assert.IsType<MapSequence>(ort.Run(new Dictionary<string, OnnxValue> { ["X"] = x })["probabilities"]);
        Assert.Equal([7L, 3L, 5L], actual.Int64Keys!);
        for (var i = 0; i < expected.Values.Length; i++)
        {
            Assert.Equal(expected.Values[i], actual.Values[i], 6);
        }
    }

    [Fact]
    public void Engine_opens_a_model_file_the_managed_evaluator_cannot_run()
    {
        // Softplus is a standard operator the managed evaluator does not implement.
        var path = Path.Combine(_folder, "softplus.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder().Opset("", 17)
            .Input("X", OnnxDataType.Float, "N", 1).Output("Y", OnnxDataType.Float, "N", 1)
            .Node("Softplus", ["X"], ["Y"]).ToBytes());
        var model = ModelFile.Open(path);
        var managed = Assert.Throws<MlOpsException>(() => ManagedEngine.Instance.Open(model));
        Assert.Contains("Softplus", managed.Message);

        var session = OnnxRuntimeEngine.Instance.Open(model);
        var y = (Tensor<float>)session.Run(new Dictionary<string, OnnxValue> { ["X"] = Tensor.Create(new[] { 0f, 1f }, 2, 1) })["Y"];
        Assert.Equal(Math.Log(2), y.Data[0], 5);
        Assert.Equal(Math.Log(1 + Math.E), y.Data[1], 5);
    }

    [Fact]
    public void A_model_onnx_runtime_cannot_load_is_MLOPS145_naming_the_file()
    {
        var path = Path.Combine(_folder, "unknown-op.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder().Opset("", 17).Opset("com.example", 1)
            .Input("X", OnnxDataType.Float, "N", 1).Output("Y", OnnxDataType.Float, "N", 1)
            .Node("NoSuchOperator", ["X"], ["Y"], domain: "com.example").ToBytes());
        var error = Assert.Throws<MlOpsException>(() => OnnxRuntimeEngine.Instance.Open(ModelFile.Open(path)));
        Assert.Equal("MLOPS145", error.Code);
        Assert.Equal(path, error.File);
        Assert.Contains(path, error.Message);
        Assert.Contains("NoSuchOperator", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Missing_and_unknown_inputs_are_named()
    {
        using var session = OnnxRuntimeSession.Load(StringLabelClassifier(), "classifier.onnx");
        var missing = Assert.Throws<MlOpsException>(() => session.Run(new Dictionary<string, OnnxValue>()));
        Assert.Contains("'X'", missing.Message);
        var unknown = Assert.Throws<MlOpsException>(() => session.Run(new Dictionary<string, OnnxValue> { ["X"] = Rows(1, 2), ["Z"] = Rows(1, 2) }));
        Assert.Contains("'Z'", unknown.Message);
    }

    [Fact]
    public void A_batch_onnx_runtime_refuses_is_MLOPS146_naming_the_model()
    {
        using var session = OnnxRuntimeSession.Load(StringLabelClassifier(), "classifier.onnx");
        var error = Assert.Throws<MlOpsException>(() => session.Run(new Dictionary<string, OnnxValue> { ["X"] = Tensor.Create(new[] { 1f, 2f, 3f }, 1, 3) }));
        Assert.Equal("MLOPS146", error.Code);
        Assert.Equal("classifier.onnx", error.File);
    }

    [Fact]
    public void Scoring_is_deterministic_across_sessions()
    {
        var model = StringLabelClassifier();
        var x = Rows(Enumerable.Range(0, 2000).Select(i => (float)Math.Sin(i)).ToArray());
        float[] Score()
        {
            using var session = OnnxRuntimeSession.Load(model);
            return ((MapSequence)session.Run(new Dictionary<string, OnnxValue> { ["X"] = x })["probabilities"]).Values;
        }
        Assert.Equal(Score(), Score());
    }
}
