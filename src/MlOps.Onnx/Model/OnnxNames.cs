namespace MlOps.Onnx;

/// <summary>ONNX's lower-case spelling of element types, as its documentation and tools print them.</summary>
public static class OnnxNames
{
    /// <summary>For example "float", "int64", "string"; "undefined(n)" for numbers ONNX does not define.</summary>
    public static string Of(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => "float",
        OnnxDataType.UInt8 => "uint8",
        OnnxDataType.Int8 => "int8",
        OnnxDataType.UInt16 => "uint16",
        OnnxDataType.Int16 => "int16",
        OnnxDataType.Int32 => "int32",
        OnnxDataType.Int64 => "int64",
        OnnxDataType.String => "string",
        OnnxDataType.Bool => "bool",
        OnnxDataType.Float16 => "float16",
        OnnxDataType.Double => "double",
        OnnxDataType.UInt32 => "uint32",
        OnnxDataType.UInt64 => "uint64",
        OnnxDataType.Complex64 => "complex64",
        OnnxDataType.Complex128 => "complex128",
        OnnxDataType.BFloat16 => "bfloat16",
        OnnxDataType.Float8E4M3FN => "float8e4m3fn",
        OnnxDataType.Float8E4M3FNUZ => "float8e4m3fnuz",
        OnnxDataType.Float8E5M2 => "float8e5m2",
        OnnxDataType.Float8E5M2FNUZ => "float8e5m2fnuz",
        OnnxDataType.UInt4 => "uint4",
        OnnxDataType.Int4 => "int4",
        OnnxDataType.Float4E2M1 => "float4e2m1",
        _ => $"undefined({(int)type})",
    };
}
