using System.Text;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// Writes the same content as Markdown and HTML side by side, so both renderings of a card say the same
/// thing. Charts are HTML only (inline SVG); the Markdown carries the numbers they draw as tables.
/// </summary>
internal sealed class SectionBuilder
{
    /// <summary>The class of a highlighted table row (the card's stylesheet colours it).</summary>
    public const string FlaggedClass = "flagged";

    /// <summary>The class of a highlighted name (a drifted feature).</summary>
    public const string BadgeClass = "badge verdict-failed";

    // The card's verdict-failed tint, inline as well, so a fragment embedded elsewhere keeps its highlight.
    private const string FlaggedBackground = "#fce8e6";

    private readonly StringBuilder _md = new();
    private readonly StringBuilder _html = new();

    public SectionBuilder Paragraph(string markdown, string html)
    {
        _md.Append(markdown).Append("\n\n");
        _html.Append("<p>").Append(html).Append("</p>\n");
        return this;
    }

    /// <summary>A paragraph of plain text (escaped for both outputs).</summary>
    public SectionBuilder Text(string text) => Paragraph(MarkdownText.Escape(text), Html.Escape(text));

    public SectionBuilder Heading(string text)
    {
        _md.Append("#### ").Append(MarkdownText.Escape(text)).Append("\n\n");
        _html.Append("<h4>").Append(Html.Escape(text)).Append("</h4>\n");
        return this;
    }

    /// <summary>Charts in a wrapping row; inline styles so the layout holds whatever the card's stylesheet.</summary>
    public SectionBuilder Charts(IEnumerable<string> svgs)
    {
        _html.Append("<div class=\"mlops-charts\" style=\"display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;margin:8px 0\">\n");
        foreach (var svg in svgs)
        {
            _html.Append("<figure class=\"mlops-chart\" style=\"margin:0\">").Append(svg).Append("</figure>\n");
        }
        _html.Append("</div>\n");
        return this;
    }

    /// <summary>A table; rows for which <paramref name="flagged"/> holds (a drifted feature, a failed check) are highlighted.</summary>
    public SectionBuilder Table(string caption, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows,
        Func<IReadOnlyList<string>, bool>? flagged = null)
    {
        var list = rows.ToList();
        _md.Append("| ").Append(string.Join(" | ", header.Select(MarkdownText.Cell))).Append(" |\n");
        _md.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (var row in list)
        {
            // Markdown has no classes: a flagged row is bold, which every renderer shows.
            var bold = flagged?.Invoke(row) == true;
            _md.Append("| ").Append(string.Join(" | ", row.Select(c => bold && c.Length > 0 ? $"**{MarkdownText.Cell(c)}**" : MarkdownText.Cell(c)))).Append(" |\n");
        }
        _md.Append('\n');

        _html.Append("<table>\n<caption>").Append(Html.Escape(caption)).Append("</caption>\n<thead><tr>");
        foreach (var h in header)
        {
            _html.Append("<th scope=\"col\">").Append(Html.Escape(h)).Append("</th>");
        }
        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in list)
        {
            // The class for the card's stylesheet; the inline colour so the highlight holds in pages with their own.
            _html.Append(flagged?.Invoke(row) == true ? $"<tr class=\"{FlaggedClass}\" style=\"background:{FlaggedBackground}\">" : "<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                _html.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(Html.Escape(row[i])).Append(i == 0 ? "</th>" : "</td>");
            }
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>
    /// Names shown as highlighted badges after a lead text ("Drifted features: age, duration"): the things a reviewer
    /// must look at, so they are not buried in a table.
    /// </summary>
    public SectionBuilder Badges(string lead, IReadOnlyList<string> names)
    {
        _md.Append(MarkdownText.Escape(lead)).Append(' ').Append(string.Join(", ", names.Select(n => $"**{MarkdownText.Escape(n)}**"))).Append("\n\n");
        _html.Append("<p>").Append(Html.Escape(lead)).Append(' ')
            .Append(string.Join(" ", names.Select(n => $"<span class=\"{BadgeClass}\" style=\"background:{FlaggedBackground};padding:0 .3em;border-radius:3px\">{Html.Escape(n)}</span>")))
            .Append("</p>\n");
        return this;
    }

    /// <summary>
    /// Content that folds away (<c>&lt;details&gt;</c>, which GitHub's Markdown renders too): long profile tables and
    /// histograms a reviewer opens on demand. The card's print style shows it open.
    /// </summary>
    public SectionBuilder Fold(string summary, Action<SectionBuilder> content)
    {
        _md.Append("<details>\n<summary>").Append(Html.Escape(summary)).Append("</summary>\n\n");
        _html.Append("<details>\n<summary>").Append(Html.Escape(summary)).Append("</summary>\n");
        content(this);
        _md.Append("</details>\n\n");
        _html.Append("</details>\n");
        return this;
    }

    public EvidenceSection Build() => new(_md.ToString(), _html.ToString());
}
