using System.Runtime.InteropServices;

namespace MlOps.Onnx.Tests.Io;

public sealed class OnnxTensorReadingTests
{
    [Fact]
    public void Parsing_keeps_raw_data_as_a_slice_of_the_source_bytes()
    {
        var weights = Enumerable.Range(0, 1 << 20).Select(i => (float)i).ToArray();
        var bytes = new OnnxModelBuilder().Input("x", OnnxDataType.Float).Output("x", OnnxDataType.Float)
            .Initializer("w", weights).ToBytes();

        var tensor = OnnxModel.Parse(bytes).Graph.Initializers[0];

        Assert.True(MemoryMarshal.TryGetArray(tensor.RawData, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(weights.Length * sizeof(float), segment.Count);
        Assert.Equal(weights, tensor.ToFloatArray());
    }

    [Fact]
    public void Packed_and_unpacked_repeated_fields_read_the_same()
    {
        // TensorProto by hand: dims unpacked (1: 2, 1: 2), float_data unpacked (4 x fixed32), then the same packed.
        byte[] unpacked =
        [
            0x08, 0x02, 0x08, 0x02, 0x10, 0x01,
            .. Floats(1f, 2f, 3f, 4f).Chunk(4).SelectMany(f => new byte[] { 0x25 }.Concat(f)),
            0x42, 0x01, (byte)'u',
        ];
        var packedFloats = Floats(1f, 2f, 3f, 4f);
        byte[] packed = [0x0A, 0x02, 0x02, 0x02, 0x10, 0x01, 0x22, (byte)packedFloats.Length, .. packedFloats, 0x42, 0x01, (byte)'p'];

        var graph = OnnxParseErrorTests.Concat(OnnxParseErrorTests.Wrap(5, unpacked), OnnxParseErrorTests.Wrap(5, packed));
        var model = OnnxParseErrorTests.Concat([0x08, 0x08], OnnxParseErrorTests.Wrap(7, graph));
        var tensors = OnnxModel.Parse(model).Graph.Initializers;

        Assert.Equal(["u", "p"], tensors.Select(t => t.Name));
        Assert.All(tensors, t => Assert.Equal([2L, 2L], t.Dims));
        Assert.All(tensors, t => Assert.Equal([1f, 2f, 3f, 4f], t.ToFloatArray()));
    }

    [Fact]
    public void Half_precision_and_small_integers_widen()
    {
        var half = new OnnxTensor
        {
            Name = "h",
            DataType = OnnxDataType.Float16,
            Dims = [2],
            HasRawData = true,
            RawData = MemoryMarshal.AsBytes(new[] { (Half)1.5f, (Half)(-2f) }.AsSpan()).ToArray(),
        };
        var int8 = new OnnxTensor { Name = "i8", DataType = OnnxDataType.Int8, Dims = [3], HasRawData = true, RawData = new byte[] { 0xFF, 0x7F, 0x00 } };

        Assert.Equal([1.5f, -2f], half.ToFloatArray());
        Assert.Equal([1.5, -2.0], half.ToDoubleArray());
        Assert.Equal([-1, 127, 0], int8.ToInt32Array());
        Assert.Equal([-1L, 127L, 0L], int8.ToInt64Array());
    }

    [Fact]
    public void Inconsistent_or_unsupported_data_is_a_clean_error()
    {
        var shortData = new OnnxTensor { Name = "w", DataType = OnnxDataType.Float, Dims = [2, 3], HasRawData = true, RawData = new byte[8] };
        var e = Assert.Throws<MlOpsException>(shortData.ToFloatArray);
        Assert.Contains("'w'", e.Message);
        Assert.Contains("[2,3]", e.Message);

        Assert.Equal("MLOPS102", Assert.Throws<MlOpsException>(() => OnnxTensor.Create("s", new[] { "a" }).ToFloatArray()).Code);
        Assert.Throws<MlOpsException>(() => new OnnxTensor { Name = "huge", DataType = OnnxDataType.Float, Dims = [long.MaxValue, 4] }.ToFloatArray());

        var external = new OnnxTensor
        {
            Name = "ext",
            DataType = OnnxDataType.Float,
            Dims = [4],
            DataLocation = 1,
            ExternalData = [new("location", "weights.bin")],
        };
        Assert.True(external.IsExternal);
        Assert.Contains("weights.bin", Assert.Throws<MlOpsException>(external.ToFloatArray).Message);
    }

    [Fact]
    public void Tensor_dims_cannot_be_changed_through_the_returned_array()
    {
        var tensor = OnnxTensor.Create("w", new float[6], 2, 3);
        tensor.Dims[0] = 99;
        Assert.Equal([2L, 3L], tensor.Dims);
    }

    private static byte[] Floats(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
