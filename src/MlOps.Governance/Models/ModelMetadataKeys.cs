namespace MlOps.Governance.Models;

/// <summary>
/// The metadata keys a packaged model carries (docs/artefact-format.md): ONNX metadata_props, or for an ML.NET model
/// entries under <see cref="MlNetModel.MetadataFolder"/>. Written by the packager, read by the gate, the runtime and the
/// analyzers' code fixes (which spell them as strings: they reference nothing).
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>The card source Markdown.</summary>
    public const string Card = "mlops.card";

    /// <summary>The model name.</summary>
    public const string Name = "mlops.name";

    /// <summary>The version.</summary>
    public const string Version = "mlops.version";

    /// <summary>sha256 of the source ONNX as trained (<see cref="SourceModelDigest"/>).</summary>
    public const string SourceDigest = "mlops.digest.source";
}
