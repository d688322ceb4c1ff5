using System.Text;

namespace MlOps.Governance.Cards;

/// <summary>
/// The card's table of contents: one entry per top-level section, with the evidence kinds under the evidence
/// parts. The HTML links to section ids; the Markdown links to the anchors GitHub gives the headings.
/// </summary>
internal sealed class CardContents
{
    private readonly List<(string Anchor, string Title, IReadOnlyList<(string Anchor, string Title)> Children)> _entries = [];

    public void Add(string anchor, string title, IEnumerable<(string Anchor, string Title)>? children = null) =>
        _entries.Add((anchor, title, children?.ToList() ?? []));

    public string ToHtml()
    {
        var h = new StringBuilder("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        foreach (var (anchor, title, children) in _entries)
        {
            h.Append("<li><a href=\"#").Append(Html.Escape(anchor)).Append("\">").Append(Html.Escape(title)).Append("</a>");
            if (children.Count > 0)
            {
                h.Append("\n<ol>\n");
                foreach (var child in children)
                {
                    h.Append("<li><a href=\"#").Append(Html.Escape(child.Anchor)).Append("\">").Append(Html.Escape(child.Title)).Append("</a></li>\n");
                }
                h.Append("</ol>\n");
            }
            h.Append("</li>\n");
        }
        return h.Append("</ol>\n</nav>\n").ToString();
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder("**Contents:**\n\n");
        var n = 1;
        foreach (var (anchor, title, children) in _entries)
        {
            md.Append(n++).Append(". [").Append(MarkdownText.Escape(title)).Append("](#").Append(anchor).Append(")\n");
            foreach (var child in children)
            {
                md.Append("   - [").Append(MarkdownText.Escape(child.Title)).Append("](#").Append(child.Anchor).Append(")\n");
            }
        }
        return md.Append('\n').ToString();
    }

    /// <summary>
    /// The anchor GitHub gives a heading: lower case, letters, digits, '-' and '_' kept, spaces as '-', everything
    /// else dropped ("Evidence: gate (failed)" → "evidence-gate-failed"). Also the HTML card's id of an author section.
    /// </summary>
    public static string Slug(string heading)
    {
        var sb = new StringBuilder(heading.Length);
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('-');
            }
        }
        return sb.ToString();
    }
}
