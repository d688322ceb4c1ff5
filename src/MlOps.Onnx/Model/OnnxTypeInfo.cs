namespace MlOps.Onnx;

/// <summary>
/// The type of a graph value (ONNX <c>TypeProto</c>): a tensor with element type and optional shape,
/// a sequence, a map, an optional or a sparse tensor. Immutable.
/// </summary>
public sealed class OnnxTypeInfo
{
    private readonly IReadOnlyList<OnnxDim>? _shape;

    /// <summary>Which case of the type this is.</summary>
    public OnnxTypeKind Kind { get; init; }

    /// <summary>The element type of a tensor or sparse tensor; <see cref="OnnxDataType.Undefined"/> otherwise.</summary>
    public OnnxDataType ElementType { get; init; }

    /// <summary>
    /// The shape of a tensor or sparse tensor; null when the shape (even its rank) is unknown,
    /// empty for a scalar.
    /// </summary>
    public IReadOnlyList<OnnxDim>? Shape { get => _shape; init => _shape = value is null ? null : FrozenList<OnnxDim>.Of(value); }

    /// <summary>The element type of a sequence or optional.</summary>
    public OnnxTypeInfo? Element { get; init; }

    /// <summary>The key type of a map.</summary>
    public OnnxDataType KeyType { get; init; }

    /// <summary>The value type of a map.</summary>
    public OnnxTypeInfo? ValueType { get; init; }

    /// <summary>The optional type denotation; "" when absent.</summary>
    public string Denotation { get; init; } = "";

    /// <summary>Fields this reader does not model, kept byte for byte so that writing preserves them.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>A tensor type with a known shape (no dims: a scalar).</summary>
    public static OnnxTypeInfo Tensor(OnnxDataType elementType, params OnnxDim[] shape) =>
        new() { Kind = OnnxTypeKind.Tensor, ElementType = elementType, Shape = shape };

    /// <summary>A tensor type whose shape (even its rank) is unknown.</summary>
    public static OnnxTypeInfo TensorOfUnknownShape(OnnxDataType elementType) =>
        new() { Kind = OnnxTypeKind.Tensor, ElementType = elementType };

    /// <summary>A sparse tensor type.</summary>
    public static OnnxTypeInfo SparseTensor(OnnxDataType elementType, params OnnxDim[] shape) =>
        new() { Kind = OnnxTypeKind.SparseTensor, ElementType = elementType, Shape = shape };

    /// <summary>A sequence type.</summary>
    public static OnnxTypeInfo SequenceOf(OnnxTypeInfo element) =>
        new() { Kind = OnnxTypeKind.Sequence, Element = element };

    /// <summary>A map type, for example ZipMap's <c>map(int64, tensor(float))</c>.</summary>
    public static OnnxTypeInfo MapOf(OnnxDataType keyType, OnnxTypeInfo valueType) =>
        new() { Kind = OnnxTypeKind.Map, KeyType = keyType, ValueType = valueType };

    /// <summary>An optional type.</summary>
    public static OnnxTypeInfo OptionalOf(OnnxTypeInfo element) =>
        new() { Kind = OnnxTypeKind.Optional, Element = element };

    /// <summary>ZipMap's output type: <c>seq(map(key, tensor(float)))</c>.</summary>
    public static OnnxTypeInfo SequenceOfMaps(OnnxDataType keyType) =>
        SequenceOf(MapOf(keyType, TensorOfUnknownShape(OnnxDataType.Float)));

    /// <summary>ONNX's own notation, for example <c>tensor(float)[N,4]</c> or <c>seq(map(int64,tensor(float)))</c>.</summary>
    public override string ToString() => Kind switch
    {
        OnnxTypeKind.Tensor => $"tensor({OnnxNames.Of(ElementType)}){ShapeText()}",
        OnnxTypeKind.SparseTensor => $"sparse_tensor({OnnxNames.Of(ElementType)}){ShapeText()}",
        OnnxTypeKind.Sequence => $"seq({Element})",
        OnnxTypeKind.Optional => $"optional({Element})",
        OnnxTypeKind.Map => $"map({OnnxNames.Of(KeyType)},{ValueType})",
        _ => "unknown",
    };

    private string ShapeText() => Shape is null ? "" : "[" + string.Join(",", Shape) + "]";
}
