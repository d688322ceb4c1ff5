using Google.Protobuf;

namespace MlOps.Onnx;

/// <summary>One wire field as read: number, wire type and value or content range (absolute offsets in the source array).</summary>
internal readonly struct ProtoField
{
    public int Number { get; init; }

    public WireFormat.WireType WireType { get; init; }

    /// <summary>Offset of the field's tag: [TagStart, End) is the whole field, copied verbatim when preserved.</summary>
    public int TagStart { get; init; }

    public int End { get; init; }

    /// <summary>The varint, fixed32 or fixed64 value (raw bits).</summary>
    public ulong Scalar { get; init; }

    /// <summary>Start of a length-delimited field's content.</summary>
    public int ContentStart { get; init; }

    public int ContentLength => End - ContentStart;
}
