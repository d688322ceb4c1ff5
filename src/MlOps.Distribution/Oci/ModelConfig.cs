using System.Text.Json.Nodes;
using MlOps.Governance.Artefacts;
using MlOps.Serialization;

namespace MlOps.Distribution.Oci;

/// <summary>
/// The config blob of a model manifest: a CNCF ModelPack model configuration (application/vnd.cncf.model.config.v1+json), so
/// registry browsers and ModelPack-aware tools show the model's name, version and creation time. The only deviation: the
/// one diffId is the SHA-256 of the .mlpkg (a ZIP), not of an uncompressed tar.
/// </summary>
internal static class ModelConfig
{
    /// <summary>The config for <paramref name="manifest"/> whose .mlpkg layer has <paramref name="layerDigest"/>.</summary>
    public static byte[] For(ArtefactManifest manifest, string layerDigest)
    {
        var descriptor = new JsonObject
        {
            ["name"] = manifest.Name,
            ["version"] = manifest.Version,
            ["createdAt"] = UtcTime.FromUnixSeconds(manifest.Lineage.SourceDateEpoch),
        };
        if (manifest.Lineage.Commit is { } commit)
        {
            descriptor["revision"] = commit;
        }
        return OciJson.Bytes(new JsonObject
        {
            ["descriptor"] = descriptor,
            ["config"] = new JsonObject { ["format"] = "onnx" },
            ["modelfs"] = new JsonObject { ["type"] = "layers", ["diffIds"] = new JsonArray(layerDigest) },
        });
    }

    /// <summary>The model manifest's annotations: title, version, created (the reproducible clock), revision, the artefact digest.</summary>
    public static Dictionary<string, string> Annotations(ArtefactManifest manifest, string artefactDigest)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OciMediaTypes.TitleAnnotation] = manifest.Name,
            [OciMediaTypes.VersionAnnotation] = manifest.Version,
            [OciMediaTypes.CreatedAnnotation] = UtcTime.FromUnixSeconds(manifest.Lineage.SourceDateEpoch),
            [OciMediaTypes.ArtefactDigestAnnotation] = "sha256:" + artefactDigest,
        };
        if (manifest.Lineage.Commit is { } commit)
        {
            annotations[OciMediaTypes.RevisionAnnotation] = commit;
        }
        return annotations;
    }
}
