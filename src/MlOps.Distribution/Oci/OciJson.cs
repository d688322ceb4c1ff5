using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Hashing;

namespace MlOps.Distribution.Oci;

/// <summary>
/// The JSON documents an MlOpsBuild push writes: the model manifest, its ModelPack config, the attestations referrer and the
/// referrers index of the fallback tag. Each is built from the artefact alone (no wall clock, no host name), in a fixed key
/// order, so pushing the same artefact twice gives the same bytes and so the same manifest digest.
/// </summary>
internal static class OciJson
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The bytes of a JSON document (compact, keys in insertion order).</summary>
    public static byte[] Bytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);

    /// <summary>"sha256:" + the SHA-256 of <paramref name="bytes"/>.</summary>
    public static string DigestOf(ReadOnlySpan<byte> bytes) => "sha256:" + Sha256Hex.Of(bytes);

    /// <summary>Annotations as a JSON object, keys sorted (ordinal) so the order never depends on how they were collected.</summary>
    public static JsonObject Annotations(IReadOnlyDictionary<string, string> annotations)
    {
        var json = new JsonObject();
        foreach (var (key, value) in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }
        return json;
    }

    /// <summary>An OCI image manifest v1.1 with artifactType, config, layers, and optionally subject and annotations.</summary>
    public static byte[] Manifest(string artifactType, OciDescriptor config, IReadOnlyList<OciDescriptor> layers, OciDescriptor? subject, IReadOnlyDictionary<string, string> annotations)
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = artifactType,
            ["config"] = config.ToJson(),
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)l.ToJson()).ToArray()),
        };
        if (subject is not null)
        {
            json["subject"] = subject.ToJson();
        }
        if (annotations.Count > 0)
        {
            json["annotations"] = Annotations(annotations);
        }
        return Bytes(json);
    }

    /// <summary>An OCI image index listing <paramref name="manifests"/> (the referrers fallback tag's content).</summary>
    public static byte[] Index(IEnumerable<OciDescriptor> manifests) => Bytes(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = OciMediaTypes.ImageIndex,
        ["manifests"] = new JsonArray(manifests.Select(m => (JsonNode)m.ToJson()).ToArray()),
    });

    /// <summary>The manifests an index lists (an absent or malformed list reads as empty; malformed entries are skipped).</summary>
    public static IReadOnlyList<OciDescriptor> IndexEntries(byte[] index)
    {
        try
        {
            return JsonNode.Parse(index)?["manifests"] is JsonArray manifests ? manifests.Select(OciDescriptor.From).OfType<OciDescriptor>().ToList() : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
