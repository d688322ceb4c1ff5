using System.Text.Json;
using MlOps.Serialization;

namespace MlOps.Catalog.Registering;

/// <summary>What lists and version pages show of a card (card/model-card.json, docs/model-card.md); each field optional.</summary>
/// <param name="Title">The card's title: the first sentence of its description (cards have no separate title).</param>
/// <param name="Description">The description.</param>
/// <param name="IntendedUse">The intended use.</param>
/// <param name="Owners">The owners.</param>
/// <param name="RiskLevel">The risk level word.</param>
/// <param name="EuAiActCategory">The EU AI Act category word.</param>
public sealed record CardSummary(string? Title, string? Description, string? IntendedUse, IReadOnlyList<string> Owners, string? RiskLevel, string? EuAiActCategory)
{
    private const int TitleLength = 120;

    /// <summary>Reads the summary from the card JSON; a field that is missing or of another kind is null, never an error.</summary>
    public static CardSummary Read(string cardJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(cardJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new CardSummary(null, null, null, [], null, null);
            }
            var description = JsonFields.String(root, "description");
            var owners = root.TryGetProperty("owners", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!).ToList()
                : [];
            var risk = root.TryGetProperty("risk", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
            return new CardSummary(TitleOf(description), description, JsonFields.String(root, "intendedUse"), owners,
                risk.ValueKind == JsonValueKind.Object ? JsonFields.String(risk, "level") : null,
                risk.ValueKind == JsonValueKind.Object ? JsonFields.String(risk, "euAiActCategory") : null);
        }
        catch (JsonException)
        {
            return new CardSummary(null, null, null, [], null, null);
        }
    }

    // The first sentence (or line) of the description, cut at a word when long: enough to recognise a model in a list.
    private static string? TitleOf(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }
        var text = description.Trim();
        var end = text.IndexOfAny(['\n', '\r']);
        if (end >= 0)
        {
            text = text[..end].Trim();
        }
        var sentence = text.IndexOf(". ", StringComparison.Ordinal);
        if (sentence >= 0)
        {
            text = text[..(sentence + 1)];
        }
        if (text.Length > TitleLength)
        {
            var cut = text.LastIndexOf(' ', TitleLength);
            text = text[..(cut > 0 ? cut : TitleLength)] + "…";
        }
        return text;
    }
}
