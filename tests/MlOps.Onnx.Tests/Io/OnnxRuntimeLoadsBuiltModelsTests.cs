using MlOps.Engines.OnnxRuntime;

namespace MlOps.Onnx.Tests.Io;

/// <summary>
/// ONNX Runtime checks a model (protobuf, IR/opset versions, types, shape inference) when it opens it; models
/// from the builder must pass and show the inputs and outputs they were built with.
/// </summary>
public sealed class OnnxRuntimeLoadsBuiltModelsTests
{
    private static IEnumerable<(string Name, OnnxModelBuilder Builder)> Models()
    {
        yield return ("logistic-pipeline", OnnxModelBuilderTests.LogisticPipeline());
        yield return ("float-mlp", new OnnxModelBuilder()
            .Opset("", 13)
            .Input("X", OnnxDataType.Float, "N", 3)
            .Output("Y", OnnxDataType.Float, "N", 2)
            .Initializer("W1", new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 3, 4)
            .Initializer("B1", new float[] { 0.1f, 0.2f, 0.3f, 0.4f })
            .Initializer("W2", new float[] { 1, -1, 2, -2, 3, -3, 4, -4 }, 4, 2)
            .Node("Gemm", ["X", "W1", "B1"], ["H"], [OnnxAttribute.Of("alpha", 1.0)])
            .Node("Relu", ["H"], ["R"])
            .Node("MatMul", ["R", "W2"], ["Y"]));
        yield return ("double-int-bool", new OnnxModelBuilder()
            .Opset("", 17)
            .Input("d", OnnxDataType.Double, "batch", 2)
            .Input("i", OnnxDataType.Int32, "batch", 2)
            .Output("sum", OnnxDataType.Double, "batch", 2)
            .Output("positive", OnnxDataType.Bool, "batch", 2)
            .Output("as_long", OnnxDataType.Int64, "batch", 2)
            .Initializer(OnnxTensor.Scalar("zero", 0.0))
            .Node("Cast", ["i"], ["i_double"], [OnnxAttribute.Of("to", (long)OnnxDataType.Double)])
            .Node("Add", ["d", "i_double"], ["sum"])
            .Node("Greater", ["sum", "zero"], ["positive"])
            .Node("Cast", ["i"], ["as_long"], [OnnxAttribute.Of("to", (long)OnnxDataType.Int64)]));
        var branch = (float value) => new OnnxGraph
        {
            Name = $"branch_{value}",
            Nodes = [new OnnxNode("Constant", [], [$"c_{value}"], [OnnxAttribute.Of("value", OnnxTensor.Create("", new[] { value }))])],
            Outputs = [new OnnxValueInfo($"c_{value}", OnnxTypeInfo.Tensor(OnnxDataType.Float, 1))],
        };
        yield return ("if-subgraphs", new OnnxModelBuilder()
            .Opset("", 17)
            .Input("cond", OnnxDataType.Bool)
            .Output("out", OnnxDataType.Float, 1)
            .Node("If", ["cond"], ["out"], [OnnxAttribute.Of("then_branch", branch(1f)), OnnxAttribute.Of("else_branch", branch(2f))]));
        yield return ("tree-ensemble", new OnnxModelBuilder()
            .Opset("", 17).Opset("ai.onnx.ml", 3)
            .Input("X", OnnxDataType.Float, "N", 2)
            .Output("label", OnnxDataType.Int64, "N")
            .Output("probabilities", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
            .Node("TreeEnsembleClassifier", ["X"], ["label", "scores"],
                [
                    OnnxAttribute.Of("nodes_treeids", new long[] { 0, 0, 0 }),
                    OnnxAttribute.Of("nodes_nodeids", new long[] { 0, 1, 2 }),
                    OnnxAttribute.Of("nodes_featureids", new long[] { 1, 0, 0 }),
                    OnnxAttribute.Of("nodes_values", new[] { 0.5f, 0f, 0f }),
                    OnnxAttribute.Of("nodes_modes", new[] { "BRANCH_LEQ", "LEAF", "LEAF" }),
                    OnnxAttribute.Of("nodes_truenodeids", new long[] { 1, 0, 0 }),
                    OnnxAttribute.Of("nodes_falsenodeids", new long[] { 2, 0, 0 }),
                    OnnxAttribute.Of("nodes_missing_value_tracks_true", new long[] { 1, 0, 0 }),
                    OnnxAttribute.Of("class_treeids", new long[] { 0, 0 }),
                    OnnxAttribute.Of("class_nodeids", new long[] { 1, 2 }),
                    OnnxAttribute.Of("class_ids", new long[] { 0, 1 }),
                    OnnxAttribute.Of("class_weights", new[] { 1f, 1f }),
                    OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 }),
                ], domain: "ai.onnx.ml")
            .Node("ZipMap", ["scores"], ["probabilities"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 })], domain: "ai.onnx.ml"));
    }

    [Fact]
    public void Onnx_runtime_opens_every_built_model_with_its_inputs_and_outputs()
    {
        foreach (var (name, builder) in Models())
        {
            var model = builder.Build();
            var bytes = OnnxWriter.Write(model);
            OnnxRuntimeSession session;
            try
            {
                session = OnnxRuntimeSession.Load(bytes, name);
            }
            catch (MlOpsException e)
            {
                Assert.Fail($"{name}: ONNX Runtime rejected it: {e.Message}");
                throw;
            }
            using (session)
            {
                Assert.Equal(model.Graph.Inputs.Select(i => i.Name), session.Inputs.Select(i => i.Name));
                Assert.Equal(model.Graph.Outputs.Select(o => o.Name), session.Outputs.Select(o => o.Name));
            }
        }
    }
}
