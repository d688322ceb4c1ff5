using MlOps.Onnx;

namespace MlOps.Governance.Models;

/// <summary>One graph input or output: name, element type and shape as ONNX names them.</summary>
/// <param name="Name">The value name.</param>
/// <param name="ElementType">For tensors the element type ("float", "int64", ...); otherwise the ONNX type text ("seq(map(int64,tensor(float)))").</param>
/// <param name="Shape">Dimensions: a number, a symbolic name, or null for unknown; null when the rank itself is unknown.</param>
public sealed record TensorSignature(string Name, string ElementType, IReadOnlyList<object?>? Shape)
{
    /// <summary>From an ONNX value info.</summary>
    public static TensorSignature From(OnnxValueInfo value)
    {
        var type = value.Type;
        if (type is null)
        {
            return new TensorSignature(value.Name, "unknown", null);
        }
        if (type.Kind is OnnxTypeKind.Tensor or OnnxTypeKind.SparseTensor)
        {
            var element = type.Kind == OnnxTypeKind.Tensor ? OnnxNames.Of(type.ElementType) : $"sparse {OnnxNames.Of(type.ElementType)}";
            return new TensorSignature(value.Name, element, type.Shape?.Select(d => d.Value is { } v ? (object?)v : d.Param).ToList());
        }
        return new TensorSignature(value.Name, type.ToString(), null);
    }

    /// <summary>"[batch, 20]", "[?, 3]", or "unknown rank".</summary>
    public string ShapeText => Shape is null ? "unknown rank"
        : "[" + string.Join(", ", Shape.Select(d => d switch
        {
            null => "?",
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => d.ToString(),
        })) + "]";
}
