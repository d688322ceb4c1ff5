using System.IO.Compression;
using System.Text;
using MlOps.Onnx.Tests.TestSupport;

namespace MlOps.Onnx.Tests.Io;

public sealed class OnnxParseErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-io-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Model() => OnnxModelBuilderTests.LogisticPipeline().ToBytes();

    private static MlOpsException ParseFails(byte[] bytes, string code)
    {
        var e = Assert.Throws<MlOpsException>(() => OnnxModel.Parse(bytes));
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Fix));
        return e;
    }

    [Fact]
    public void Text_file_is_not_an_onnx_model()
    {
        ParseFails(Encoding.UTF8.GetBytes("name: credit-risk\nversion: 1.0.0\n"), "MLOPS102");
        ParseFails(Encoding.UTF8.GetBytes("{\"ir_version\": 8, \"graph\": {}}"), "MLOPS102");
        ParseFails(Encoding.UTF8.GetBytes("hello world"), "MLOPS102");
    }

    [Fact]
    public void Zip_file_is_not_an_onnx_model()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("model/model.onnx").Open();
            entry.Write(Model());
        }

        ParseFails(stream.ToArray(), "MLOPS102");
    }

    [Fact]
    public void Empty_and_random_bytes_are_not_onnx_models()
    {
        ParseFails([], "MLOPS102");
        var random = new Random(1234);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            ParseFails(bytes, "MLOPS102");
        }
    }

    [Fact]
    public void Other_protobuf_messages_are_not_onnx_models()
    {
        // A bare TensorProto (what test_data_set_*/input_*.pb files hold) and a GraphProto without its ModelProto.
        var tensorOnly = OnnxWriterAccess.TensorBytes(OnnxTensor.Create("x", new[] { 1f, 2f, 3f }));
        ParseFails(tensorOnly, "MLOPS102");
        var model = OnnxModel.Parse(Model());
        var e = ParseFails(OnnxWriterAccess.GraphBytes(model.Graph), "MLOPS102");
        Assert.Contains("not an ONNX model", e.Message);
    }

    [Fact]
    public void Model_cut_short_is_truncated_and_names_the_file()
    {
        var bytes = Model();
        var path = Path.Combine(_folder, "cut.onnx");
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());

        var e = Assert.Throws<MlOpsException>(() => OnnxModel.Load(path));

        Assert.Equal("MLOPS103", e.Code);
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message);
        Assert.Contains("byte", e.Message);
        Assert.Contains("MLOPS103", e.Describe());
    }

    [Fact]
    public void Every_cut_of_a_model_is_reported_truncated_or_not_onnx()
    {
        var bytes = Model();
        var truncated = 0;
        for (var length = 1; length < bytes.Length; length++)
        {
            try
            {
                OnnxModel.Parse(bytes.AsMemory(0, length));
            }
            catch (MlOpsException e) when (e.Code is "MLOPS103")
            {
                truncated++;
            }
            catch (MlOpsException e) when (e.Code is "MLOPS102")
            {
                // A cut right after the first field leaves no opsets: indistinguishable from other protobuf.
            }
        }

        // Every cut after the header has been read must say "truncated", not merely "not ONNX".
        Assert.True(truncated >= bytes.Length - 20, $"{truncated} of {bytes.Length - 1} cuts reported as truncated");
    }

    [Fact]
    public void Missing_file_is_reported_with_its_code()
    {
        var path = Path.Combine(_folder, "absent.onnx");
        var e = Assert.Throws<MlOpsException>(() => OnnxModel.Load(path));
        Assert.Equal("MLOPS101", e.Code);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Metadata_writer_rejects_what_the_parser_rejects()
    {
        var e = Assert.Throws<MlOpsException>(() => OnnxMetadataWriter.WithMetadata("not a model"u8, [new("k", "v")], "x.onnx"));
        Assert.Equal("MLOPS102", e.Code);
        Assert.Equal("x.onnx", e.File);
        var bytes = Model();
        Assert.Equal("MLOPS103", Assert.Throws<MlOpsException>(() => OnnxMetadataWriter.WithMetadata(bytes.AsSpan(0, bytes.Length - 5), [])).Code);
    }

    [Fact]
    public void Deeply_nested_types_are_rejected_without_overflowing_the_stack()
    {
        // 100,000 nested sequence types: a hostile file the recursion bound must stop early.
        var typeProto = NestedSequences(100_000);

        var valueInfo = Concat(Wrap(1, "x"u8.ToArray()), Wrap(2, typeProto));
        var graph = Wrap(11, valueInfo);
        var model = Concat([0x08, 0x08], Wrap(7, graph), Wrap(8, Concat(Wrap(1, []), [0x10, 0x11])));

        var e = ParseFails(model, "MLOPS102");
        Assert.Contains("nest", e.Message);
    }

    [Fact]
    public void Wrong_wire_type_for_a_known_field_is_not_onnx()
    {
        // ir_version (field 1) as a string instead of a varint.
        var e = ParseFails(Concat(Wrap(1, "8"u8.ToArray()), Wrap(7, [])), "MLOPS102");
        Assert.Contains("ir_version", e.Message);
    }

    /// <summary>TypeProto bytes: <paramref name="depth"/> sequence types around a float tensor type, built in linear time.</summary>
    private static byte[] NestedSequences(int depth)
    {
        // Innermost: tensor_type { elem_type: 1 } = 0A 02 08 01. Each level adds sequence_type { elem_type { ... } }.
        var sizes = new int[depth + 1];
        sizes[0] = 4;
        for (var i = 1; i <= depth; i++)
        {
            var elem = 1 + VarintSize(sizes[i - 1]) + sizes[i - 1];
            sizes[i] = 1 + VarintSize(elem) + elem;
        }

        var bytes = new List<byte>(sizes[depth]);
        for (var i = depth; i >= 1; i--)
        {
            var elem = 1 + VarintSize(sizes[i - 1]) + sizes[i - 1];
            bytes.Add(0x22); // field 4, length-delimited
            AddVarint(bytes, elem);
            bytes.Add(0x0A); // field 1, length-delimited
            AddVarint(bytes, sizes[i - 1]);
        }

        bytes.AddRange([0x0A, 0x02, 0x08, 0x01]);
        return bytes.ToArray();
    }

    private static int VarintSize(int v) => v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : 4;

    private static void AddVarint(List<byte> bytes, int v)
    {
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
    }

    internal static byte[] Wrap(int field, byte[] content)
    {
        var length = new List<byte>();
        var v = (uint)content.Length;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            length.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return Concat([(byte)((field << 3) | 2)], length.ToArray(), content);
    }

    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}

/// <summary>Serializes single messages with the library's writer, for tests that need bare GraphProto or TensorProto bytes.</summary>
internal static class OnnxWriterAccess
{
    public static byte[] TensorBytes(OnnxTensor tensor)
    {
        // A one-node graph whose only content is the initializer; its bytes are then cut out of the model.
        var model = new OnnxModelBuilder().Initializer(tensor).Build();
        var graph = GraphBytes(model.Graph);
        var parsed = ReadFields(graph).First(f => f.Field == 5);
        return parsed.Content;
    }

    public static byte[] GraphBytes(OnnxGraph graph)
    {
        var model = new OnnxModel { IrVersion = 8, Graph = graph };
        return ReadFields(OnnxWriter.Write(model)).First(f => f.Field == 7).Content;
    }

    private static IEnumerable<(int Field, byte[] Content)> ReadFields(byte[] message)
    {
        var input = new Google.Protobuf.CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Google.Protobuf.WireFormat.GetTagWireType(tag) == Google.Protobuf.WireFormat.WireType.LengthDelimited)
            {
                yield return (Google.Protobuf.WireFormat.GetTagFieldNumber(tag), input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
    }
}
