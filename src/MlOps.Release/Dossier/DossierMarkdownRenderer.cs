using System.Globalization;
using System.Text;
using MlOps.Governance.Cards;

namespace MlOps.Release.Dossier;

/// <summary>Renders the dossier as Markdown (LF line ends), the same content as <see cref="DossierHtmlRenderer"/>.</summary>
public static class DossierMarkdownRenderer
{
    /// <summary>The Markdown document.</summary>
    public static string Render(TechnicalDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownText.Escape(dossier.Title)).Append("\n\n");
        md.Append("Technical documentation referred to in Article 11(1) of Regulation (EU) 2024/1689, drawn from the artefact, its card, its evidence and the signatures about it.\n\n");
        md.Append("| | |\n|---|---|\n");
        md.Append("| Artefact | ").Append(MarkdownText.Code(dossier.PackageFileName)).Append(" |\n");
        md.Append("| Artefact digest (sha256 of manifest.json) | ").Append(MarkdownText.Code(dossier.Digest)).Append(" |\n");
        md.Append("| Date (the artefact's build time) | ").Append(MarkdownText.Cell(dossier.Date)).Append(" |\n");
        md.Append("| Risk | ").Append(MarkdownText.Cell(dossier.Risk)).Append(" |\n");
        md.Append("| Gaps | ").Append(dossier.Gaps.Count == 0 ? "none" : dossier.Gaps.Count.ToString(CultureInfo.InvariantCulture) + " (listed in their sections)").Append(" |\n\n");
        foreach (var section in dossier.Sections)
        {
            md.Append("## ").Append(section.Point.Number).Append(". ").Append(MarkdownText.Escape(section.Point.Title)).Append("\n\n");
            md.Append("> **").Append(section.Point.Citation).Append(":** ").Append(MarkdownText.Escape(section.Point.Wording)).Append("\n\n");
            md.Append(section.Markdown);
            foreach (var gap in section.Gaps)
            {
                // The message keeps its backticks: card keys and commands read as code.
                md.Append("- ").Append(gap.Message).Append('\n');
            }
            if (section.Gaps.Count > 0)
            {
                md.Append('\n');
            }
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }
}
