using System.Globalization;
using System.Text.Json;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// Small, forgiving readers over evidence JSON for the renderers: a missing or null field reads as null
/// (a card shows "n/a"), never as an exception, because the evidence file was validated when it was loaded.
/// </summary>
internal static class EvidenceReading
{
    public static JsonElement? Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Get(this JsonElement? element, string name) => element is { } e ? e.Get(name) : null;

    public static double? Number(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e ? e.GetDouble() : null;

    public static double? Number(this JsonElement element, string name) => element.Get(name).Number();

    public static string? Text(this JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } e => e.GetRawText(),
        _ => null,
    };

    public static string? Text(this JsonElement element, string name) => element.Get(name).Text();

    public static bool? Bool(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static IEnumerable<JsonProperty> Properties(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e ? e.EnumerateObject() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray() : [];

    public static IReadOnlyList<double> Numbers(this JsonElement? element) =>
        element.Items().Select(i => i.ValueKind == JsonValueKind.Number ? i.GetDouble() : double.NaN).ToList();

    /// <summary>A figure for people: up to 4 decimals (fixed, invariant), "n/a" when undefined.</summary>
    public static string Figure(double? value) => value is { } v && double.IsFinite(v)
        ? Math.Abs(v) >= 1000 ? v.ToString("#,0.##", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture)
        : "n/a";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(double? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>"camelCaseName" as "camel case name".</summary>
    public static string Words(string camelCase)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in camelCase)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append(' ');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
