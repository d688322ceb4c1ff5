using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MlOps.Catalog.Store;

namespace MlOps.Catalog.Web.Api;

/// <summary>The read-only JSON API's shapes: camelCase, stages as lower-case words, the card and evidence as JSON.</summary>
internal static class ApiJson
{
    /// <summary>camelCase names, lower-case stage words, nulls kept (a missing commit is a fact worth showing).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Readable quotes and angle brackets for curl users; safe because the body is application/json with nosniff.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    /// <summary>One version with its card, evidence summary, attestations (without the envelopes) and stage history.</summary>
    public static object Version(VersionRecord v, IReadOnlyList<StoredAttestation> attestations, IReadOnlyList<StageChange> history) => new
    {
        v.Model,
        v.Version,
        v.Stage,
        v.Title,
        v.Digest,
        v.FileSha256,
        v.Size,
        v.RiskLevel,
        v.EuAiActCategory,
        v.Commit,
        v.RepositoryUrl,
        v.Location,
        v.RegisteredAt,
        v.RegisteredBy,
        Card = Parse(v.CardJson),
        Evidence = Parse(v.EvidenceJson),
        Attestations = attestations.Select(a => new { a.Sha256, a.PredicateType, a.KeyId }),
        StageHistory = history.Select(c => new { c.From, c.To, c.Actor, c.At, c.Reason, c.AttestationSha256 }),
    };

    /// <summary>An error body: what went wrong, how to fix it, and the diagnostic code when there is one.</summary>
    public static object Error(string error, string? fix = null, string? diagnostic = null) => new { error, fix, diagnostic };

    // Stored JSON goes out as JSON; text that does not parse goes out as a string rather than failing the request.
    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
