using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Serialization;

namespace MlOps.Catalog.Views;

/// <summary>One evidence file as the catalog summarised it.</summary>
public sealed record EvidenceItem(string Kind, string? Verdict, string? Sha256 = null, string? Path = null);

/// <summary>
/// What a version's stored evidence summary (<see cref="Store.VersionRecord.EvidenceJson"/>) says: the evidence kinds
/// with their verdicts, and the gate's verdict with its unmet requirements. Read leniently: a page shows what is
/// there and says "not recorded" for what is not, rather than failing on a summary written by an older registration.
/// </summary>
public sealed record EvidenceSummary(IReadOnlyList<EvidenceItem> Evidence, string? GateVerdict, int Met, int Total, IReadOnlyList<string> Unmet, bool Readable)
{
    /// <summary>Reads the summary; <see cref="Readable"/> is false when the text is not JSON.</summary>
    public static EvidenceSummary Read(string? json)
    {
        JsonNode? root;
        try
        {
            root = string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return new EvidenceSummary([], null, 0, 0, [], Readable: false);
        }
        var items = (root is JsonArray a ? a : root?["evidence"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var evidence = items.Select(i => new EvidenceItem(JsonFields.String(i["kind"]) ?? "?", JsonFields.String(i["verdict"]), JsonFields.String(i["sha256"]), JsonFields.String(i["path"]))).ToList();
        // The gate's requirements: a "gate" object at the top, or the gate evidence item itself.
        var gate = root?["gate"] as JsonObject ?? items.FirstOrDefault(i => JsonFields.String(i["kind"]) == "gate");
        if (gate is null)
        {
            return new EvidenceSummary(evidence, null, 0, 0, [], Readable: true);
        }
        var requirements = (gate["requirements"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var unmet = requirements.Where(r => r["met"] is JsonValue m && m.TryGetValue<bool>(out var met) && !met)
            .Select(r => Describe(r)).ToList();
        // A summary may list only the unmet ones, as strings ("description: detail"), the way gate.json does.
        if (unmet.Count == 0 && gate["unmet"] is JsonArray listed)
        {
            unmet = listed.Select(n => n is JsonObject o ? Describe(o) : JsonFields.String(n) ?? "").Where(s => s.Length > 0).ToList();
        }
        var total = requirements.Count;
        return new EvidenceSummary(evidence, JsonFields.String(gate["verdict"]), total - unmet.Count, total, unmet, Readable: true);
    }

    private static string Describe(JsonObject requirement)
    {
        var description = JsonFields.String(requirement["description"]) ?? JsonFields.String(requirement["id"]) ?? "requirement";
        return JsonFields.String(requirement["detail"]) is { Length: > 0 } detail ? $"{description}: {detail}" : description;
    }
}
