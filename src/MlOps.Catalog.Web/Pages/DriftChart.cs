using System.Globalization;
using System.Text;
using MlOps.Catalog.Store;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>
/// A version's monitoring history: one mark per drift check in time order (drifted checks raised and red, the others
/// on the baseline), then the checks as a table with the drifted features.
/// </summary>
internal static class DriftChart
{
    private const int Width = 720, Height = 120, Left = 90, Right = 16, Top = 16, Bottom = 28;

    /// <summary>Appends the drift-history section for <paramref name="checks"/> (oldest first).</summary>
    public static void Append(StringBuilder html, IReadOnlyList<MonitoringRecord> checks)
    {
        html.Append("<h2 id=\"drift\">Drift history</h2>\n");
        if (checks.Count == 0)
        {
            html.Append("<p class=\"muted\">No monitoring results. Add one with <code>mlops catalog monitor add</code> and a report from <code>mlops drift compare</code>.</p>\n");
            return;
        }
        var drifted = checks.Count(c => c.Drifted);
        var description = $"{checks.Count} checks from {Time(checks[0].CheckedAt)} to {Time(checks[^1].CheckedAt)}; {drifted} drifted.";
        var latest = checks[^1];
        html.Append("<p>").Append(latest.Drifted
                ? "<strong class=\"drifted\">The latest check drifted.</strong> "
                : "The latest check did not drift. ")
            .Append(description).Append("</p>\n")
            .Append(Invariant($"<svg class=\"chart drift\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"drift-title drift-desc\">"))
            .Append("<title id=\"drift-title\">Drift checks over time</title><desc id=\"drift-desc\">").Append(description).Append("</desc>\n");
        var plotWidth = Width - Left - Right;
        var yDrifted = Top + 10;
        var yStable = Height - Bottom - 10;
        html.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/>\n"))
            .Append(Invariant($"<text x=\"{Left - 8}\" y=\"{yDrifted + 4}\" text-anchor=\"end\">drifted</text>"))
            .Append(Invariant($"<text x=\"{Left - 8}\" y=\"{yStable + 4}\" text-anchor=\"end\">no drift</text>\n"));
        for (var i = 0; i < checks.Count; i++)
        {
            var c = checks[i];
            var x = checks.Count == 1 ? Left + plotWidth / 2.0 : Left + 8 + (plotWidth - 16) * (double)i / (checks.Count - 1);
            html.Append(Invariant($"<circle class=\"check{(c.Drifted ? " drifted" : "")}\" cx=\"{x:0.##}\" cy=\"{(c.Drifted ? yDrifted : yStable)}\" r=\"{(c.Drifted ? 7 : 5)}\">"))
                .Append("<title>").Append(Time(c.CheckedAt)).Append(", ").Append(E(c.Kind)).Append(": ")
                .Append(c.Drifted ? "drifted (" + E(string.Join(", ", c.DriftedFeatures)) + ")" : "no drift").Append("</title></circle>\n");
        }
        html.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - 8}\" text-anchor=\"start\">{Day(checks[0].CheckedAt)}</text>"));
        if (checks.Count > 1)
        {
            html.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\">{Day(checks[^1].CheckedAt)}</text>"));
        }
        html.Append("\n</svg>\n<table class=\"drift\">\n<thead><tr><th scope=\"col\">Checked</th><th scope=\"col\">Kind</th><th scope=\"col\">Result</th>")
            .Append("<th scope=\"col\">Drifted features</th><th scope=\"col\">Report</th></tr></thead>\n<tbody>\n");
        foreach (var c in checks.Reverse())
        {
            html.Append(c.Drifted ? "<tr class=\"drifted\">" : "<tr>").Append("<td>").Append(Time(c.CheckedAt)).Append("</td><td>").Append(E(c.Kind)).Append("</td>")
                .Append(c.Drifted ? "<td class=\"drifted\">drifted</td>" : "<td>no drift</td>")
                .Append("<td>").Append(E(string.Join(", ", c.DriftedFeatures))).Append("</td><td>").Append(ShortDigest(c.ReportSha256)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
