namespace MlOps.Release.Bom;

/// <summary>Card text fields as the lists CycloneDX considerations hold.</summary>
internal static class CardText
{
    /// <summary>
    /// The items of a card field: a YAML list in the card reaches <c>CardSource</c> as "- a\n- b" lines, and each
    /// becomes one item again; any other text is one item; an absent field is none.
    /// </summary>
    public static IReadOnlyList<string> Items(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var lines = text.Split('\n');
        return lines.All(l => l.StartsWith("- ", StringComparison.Ordinal))
            ? lines.Select(l => l[2..].Trim()).Where(l => l.Length > 0).ToList()
            : [text.Trim()];
    }
}
