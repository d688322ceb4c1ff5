using System.Text;
using MlOps.Governance.Cards;
using HtmlText = MlOps.Governance.Cards.Html;

namespace MlOps.Release.Dossier;

/// <summary>
/// Writes a section's body as Markdown and HTML side by side, so both renderings say the same thing. Every
/// text is escaped here; the author's prose goes through the card's <see cref="ProseRenderer"/> (raw HTML
/// escaped, images as links), as it does in the card.
/// </summary>
internal sealed class DossierContent
{
    private readonly StringBuilder _md = new();
    private readonly StringBuilder _html = new();

    public string Markdown => _md.ToString();

    public string Html => _html.ToString();

    /// <summary>A paragraph of plain text.</summary>
    public DossierContent Text(string text)
    {
        _md.Append(MarkdownText.Escape(text)).Append("\n\n");
        _html.Append("<p>").Append(HtmlText.Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A sub-heading (the Annex IV letter it answers, e.g. "2(g) Validation and testing").</summary>
    public DossierContent Heading(string text)
    {
        _md.Append("### ").Append(MarkdownText.Escape(text)).Append("\n\n");
        _html.Append("<h3>").Append(HtmlText.Escape(text)).Append("</h3>\n");
        return this;
    }

    /// <summary>The author's Markdown under a heading, when present.</summary>
    public DossierContent Prose(string heading, string? markdown)
    {
        if (markdown is null)
        {
            return this;
        }
        Heading(heading);
        _md.Append(DemoteHeadings(markdown.Trim('\n'))).Append("\n\n");
        _html.Append(ProseRenderer.ToHtml(markdown, AuthorHeadingOffset));
        return this;
    }

    /// <summary>The author's headings sit under the section's h2 and the prose's own h3: "# Notes" becomes h4.</summary>
    private const int AuthorHeadingOffset = 3;

    /// <summary>The Markdown twin of the HTML offset: ATX headings outside fenced code get three more '#' (at most six).</summary>
    private static string DemoteHeadings(string markdown)
    {
        var lines = markdown.Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart(' ');
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            var level = trimmed.TakeWhile(c => c == '#').Count();
            if (!fenced && level is >= 1 and <= 6 && (trimmed.Length == level || trimmed[level] is ' ' or '\t'))
            {
                lines[i] = new string('#', Math.Min(6, level + AuthorHeadingOffset)) + trimmed[level..];
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>A two-column table of facts; values marked Code are set as code (digests, paths).</summary>
    public DossierContent Facts(IEnumerable<(string Name, string Value, bool Code)> facts)
    {
        _md.Append("| | |\n|---|---|\n");
        _html.Append("<table class=\"facts\">\n<tbody>\n");
        foreach (var (name, value, code) in facts)
        {
            _md.Append("| ").Append(MarkdownText.Cell(name)).Append(" | ").Append(code ? MarkdownText.Code(value) : MarkdownText.Cell(value)).Append(" |\n");
            _html.Append("<tr><th scope=\"row\">").Append(HtmlText.Escape(name)).Append("</th><td>").Append(Cell(value, code)).Append("</td></tr>\n");
        }
        _md.Append('\n');
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>A table; the columns named in <paramref name="codeColumns"/> are set as code.</summary>
    public DossierContent Table(string caption, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, params int[] codeColumns)
    {
        _md.Append("| ").Append(string.Join(" | ", header.Select(MarkdownText.Cell))).Append(" |\n");
        _md.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        _html.Append("<table>\n<caption>").Append(HtmlText.Escape(caption)).Append("</caption>\n<thead><tr>");
        foreach (var h in header)
        {
            _html.Append("<th scope=\"col\">").Append(HtmlText.Escape(h)).Append("</th>");
        }
        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _md.Append("| ").Append(string.Join(" | ", row.Select((c, i) => codeColumns.Contains(i) ? MarkdownText.Code(c) : MarkdownText.Cell(c)))).Append(" |\n");
            _html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                _html.Append("<td>").Append(Cell(row[i], codeColumns.Contains(i))).Append("</td>");
            }
            _html.Append("</tr>\n");
        }
        _md.Append('\n');
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>Markdown and HTML a renderer of the card already made safe (an evidence section).</summary>
    public DossierContent Rendered(string markdown, string html)
    {
        _md.Append(markdown.TrimEnd('\n')).Append("\n\n");
        _html.Append(html.TrimEnd('\n')).Append('\n');
        return this;
    }

    private static string Cell(string value, bool code) =>
        code ? $"<code>{HtmlText.Escape(value)}</code>" : HtmlText.Escape(value);
}
