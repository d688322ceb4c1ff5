using System.Globalization;
using System.Text;
using MlOps.Governance.Cards;
using HtmlText = MlOps.Governance.Cards.Html;

namespace MlOps.Release.Dossier;

/// <summary>
/// Renders the dossier as one self-contained HTML page in the card's look (the card's stylesheet plus a few rules
/// for citations and gaps): inline CSS, no scripts, no external resources, LF line ends.
/// </summary>
public static class DossierHtmlRenderer
{
    private const string DossierStyle = """
        .cite{border-left:4px solid var(--line);margin:.4rem 0 .8rem;padding:.1rem .7rem;color:var(--muted)}
        .gaps{color:#a00000}.gaps li{margin:.15rem 0}.complete{color:#0a5c0a}
        nav ol{columns:2;column-gap:2rem}
        """;

    /// <summary>The HTML page.</summary>
    public static string Render(TechnicalDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>").Append(HtmlText.Escape(dossier.Title)).Append("</title>\n");
        h.Append("<style>\n").Append(CardHtmlRenderer.Stylesheet).Append('\n').Append(DossierStyle).Append("\n</style>\n</head>\n<body>\n<main>\n");
        h.Append("<h1>").Append(HtmlText.Escape(dossier.Title)).Append("</h1>\n");
        h.Append("<p>Technical documentation referred to in Article 11(1) of Regulation (EU) 2024/1689, drawn from the artefact, its card, its evidence and the signatures about it.</p>\n");
        h.Append("<table class=\"facts\">\n<tbody>\n");
        Fact(h, "Artefact", $"<code>{HtmlText.Escape(dossier.PackageFileName)}</code>");
        Fact(h, "Artefact digest", $"<code>{HtmlText.Escape(dossier.Digest)}</code> (sha256 of manifest.json)");
        Fact(h, "Date", $"{HtmlText.Escape(dossier.Date)} (the artefact's build time)");
        Fact(h, "Risk", HtmlText.Escape(dossier.Risk));
        var gaps = dossier.Gaps;
        Fact(h, "Gaps", gaps.Count == 0 ? "<span class=\"complete\">none</span>"
            : $"<span class=\"verdict-failed\">{gaps.Count.ToString(CultureInfo.InvariantCulture)}</span> (listed in their sections)");
        h.Append("</tbody>\n</table>\n");

        h.Append("<nav aria-label=\"Annex IV sections\">\n<ol>\n");
        foreach (var section in dossier.Sections)
        {
            h.Append("<li><a href=\"#").Append(section.Point.Anchor).Append("\">").Append(HtmlText.Escape(section.Point.Title)).Append("</a>")
             .Append(section.Gaps.Count == 0 ? "" : $" <span class=\"verdict-failed\">({section.Gaps.Count.ToString(CultureInfo.InvariantCulture)} missing)</span>")
             .Append("</li>\n");
        }
        h.Append("</ol>\n</nav>\n");

        foreach (var section in dossier.Sections)
        {
            h.Append("<section id=\"").Append(section.Point.Anchor).Append("\">\n<h2>").Append(section.Point.Number).Append(". ")
             .Append(HtmlText.Escape(section.Point.Title)).Append("</h2>\n");
            h.Append("<blockquote class=\"cite\"><p><strong>").Append(HtmlText.Escape(section.Point.Citation)).Append(":</strong> ")
             .Append(HtmlText.Escape(section.Point.Wording)).Append("</p></blockquote>\n");
            h.Append(section.Html);
            if (section.Gaps.Count > 0)
            {
                h.Append("<ul class=\"gaps\">\n");
                foreach (var gap in section.Gaps)
                {
                    h.Append("<li>").Append(GapHtml(gap)).Append("</li>\n");
                }
                h.Append("</ul>\n");
            }
            h.Append("</section>\n");
        }
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The gap's message, escaped, with its `backticked` card keys and commands as code.</summary>
    internal static string GapHtml(DossierGap gap)
    {
        var parts = HtmlText.Escape(gap.Message).Split('`');
        var html = new StringBuilder(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            html.Append(i % 2 == 1 ? "<code>" : "</code>").Append(parts[i]);
        }
        if (parts.Length % 2 == 0)
        {
            html.Append("</code>"); // an odd number of backticks: close the last one rather than break the page
        }
        return html.ToString();
    }

    private static void Fact(StringBuilder h, string name, string valueHtml) =>
        h.Append("<tr><th scope=\"row\">").Append(name).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");
}
