namespace MlOps.Governance.Cards;

/// <summary>Markdown escaping for generated card text (values that must not become markup).</summary>
public static class MarkdownText
{
    /// <summary>Escapes characters that Markdown would interpret, for use inside a paragraph.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#')
            {
                sb.Append('\\');
            }
            sb.Append(c is '\n' or '\r' ? ' ' : c);
        }
        return sb.ToString();
    }

    /// <summary>Escapes a table cell (pipes and line breaks).</summary>
    public static string Cell(string? text) => Escape(text);

    /// <summary>Inline code, choosing a fence that the text cannot close.</summary>
    public static string Code(string? text)
    {
        text ??= "";
        var fence = text.Contains('`') ? "``" : "`";
        return $"{fence}{(text.StartsWith('`') || text.EndsWith('`') ? " " + text + " " : text)}{fence}";
    }
}
