namespace MlOps.Onnx;

/// <summary>Attribute kinds, numbered exactly as ONNX's <c>AttributeProto.AttributeType</c>.</summary>
public enum OnnxAttributeType
{
    /// <summary>Not set and not inferable from the fields present.</summary>
    Undefined = 0,
    /// <summary>A single float (<see cref="OnnxAttribute.Float"/>).</summary>
    Float = 1,
    /// <summary>A single 64-bit integer (<see cref="OnnxAttribute.Int"/>).</summary>
    Int = 2,
    /// <summary>A single string (<see cref="OnnxAttribute.String"/>).</summary>
    String = 3,
    /// <summary>A tensor (<see cref="OnnxAttribute.Tensor"/>).</summary>
    Tensor = 4,
    /// <summary>A subgraph (<see cref="OnnxAttribute.Graph"/>).</summary>
    Graph = 5,
    /// <summary>A list of floats.</summary>
    Floats = 6,
    /// <summary>A list of 64-bit integers.</summary>
    Ints = 7,
    /// <summary>A list of strings.</summary>
    Strings = 8,
    /// <summary>A list of tensors.</summary>
    Tensors = 9,
    /// <summary>A list of subgraphs.</summary>
    Graphs = 10,
    /// <summary>A sparse tensor (kept as preserved bytes, not decoded).</summary>
    SparseTensor = 11,
    /// <summary>A list of sparse tensors (kept as preserved bytes, not decoded).</summary>
    SparseTensors = 12,
    /// <summary>A type (kept as preserved bytes, not decoded).</summary>
    TypeProto = 13,
    /// <summary>A list of types (kept as preserved bytes, not decoded).</summary>
    TypeProtos = 14,
}
