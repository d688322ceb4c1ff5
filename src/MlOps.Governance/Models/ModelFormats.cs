namespace MlOps.Governance.Models;

/// <summary>
/// The model formats an artefact can package (<see cref="ModelDescription.Format"/>, the manifest's
/// <c>model.format</c>), told apart by content rather than by extension: an ML.NET model is a ZIP archive, an ONNX
/// model a protobuf message (which never starts with the ZIP signature).
/// </summary>
public static class ModelFormats
{
    /// <summary>An ONNX model (<c>model/model.onnx</c> in an artefact).</summary>
    public const string Onnx = "onnx";

    /// <summary>An ML.NET model as <c>MLContext.Model.Save</c> writes it (<c>model/model.zip</c> in an artefact).</summary>
    public const string MlNet = "mlnet";

    /// <summary>True when <paramref name="bytes"/> start with a ZIP local header: an ML.NET model, never ONNX.</summary>
    public static bool IsZip(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;

    /// <summary>The format of model <paramref name="bytes"/>: <see cref="MlNet"/> for a ZIP archive, else <see cref="Onnx"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => IsZip(bytes) ? MlNet : Onnx;
}
