namespace MlOps.Onnx.Evaluation;

/// <summary>Maps between CLR element types and ONNX element types; the one place that lists what is supported.</summary>
internal static class ElementTypes
{
    /// <summary>The ONNX type of CLR type <paramref name="type"/>.</summary>
    public static OnnxDataType Of(Type type) =>
        type == typeof(float) ? OnnxDataType.Float :
        type == typeof(double) ? OnnxDataType.Double :
        type == typeof(long) ? OnnxDataType.Int64 :
        type == typeof(int) ? OnnxDataType.Int32 :
        type == typeof(bool) ? OnnxDataType.Bool :
        type == typeof(string) ? OnnxDataType.String :
        type == typeof(uint) ? OnnxDataType.UInt32 :
        throw new ArgumentException($"Element type {type.Name} is not supported; use float, double, long, int, bool or string.");

    /// <summary>
    /// True when the evaluator supports tensors of <paramref name="type"/>. uint32 is there for ML.NET's key type: its
    /// ONNX export casts category indices to uint32 and back (LabelEncoder, Cast, Cast, OneHotEncoder); only Cast,
    /// Identity and the integer readers of the ML kernels take it.
    /// </summary>
    public static bool IsSupported(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double
        or OnnxDataType.Int64 or OnnxDataType.Int32 or OnnxDataType.Bool or OnnxDataType.String or OnnxDataType.UInt32;

    /// <summary>True for float and double.</summary>
    public static bool IsFloating(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double;

    /// <summary>True for the numeric types (float, double, int64, int32).</summary>
    public static bool IsNumeric(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double
        or OnnxDataType.Int64 or OnnxDataType.Int32;

    /// <summary>The ONNX spelling of a type, as in <c>tensor(float)</c>.</summary>
    public static string Name(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => "float",
        OnnxDataType.Double => "double",
        OnnxDataType.Int64 => "int64",
        OnnxDataType.Int32 => "int32",
        OnnxDataType.Bool => "bool",
        OnnxDataType.String => "string",
        OnnxDataType.UInt32 => "uint32",
        _ => type.ToString().ToLowerInvariant(),
    };
}
