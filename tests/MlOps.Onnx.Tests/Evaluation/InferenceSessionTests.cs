using MlOps.Onnx.Evaluation;
using static MlOps.Onnx.Tests.Evaluation.TestModels;

namespace MlOps.Onnx.Tests.Evaluation;

public sealed class InferenceSessionTests
{
    private static OnnxModelBuilder Identity() => new OnnxModelBuilder()
        .Input("X", OnnxDataType.Float, "N", 3)
        .Output("Y", OnnxDataType.Float, "N", 3);

    [Fact]
    public void Unsupported_operator_is_reported_at_load_with_domain_op_opset_and_node()
    {
        var model = Identity().Opset("", 17).Node("Einsum", ["X"], ["Y"], [OnnxAttribute.Of("equation", "ij->ij")], name: "mixer").ToBytes();
        var error = Assert.Throws<MlOpsException>(() => InferenceSession.Load(model, "m.onnx"));
        Assert.Contains("ai.onnx.Einsum", error.Message);
        Assert.Contains("opset 17", error.Message);
        Assert.Contains("'mixer'", error.Message);
        Assert.Equal("m.onnx", error.File);
    }

    [Fact]
    public void Cycle_is_reported_naming_a_node()
    {
        var model = Identity().Node("Relu", ["X", ""], ["A"], name: "first").Node("Add", ["A", "B"], ["Y"], name: "second")
            .Node("Neg", ["Y"], ["B"], name: "third").ToBytes();
        var error = Assert.Throws<MlOpsException>(() => InferenceSession.Load(model, "m.onnx"));
        Assert.Contains("cycle", error.Message);
        Assert.Contains("node '", error.Message);
    }

    [Fact]
    public void Missing_initializer_is_reported_naming_node_and_input()
    {
        var model = Identity().Node("Add", ["X", "bias"], ["Y"], name: "add_bias").ToBytes();
        var error = Assert.Throws<MlOpsException>(() => InferenceSession.Load(model, "m.onnx"));
        Assert.Contains("'add_bias'", error.Message);
        Assert.Contains("'bias'", error.Message);
    }

    [Fact]
    public void Type_mismatch_between_inputs_is_reported_at_load()
    {
        var model = Identity().Initializer("k", new long[] { 1, 2, 3 }, 3).Node("Add", ["X", "k"], ["Y"], name: "mixed").ToBytes();
        var error = Assert.Throws<MlOpsException>(() => InferenceSession.Load(model, "m.onnx"));
        Assert.Contains("'mixed'", error.Message);
        Assert.Contains("same element type", error.Message);
    }

    [Fact]
    public void Wrong_input_shape_or_type_is_reported_naming_the_input()
    {
        var session = InferenceSession.Load(Identity().Node("Relu", ["X"], ["Y"]).ToBytes());
        var shape = Assert.Throws<MlOpsException>(() => session.Run(("X", Tensor.Create(new float[8], 2, 4))));
        Assert.Contains("'X'", shape.Message);
        Assert.Contains("[N,3]", shape.Message);
        var type = Assert.Throws<MlOpsException>(() => session.Run(("X", Tensor.Create(new double[6], 2, 3))));
        Assert.Contains("tensor(double)", type.Message);
        var missing = Assert.Throws<MlOpsException>(() => session.Run(new Dictionary<string, OnnxValue>()));
        Assert.Contains("'X'", missing.Message);
        var unknown = Assert.Throws<MlOpsException>(() => session.Run(("X", Tensor.Create(new float[3], 1, 3)), ("Z", Tensor.Create(new float[3], 1, 3))));
        Assert.Contains("'Z'", unknown.Message);
    }

    [Fact]
    public void Truncated_and_garbage_bytes_are_clean_errors()
    {
        var bytes = LogisticRegression(1, 4, 2);
        Assert.Throws<MlOpsException>(() => InferenceSession.Load(bytes.AsMemory(0, bytes.Length / 2), "cut.onnx"));
        Assert.Throws<MlOpsException>(() => InferenceSession.Load("not a model at all"u8.ToArray(), "text.onnx"));
    }

    [Fact]
    public void Tree_with_a_cycle_is_rejected_at_load()
    {
        var forest = Forest.Random(1, trees: 1, depth: 2, features: 3, targets: 1);
        forest.TrueIds[1] = 0; // node 1's true child points back to the root
        var error = Assert.Throws<MlOpsException>(() => InferenceSession.Load(TreeRegressor(forest, 3, 1), "tree.onnx"));
        Assert.Contains("tree 0", error.Message);
    }

    [Fact]
    public void Tree_reading_a_feature_beyond_the_input_is_a_run_time_error_naming_the_node()
    {
        var forest = Forest.Random(1, trees: 2, depth: 2, features: 9, targets: 1);
        var session = InferenceSession.Load(new OnnxModelBuilder().Input("X", OnnxDataType.Float, "N", "F").Output("variable", OnnxDataType.Float, "N", 1)
            .Node("TreeEnsembleRegressor", ["X"], ["variable"], forest.Attributes("target", false), domain: Ml, name: "gbm").ToBytes());
        var error = Assert.Throws<MlOpsException>(() => session.Run(("X", Tensor.Create(new float[4], 2, 2))));
        Assert.Contains("'gbm'", error.Message);
    }

    [Fact]
    public void Results_are_bit_identical_across_runs_threads_and_batch_splits()
    {
        var models = new[]
        {
            Mlp(5, 12, 64, 2, 3), TreeRegressor(Forest.Random(6, 50, 4, 12, 1, missingTracks: true), 12, 1, missingTracks: true),
            LogisticRegression(7, 12, 3, transform: "SOFTMAX"), SvmClassifier(8, 12, 3, "RBF", probabilities: true),
        };
        var x = Data(9, 1000, 12, nanRate: 0.05);
        foreach (var bytes in models)
        {
            var session = InferenceSession.Load(bytes);
            var reference = Flatten(session.Run(("X", x)));
            var parallel = new byte[8][];
            Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Flatten(session.Run(("X", x))));
            Assert.All(parallel, p => Assert.Equal(reference, p));
            // Scoring in two halves gives the same bytes as one batch: nothing depends on the batch a row is in.
            var first = Tensor.Create(x.Data[..(500 * 12)], 500, 12);
            var second = Tensor.Create(x.Data[(500 * 12)..], 500, 12);
            var halves = Flatten(session.Run(("X", first))).Length + Flatten(session.Run(("X", second))).Length;
            Assert.Equal(reference.Length, halves);
            var joined = Join(session.Run(("X", first)), session.Run(("X", second)));
            Assert.Equal(Flatten(session.Run(("X", x)), byOutput: true), joined);
        }
    }

    [Fact]
    public void Linear_models_give_a_row_the_same_bits_alone_as_in_an_eight_row_vector_block()
    {
        // 20,003 rows: the batch runs eight rows per vector (and in blocks of 2,048), a row alone runs the scalar loop.
        var x = Data(11, 20_003, 20, nanRate: 0.01);
        foreach (var bytes in new[] { LogisticRegression(12, 20, 2), LinearRegression(13, 20, 1), LogisticRegression(14, 20, 3, transform: "SOFTMAX") })
        {
            var session = InferenceSession.Load(bytes);
            var batch = session.Run(("X", x));
            foreach (var row in new[] { 0, 7, 8, 2047, 2048, 9999, 20_002 })
            {
                var alone = session.Run(("X", Tensor.Create(x.Data[(row * 20)..((row + 1) * 20)], 1, 20)));
                foreach (var (name, value) in alone)
                {
                    var all = (Tensor)batch[name];
                    var width = all.Length / 20_003;
                    Assert.Equal(Bytes(all, row * width, width), Bytes((Tensor)value, 0, width));
                }
            }
        }

        static byte[] Bytes(Tensor t, int start, int count) => t switch
        {
            Tensor<float> f => f.Data.AsSpan(start, count).ToArray().SelectMany(BitConverter.GetBytes).ToArray(),
            Tensor<long> l => l.Data.AsSpan(start, count).ToArray().SelectMany(BitConverter.GetBytes).ToArray(),
            _ => throw new InvalidOperationException(t.Describe()),
        };
    }

    [Fact]
    public void Recycled_outputs_equal_a_plain_run_and_their_arrays_serve_the_next_run_once_disposed()
    {
        var session = InferenceSession.Load(LogisticRegression(15, 20, 2));
        var x = Data(16, 20_000, 20);
        var y = Data(17, 20_000, 20);
        var plain = session.Run(("X", x));
        var expected = Flatten(plain);
        var inputs = new Dictionary<string, OnnxValue> { ["X"] = x };
        Array scores, otherScores;
        using (var first = session.RunRecycled(inputs))
        {
            Assert.Equal(expected, Flatten(first));
            scores = ((Tensor)first["scores"]).Buffer;
            // Not disposed yet: another run must not write into these arrays.
            using var other = session.RunRecycled(new Dictionary<string, OnnxValue> { ["X"] = y });
            otherScores = ((Tensor)other["scores"]).Buffer;
            Assert.NotSame(scores, otherScores);
            Assert.Equal(expected, Flatten(first));
        }
        using (var second = session.RunRecycled(inputs))
        {
            // Disposed: the pool hands the memory back, and the results are still those of a fresh run.
            var reused = ((Tensor)second["scores"]).Buffer;
            Assert.True(ReferenceEquals(reused, scores) || ReferenceEquals(reused, otherScores));
            Assert.Equal(expected, Flatten(second));
        }
        // A plain run's outputs belong to the caller: no later run writes into them.
        session.Run(("X", y));
        Assert.Equal(expected, Flatten(plain));
    }

    private static byte[] Flatten(IReadOnlyDictionary<string, OnnxValue> outputs, bool byOutput = false)
    {
        using var stream = new MemoryStream();
        foreach (var (_, value) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Write(stream, value);
        }
        return stream.ToArray();
    }

    private static byte[] Join(IReadOnlyDictionary<string, OnnxValue> a, IReadOnlyDictionary<string, OnnxValue> b)
    {
        using var stream = new MemoryStream();
        foreach (var key in a.Keys.Order(StringComparer.Ordinal))
        {
            Write(stream, a[key]);
            Write(stream, b[key]);
        }
        return stream.ToArray();
    }

    private static void Write(Stream stream, OnnxValue value)
    {
        switch (value)
        {
            case Tensor<float> t:
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Data.AsSpan()));
                break;
            case Tensor<long> t:
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Data.AsSpan()));
                break;
            case MapSequence m:
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Values.AsSpan()));
                break;
            default:
                throw new NotSupportedException(value.Describe());
        }
    }

    [Fact]
    public void Opset_differences_are_honoured_for_softmax_clip_squeeze_and_reduce()
    {
        var x = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3);
        // Softmax before opset 13 normalises over the flattened block from `axis` (default 1): all six values.
        var legacy = InferenceSession.Load(new OnnxModelBuilder().Opset("", 11).Input("X", OnnxDataType.Float, 1, 2, 3).Output("Y", OnnxDataType.Float, 1, 2, 3)
            .Node("Softmax", ["X"], ["Y"]).ToBytes());
        var modern = InferenceSession.Load(new OnnxModelBuilder().Opset("", 13).Input("X", OnnxDataType.Float, 1, 2, 3).Output("Y", OnnxDataType.Float, 1, 2, 3)
            .Node("Softmax", ["X"], ["Y"]).ToBytes());
        var l = ((Tensor<float>)legacy.Run(("X", x))["Y"]).Data;
        var m = ((Tensor<float>)modern.Run(("X", x))["Y"]).Data;
        Assert.Equal(1.0, l.Sum(), 5);
        Assert.Equal(2.0, m.Sum(), 5);

        var clip10 = InferenceSession.Load(new OnnxModelBuilder().Opset("", 10).Input("X", OnnxDataType.Float, 3).Output("Y", OnnxDataType.Float, 3)
            .Node("Clip", ["X"], ["Y"], [OnnxAttribute.Of("min", 0f), OnnxAttribute.Of("max", 1f)]).ToBytes());
        var clip13 = InferenceSession.Load(new OnnxModelBuilder().Opset("", 13).Input("X", OnnxDataType.Float, 3).Output("Y", OnnxDataType.Float, 3)
            .Initializer("lo", new[] { 0f }).Initializer("hi", new[] { 1f })
            .Node("Clip", ["X", "lo", "hi"], ["Y"]).ToBytes());
        var v = Tensor.Create(new[] { -1f, 0.5f, 2f }, 3);
        Assert.Equal(new[] { 0f, 0.5f, 1f }, ((Tensor<float>)clip10.Run(("X", v))["Y"]).Data);
        Assert.Equal(new[] { 0f, 0.5f, 1f }, ((Tensor<float>)clip13.Run(("X", v))["Y"]).Data);

        var squeeze11 = InferenceSession.Load(new OnnxModelBuilder().Opset("", 11).Input("X", OnnxDataType.Float, 1, 2, 3).Output("Y", OnnxDataType.Float, 2, 3)
            .Node("Squeeze", ["X"], ["Y"], [OnnxAttribute.Of("axes", new long[] { 0 })]).ToBytes());
        var reduce13 = InferenceSession.Load(new OnnxModelBuilder().Opset("", 13).Input("X", OnnxDataType.Float, 1, 2, 3).Output("Y", OnnxDataType.Float, 1, 2)
            .Initializer("axes", new long[] { 2 }, 1).Node("ReduceSum", ["X", "axes"], ["Y"], [OnnxAttribute.Of("keepdims", 0L)]).ToBytes());
        Assert.Equal([2, 3], squeeze11.Run(("X", x))["Y"] is Tensor t ? t.Dimensions : []);
        Assert.Equal(new[] { 6f, 15f }, ((Tensor<float>)reduce13.Run(("X", x))["Y"]).Data);
    }
}
