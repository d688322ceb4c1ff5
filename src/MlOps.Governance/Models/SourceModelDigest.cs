using MlOps.Onnx;
using MlOps.Hashing;

namespace MlOps.Governance.Models;

/// <summary>
/// The source-model digest evidence files record as <c>modelSha256</c> and artefacts keep as their identity:
/// the metadata <c>mlops.digest.source</c> when a packaged model carries one, else the sha256 of the model file's bytes
/// (for ONNX the model's own metadata_props; for an ML.NET .zip its <c>MlOps/mlops.digest.source</c> entry).
/// The one place that rule lives, so the packager and the evidence commands can never disagree.
/// </summary>
public static class SourceModelDigest
{

    /// <summary>The source digest of a model: its recorded digest (the last <see cref="ModelMetadataKeys.SourceDigest"/> entry, when it is 64 characters), else the sha256 of <paramref name="onnxBytes"/>.</summary>
    /// <param name="model">The parsed model.</param>
    /// <param name="onnxBytes">The bytes <paramref name="model"/> was parsed from.</param>
    public static string Of(OnnxModel model, ReadOnlySpan<byte> onnxBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        // A model packaged before keeps its original identity; anything but a sha256-length value is not a digest.
        return model.Metadata(ModelMetadataKeys.SourceDigest) is { Length: 64 } recorded ? recorded : Sha256Hex.Of(onnxBytes);
    }

    /// <summary>The source digest of an ML.NET model: its recorded digest when packaged before, else the sha256 of the .zip file's bytes.</summary>
    /// <param name="model">The read model.</param>
    /// <param name="zipBytes">The bytes <paramref name="model"/> was read from.</param>
    public static string Of(MlNetModel model, ReadOnlySpan<byte> zipBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Metadata(ModelMetadataKeys.SourceDigest) is { Length: 64 } recorded ? recorded : Sha256Hex.Of(zipBytes);
    }
}
