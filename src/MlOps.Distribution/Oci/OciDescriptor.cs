using System.Text.Json.Nodes;

namespace MlOps.Distribution.Oci;

/// <summary>An OCI content descriptor: what a manifest or an index says about a blob or another manifest.</summary>
/// <param name="MediaType">The content's media type.</param>
/// <param name="Digest">"sha256:…".</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="ArtifactType">The artifactType of a manifest listed in an index, if any.</param>
/// <param name="Annotations">Annotations, if any.</param>
public sealed record OciDescriptor(string MediaType, string Digest, long Size, string? ArtifactType = null, IReadOnlyDictionary<string, string>? Annotations = null)
{
    /// <summary>The descriptor as JSON, keys in the spec's order (the bytes are hashed: the order is fixed).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Size };
        if (ArtifactType is not null)
        {
            json["artifactType"] = ArtifactType;
        }
        if (Annotations is { Count: > 0 })
        {
            json["annotations"] = OciJson.Annotations(Annotations);
        }
        return json;
    }

    /// <summary>Reads a descriptor; null when a required field is missing or of the wrong kind.</summary>
    public static OciDescriptor? From(JsonNode? node)
    {
        if (node is not JsonObject json || json["mediaType"]?.GetValueKind() != System.Text.Json.JsonValueKind.String ||
            json["digest"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || json["size"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return null;
        }
        var annotations = json["annotations"] as JsonObject;
        return new OciDescriptor((string)json["mediaType"]!, (string)json["digest"]!, (long)json["size"]!,
            json["artifactType"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)json["artifactType"]! : null,
            annotations?.Where(p => p.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String).ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal));
    }
}
