namespace MlOps.Onnx;

/// <summary>Which kind of value a <see cref="OnnxTypeInfo"/> describes (the <c>TypeProto.value</c> case).</summary>
public enum OnnxTypeKind
{
    /// <summary>No type case is set (or one this reader keeps only as bytes, such as opaque).</summary>
    None = 0,
    /// <summary>A dense tensor.</summary>
    Tensor,
    /// <summary>A sequence of values of <see cref="OnnxTypeInfo.Element"/>.</summary>
    Sequence,
    /// <summary>A map from <see cref="OnnxTypeInfo.KeyType"/> to <see cref="OnnxTypeInfo.ValueType"/>.</summary>
    Map,
    /// <summary>An optional value of <see cref="OnnxTypeInfo.Element"/>.</summary>
    Optional,
    /// <summary>A sparse tensor.</summary>
    SparseTensor,
}
