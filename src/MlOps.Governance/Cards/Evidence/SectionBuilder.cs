using System.Text;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// Writes the same content as Markdown and HTML side by side, so both renderings of a card say the same
/// thing. Charts are HTML only (inline SVG); the Markdown carries the numbers they draw as tables.
/// </summary>
internal sealed class SectionBuilder
{
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

    /// <summary>A table; the HTML rows whose index is in <paramref name="failedRows"/> carry the card's verdict-failed class.</summary>
    public SectionBuilder Table(string caption, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<int>? failedRows = null)
    {
        var list = rows.ToList();
        _md.Append("| ").Append(string.Join(" | ", header.Select(MarkdownText.Cell))).Append(" |\n");
        _md.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (var row in list)
        {
            _md.Append("| ").Append(string.Join(" | ", row.Select(MarkdownText.Cell))).Append(" |\n");
        }
        _md.Append('\n');

        _html.Append("<table>\n<caption>").Append(Html.Escape(caption)).Append("</caption>\n<thead><tr>");
        foreach (var h in header)
        {
            _html.Append("<th scope=\"col\">").Append(Html.Escape(h)).Append("</th>");
        }
        _html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < list.Count; r++)
        {
            var row = list[r];
            _html.Append(failedRows?.Contains(r) == true ? "<tr class=\"verdict-failed\">" : "<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                _html.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(Html.Escape(row[i])).Append(i == 0 ? "</th>" : "</td>");
            }
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    public EvidenceSection Build() => new(_md.ToString(), _html.ToString());
}
