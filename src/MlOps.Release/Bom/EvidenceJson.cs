using System.Text.Json;

namespace MlOps.Release.Bom;

/// <summary>
/// Forgiving reads over evidence JSON: a missing, null or mistyped field reads as null and is left out of the BOM
/// (evidence files were validated against their contract when the artefact was built; the BOM maps what is there).
/// </summary>
internal static class EvidenceJson
{
    public static JsonElement? Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Get(this JsonElement? element, string name) => element is { } e ? e.Get(name) : null;

    public static string? Text(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    /// <summary>
    /// A number exactly as the evidence spells it (its shortest round-trip form), or null: CycloneDX metric values
    /// are strings, and re-formatting a double could only lose the evidence's digits.
    /// </summary>
    public static string? NumberText(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e ? e.GetRawText() : null;

    public static double? Number(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e ? e.GetDouble() : null;

    public static bool? Bool(this JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static IEnumerable<JsonProperty> Properties(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e ? e.EnumerateObject() : [];
}
