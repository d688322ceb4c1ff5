using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The fallback for evidence kinds without their own renderer: the verdict and the key figures, i.e. the
/// scalar values of the document (dotted paths, document order, at most <see cref="MaxFigures"/>), with arrays
/// summarised by their length.
/// </summary>
public sealed class GenericEvidenceSectionRenderer : IEvidenceSectionRenderer
{
    /// <summary>How many figures are shown at most.</summary>
    public const int MaxFigures = 24;

    private const int MaxDepth = 3;
    private static readonly HashSet<string> Header = new(StringComparer.Ordinal) { "schema", "kind", "modelSha256", "verdict" };

    /// <inheritdoc />
    public string Kind => "*";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var figures = new List<(string Name, string Value)>();
        var truncated = false;
        foreach (var property in evidence.Root.EnumerateObject())
        {
            if (!Header.Contains(property.Name))
            {
                Collect(property.Name, property.Value, 1, figures, ref truncated);
            }
        }

        var md = new StringBuilder();
        var html = new StringBuilder();
        md.Append("Verdict: **").Append(evidence.Verdict).Append("**.\n");
        html.Append("<p>Verdict: <strong>").Append(Html.Escape(evidence.Verdict)).Append("</strong>.</p>\n");
        if (figures.Count == 0)
        {
            md.Append("\nNo figures recorded.\n");
            html.Append("<p>No figures recorded.</p>\n");
        }
        else
        {
            md.Append("\n| Figure | Value |\n|---|---|\n");
            html.Append("<table>\n<caption>Key figures</caption>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
            foreach (var (name, value) in figures)
            {
                md.Append("| ").Append(MarkdownText.Cell(name)).Append(" | ").Append(MarkdownText.Cell(value)).Append(" |\n");
                html.Append("<tr><th scope=\"row\"><code>").Append(Html.Escape(name)).Append("</code></th><td>").Append(Html.Escape(value)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
            if (truncated)
            {
                md.Append($"\nFirst {MaxFigures} figures shown; the evidence file holds more.\n");
                html.Append($"<p>First {MaxFigures} figures shown; the evidence file holds more.</p>\n");
            }
        }
        return new EvidenceSection(md.ToString(), html.ToString());
    }

    private static void Collect(string path, JsonElement value, int depth, List<(string, string)> figures, ref bool truncated)
    {
        if (figures.Count >= MaxFigures)
        {
            truncated = true;
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth >= MaxDepth)
                {
                    return;
                }
                foreach (var property in value.EnumerateObject())
                {
                    Collect($"{path}.{property.Name}", property.Value, depth + 1, figures, ref truncated);
                }
                break;
            case JsonValueKind.Array:
                figures.Add(($"{path} (items)", value.GetArrayLength().ToString(CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.String:
                var text = value.GetString() ?? "";
                figures.Add((path, text.Length > 120 ? text[..117] + "..." : text));
                break;
            case JsonValueKind.Null:
                figures.Add((path, "null"));
                break;
            default:
                // Numbers and booleans exactly as the evidence wrote them (already invariant and round-trippable).
                figures.Add((path, value.GetRawText()));
                break;
        }
    }
}
