namespace MlOps.Onnx.Tests.Io;

public sealed class OnnxModelBuilderTests
{
    /// <summary>The logistic-regression pipeline the sample trainer writes: Scaler, OneHotEncoder, FeatureVectorizer, LinearClassifier, ZipMap.</summary>
    internal static OnnxModelBuilder LogisticPipeline() => new OnnxModelBuilder()
        .Opset("", 17).Opset("ai.onnx.ml", 3)
        .Producer("MlOps.Trainer", "0.1.0")
        .ModelVersion(3)
        .DocString("credit risk")
        .Input("age", OnnxDataType.Float, "N", 1)
        .Input("purpose", OnnxDataType.String, "N", 1)
        .Output("label", OnnxDataType.Int64, "N")
        .Output("probabilities", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
        .Initializer("unused_bool", new[] { true, false }, 2)
        .Node("Scaler", ["age"], ["age_scaled"], [OnnxAttribute.Of("offset", new[] { 35.5f }), OnnxAttribute.Of("scale", new[] { 0.1f })], domain: "ai.onnx.ml", name: "scale")
        .Node("OneHotEncoder", ["purpose"], ["purpose_onehot"], [OnnxAttribute.Of("cats_strings", new[] { "car", "tv", "ünïcode" }), OnnxAttribute.Of("zeros", 1L)], domain: "ai.onnx.ml")
        .Node("FeatureVectorizer", ["age_scaled", "purpose_onehot"], ["features"], [OnnxAttribute.Of("inputdimensions", new[] { 1, 3 })], domain: "ai.onnx.ml")
        .Node("LinearClassifier", ["features"], ["label", "scores"],
            [
                OnnxAttribute.Of("coefficients", new[] { -0.5f, 0.25f, 1.5f, -2f, 0.5f, -0.25f, -1.5f, 2f }),
                OnnxAttribute.Of("intercepts", new[] { 0.1f, -0.1f }),
                OnnxAttribute.Of("classlabels_ints", new long[] { 0, 1 }),
                OnnxAttribute.Of("post_transform", "LOGISTIC"),
            ], domain: "ai.onnx.ml", name: "linear")
        .Node("ZipMap", ["scores"], ["probabilities"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 })], domain: "ai.onnx.ml")
        .Metadata("mlops.name", "credit-risk")
        .Metadata("feature_names", "age,purpose");

    [Fact]
    public void Built_model_parses_back_with_every_field()
    {
        var model = OnnxModel.Parse(LogisticPipeline().ToBytes());

        Assert.Equal(8, model.IrVersion);
        Assert.Equal([new OnnxOpset("", 17), new OnnxOpset("ai.onnx.ml", 3)], model.Opsets);
        Assert.Equal("MlOps.Trainer", model.ProducerName);
        Assert.Equal("0.1.0", model.ProducerVersion);
        Assert.Equal(3, model.ModelVersion);
        Assert.Equal("credit risk", model.DocString);
        Assert.Equal("credit-risk", model.Metadata("mlops.name"));
        Assert.Equal(["mlops.name", "feature_names"], model.MetadataProps.Select(kv => kv.Key));

        var g = model.Graph;
        Assert.Equal(["age", "purpose"], g.Inputs.Select(i => i.Name));
        var age = g.Inputs[0].Type!;
        Assert.Equal(OnnxTypeKind.Tensor, age.Kind);
        Assert.Equal(OnnxDataType.Float, age.ElementType);
        Assert.Equal([OnnxDim.Symbolic("N"), OnnxDim.Fixed(1)], age.Shape!);
        Assert.Equal("tensor(float)[N,1]", age.ToString());

        var zipMap = g.Outputs[1].Type!;
        Assert.Equal(OnnxTypeKind.Sequence, zipMap.Kind);
        Assert.Equal(OnnxTypeKind.Map, zipMap.Element!.Kind);
        Assert.Equal(OnnxDataType.Int64, zipMap.Element.KeyType);
        Assert.Equal(OnnxDataType.Float, zipMap.Element.ValueType!.ElementType);
        Assert.Equal("seq(map(int64,tensor(float)))", zipMap.ToString());

        Assert.Equal(["Scaler", "OneHotEncoder", "FeatureVectorizer", "LinearClassifier", "ZipMap"], g.Nodes.Select(n => n.OpType));
        Assert.All(g.Nodes, n => Assert.Equal("ai.onnx.ml", n.Domain));
        var linear = g.Nodes[3];
        Assert.Equal("linear", linear.Name);
        Assert.Equal(["label", "scores"], linear.Outputs);
        Assert.Equal(OnnxAttributeType.Floats, linear.Attribute("coefficients")!.Type);
        Assert.Equal(8, linear.Attribute("coefficients")!.Floats.Count);
        Assert.Equal(-2f, linear.Attribute("coefficients")!.Floats[3]);
        Assert.Equal("LOGISTIC", linear.Attribute("post_transform")!.String);
        Assert.Equal([0L, 1L], linear.Attribute("classlabels_ints")!.Ints);
        Assert.Equal(["car", "tv", "ünïcode"], g.Nodes[1].Attribute("cats_strings")!.Strings);
        Assert.Equal(1, g.Nodes[1].Attribute("zeros")!.Int);
        Assert.Equal([1L, 3L], g.Nodes[2].Attribute("inputdimensions")!.Ints);

        Assert.Equal([true, false], g.Initializers[0].ToBoolArray());
    }

    [Fact]
    public void Same_calls_give_identical_bytes()
    {
        Assert.Equal(LogisticPipeline().ToBytes(), LogisticPipeline().ToBytes());
    }

    [Fact]
    public void Initializers_of_every_element_type_read_back_exactly()
    {
        var bytes = new OnnxModelBuilder()
            .Input("x", OnnxDataType.Float, 2)
            .Output("y", OnnxDataType.Float, 2)
            .Node("Identity", ["x"], ["y"])
            .Initializer("f", new[] { 1.5f, float.NaN, -0f, float.MaxValue, 1e-45f, 7f }, 2, 3)
            .Initializer("d", new[] { Math.PI, double.NegativeInfinity })
            .Initializer("l", new[] { long.MinValue, 0, long.MaxValue }, 3, 1)
            .Initializer("i", new[] { int.MinValue, -1, int.MaxValue })
            .Initializer("b", new[] { true, true, false })
            .Initializer("s", new[] { "", "a,b", "日本" }, 1, 3)
            .Initializer(OnnxTensor.Scalar("scalar", 2.5))
            .ToBytes();

        var init = OnnxModel.Parse(bytes).Graph.Initializers.ToDictionary(t => t.Name);

        Assert.Equal([2L, 3L], init["f"].Dims);
        Assert.Equal(new[] { 1.5f, float.NaN, -0f, float.MaxValue, 1e-45f, 7f }.Select(BitConverter.SingleToInt32Bits), init["f"].ToFloatArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(OnnxDataType.Double, init["d"].DataType);
        Assert.Equal([Math.PI, double.NegativeInfinity], init["d"].ToDoubleArray());
        Assert.Equal([long.MinValue, 0, long.MaxValue], init["l"].ToInt64Array());
        Assert.Equal([int.MinValue, -1, int.MaxValue], init["i"].ToInt32Array());
        Assert.Equal([int.MinValue, -1L, int.MaxValue], init["i"].ToInt64Array());
        Assert.Equal([true, true, false], init["b"].ToBoolArray());
        Assert.Equal(["", "a,b", "日本"], init["s"].ToStringArray());
        Assert.Equal([1L, 3L], init["s"].Dims);
        Assert.Empty(init["scalar"].Dims);
        Assert.Equal([2.5], init["scalar"].ToDoubleArray());
    }

    [Fact]
    public void Attributes_of_every_kind_round_trip()
    {
        var branch = new OnnxGraph
        {
            Name = "then",
            Nodes = [new OnnxNode("Constant", [], ["c"], [OnnxAttribute.Of("value", OnnxTensor.Scalar("", 1f))])],
            Outputs = [new OnnxValueInfo("c", OnnxTypeInfo.Tensor(OnnxDataType.Float))],
        };
        var attributes = new[]
        {
            OnnxAttribute.Of("f", 0.25f),
            OnnxAttribute.Of("i", -7L),
            OnnxAttribute.Of("s", "text"),
            OnnxAttribute.Of("t", OnnxTensor.Create("", new long[] { 1, 2 })),
            OnnxAttribute.Of("g", branch),
            OnnxAttribute.Of("floats", new[] { 1f, 2f }),
            OnnxAttribute.Of("ints", new long[] { 3, -4 }),
            OnnxAttribute.Of("strings", new[] { "x", "y" }),
            OnnxAttribute.Of("tensors", new[] { OnnxTensor.Create("", new[] { 1.0 }), OnnxTensor.Create("", new[] { "z" }) }),
            OnnxAttribute.Of("graphs", new[] { branch, branch }),
            OnnxAttribute.Of("empty_floats", Array.Empty<float>()),
        };
        var built = new OnnxModelBuilder()
            .Input("cond", OnnxDataType.Bool)
            .Output("out", OnnxTypeInfo.TensorOfUnknownShape(OnnxDataType.Float))
            .Node(new OnnxNode("Custom", ["cond", ""], ["out"], attributes) { Domain = "test.domain", DocString = "doc" })
            .Build();

        var parsed = OnnxModel.Parse(built.ToBytes());

        Assert.Empty(OnnxStructure.Differences(built, parsed));
        var node = parsed.Graph.Nodes[0];
        Assert.Equal(["cond", ""], node.Inputs);
        Assert.Equal(
            [OnnxAttributeType.Float, OnnxAttributeType.Int, OnnxAttributeType.String, OnnxAttributeType.Tensor, OnnxAttributeType.Graph,
             OnnxAttributeType.Floats, OnnxAttributeType.Ints, OnnxAttributeType.Strings, OnnxAttributeType.Tensors, OnnxAttributeType.Graphs,
             OnnxAttributeType.Floats],
            node.Attributes.Select(a => a.Type));
        Assert.Equal("then", node.Attribute("g")!.Graph!.Name);
        Assert.Equal([1f], node.Attribute("g")!.Graph!.Nodes[0].Attribute("value")!.Tensor!.ToFloatArray());
        Assert.Equal(["z"], node.Attribute("tensors")!.Tensors[1].ToStringArray());
        Assert.Null(parsed.Graph.Outputs[0].Type!.Shape);
        Assert.Empty(parsed.Graph.Inputs[0].Type!.Shape!);
        Assert.Equal([new OnnxOpset("", 17), new OnnxOpset("test.domain", 1)], parsed.Opsets);
    }

    [Fact]
    public void Unknown_dims_and_denotations_survive()
    {
        var type = OnnxTypeInfo.Tensor(OnnxDataType.Double, OnnxDim.Unknown, new OnnxDim { Param = "batch", Denotation = "DATA_BATCH" }, 0);
        var parsed = OnnxModel.Parse(new OnnxModelBuilder().Input("x", type).Output("x", type).ToBytes());

        Assert.Equal(type.Shape, parsed.Graph.Inputs[0].Type!.Shape!);
        Assert.True(parsed.Graph.Inputs[0].Type!.Shape![0].IsUnknown);
    }

    [Fact]
    public void Mismatched_dims_are_rejected_when_building()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxTensor.Create("w", new float[5], 2, 3));
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void From_parsed_model_rewrites_the_same_graph()
    {
        var original = OnnxModel.Parse(LogisticPipeline().ToBytes());

        var rewritten = OnnxModel.Parse(OnnxModelBuilder.From(original).ToBytes());

        Assert.Empty(OnnxStructure.Differences(original, rewritten));
    }

    [Fact]
    public void Structural_comparer_sees_a_change_anywhere()
    {
        var original = OnnxModel.Parse(LogisticPipeline().ToBytes());
        var changedWeight = OnnxModel.Parse(LogisticPipeline().Initializer("unused_bool", new[] { true, true }, 2).ToBytes());
        var changedAttribute = OnnxModel.Parse(LogisticPipeline().Node("Identity", ["label"], ["label2"]).ToBytes());
        var changedShape = OnnxModel.Parse(LogisticPipeline().Output("extra", OnnxDataType.Float, "M").ToBytes());

        Assert.NotEmpty(OnnxStructure.Differences(original, changedWeight));
        Assert.NotEmpty(OnnxStructure.Differences(original, changedAttribute));
        Assert.NotEmpty(OnnxStructure.Differences(original, changedShape));
        Assert.Empty(OnnxStructure.Differences(original, OnnxModel.Parse(LogisticPipeline().ToBytes())));
    }
}
