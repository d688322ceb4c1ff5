using System.Globalization;
using System.Net;
using System.Text;
using MlOps.IO;

namespace MlOps.Governance.Drift;

/// <summary>
/// A self-contained HTML drift report (no scripts, no external resources): a summary table and, per feature,
/// an inline SVG histogram of the reference and current shares over the PSI bins or categories.
/// </summary>
public static class DriftHtmlReport
{
    private const int MaxBars = 20;

    /// <summary>Renders <paramref name="report"/> as HTML text.</summary>
    public static string Render(DriftReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>Drift report: ").Append(Encode(report.CurrentFile)).Append("</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.drift{color:#b00020;font-weight:bold}")
            .Append(".ok{color:#1b5e20}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}")
            .Append("figure{margin:1.5em 0}</style>\n</head>\n<body>\n");
        html.Append("<h1>Drift report</h1>\n<p>Current data <code>").Append(Encode(report.CurrentFile)).Append("</code> (")
            .Append(report.CurrentRows.ToString(CultureInfo.InvariantCulture)).Append(" rows) against the baseline of <code>")
            .Append(Encode(report.Baseline.DataFile)).Append("</code> (").Append(report.Baseline.Rows.ToString(CultureInfo.InvariantCulture))
            .Append(" rows).</p>\n");
        html.Append("<p class=\"").Append(report.DatasetDrift ? "drift" : "ok").Append("\">")
            .Append(report.DatasetDrift ? "Dataset drift" : "No dataset drift").Append(": ")
            .Append(report.DriftedCount.ToString(CultureInfo.InvariantCulture)).Append(" of ")
            .Append(report.Features.Count.ToString(CultureInfo.InvariantCulture)).Append(" features drifted (share ")
            .Append(Fmt(report.DriftedShare)).Append("; the data set drifts at 0.5).</p>\n");
        html.Append("<table>\n<tr><th>feature</th><th>type</th><th>test</th><th>value</th><th>threshold</th><th>PSI</th><th>drifted</th></tr>\n");
        foreach (var f in report.Features)
        {
            html.Append("<tr><td><a href=\"#f-").Append(Encode(Id(f.Name))).Append("\">").Append(Encode(f.Name)).Append("</a></td><td>")
                .Append(f.Type == FeatureType.Numeric ? "numeric" : "categorical").Append("</td><td>").Append(f.Method.Name)
                .Append("</td><td>").Append(Fmt(f.Score)).Append("</td><td>").Append(f.Method.IsPValue ? "p < " : "≥ ")
                .Append(Fmt(f.Method.Threshold)).Append("</td><td>").Append(Fmt(f.Psi)).Append("</td><td class=\"")
                .Append(f.Drifted ? "drift\">yes" : "ok\">no").Append("</td></tr>\n");
        }
        html.Append("</table>\n<p class=\"legend\"><span style=\"background:#1f77b4\"></span>reference<span style=\"background:#ff7f0e\"></span>current</p>\n");
        foreach (var f in report.Features)
        {
            html.Append("<figure id=\"f-").Append(Encode(Id(f.Name))).Append("\">\n<figcaption><strong>").Append(Encode(f.Name))
                .Append("</strong>: ").Append(f.Drifted ? "drifted" : "no drift").Append("</figcaption>\n");
            AppendHistogram(html, f);
            html.Append("</figure>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, DriftReport report) => AtomicFile.Write(path, Encoding.UTF8.GetBytes(Render(report)));

    private static void AppendHistogram(StringBuilder html, FeatureDrift f)
    {
        // Keep the categories with the largest shares when there are many.
        var indexes = Enumerable.Range(0, f.BinLabels.Count)
            .OrderByDescending(i => Math.Max(f.ReferenceShares[i], f.CurrentShares[i])).ThenBy(i => i)
            .Take(MaxBars).OrderBy(i => i).ToArray();
        const int height = 160, barWidth = 14, gap = 10, top = 10, bottom = 70, left = 40;
        var width = left + indexes.Length * (2 * barWidth + gap) + 10;
        var max = indexes.Length == 0 ? 1 : indexes.Max(i => Math.Max(f.ReferenceShares[i], f.CurrentShares[i]));
        if (max <= 0)
        {
            max = 1;
        }
        html.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"")
            .Append(height + top + bottom).Append("\" role=\"img\" aria-label=\"histogram of ").Append(Encode(f.Name)).Append("\">\n");
        html.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(top + height).Append("\" x2=\"").Append(width)
            .Append("\" y2=\"").Append(top + height).Append("\" stroke=\"#555\"/>\n");
        html.Append("<text x=\"0\" y=\"").Append(top + 10).Append("\" font-size=\"10\">").Append(Fmt(Math.Round(max, 3))).Append("</text>\n");
        for (var k = 0; k < indexes.Length; k++)
        {
            var i = indexes[k];
            var x = left + k * (2 * barWidth + gap);
            AppendBar(html, x, f.ReferenceShares[i], max, height, top, barWidth, "#1f77b4", f.BinLabels[i], "reference");
            AppendBar(html, x + barWidth, f.CurrentShares[i], max, height, top, barWidth, "#ff7f0e", f.BinLabels[i], "current");
            var label = f.BinLabels[i].Length > 14 ? f.BinLabels[i][..13] + "…" : f.BinLabels[i];
            html.Append("<text font-size=\"9\" transform=\"translate(").Append(x + barWidth).Append(',').Append(top + height + 8)
                .Append(") rotate(45)\">").Append(Encode(label)).Append("</text>\n");
        }
        html.Append("</svg>\n");
    }

    private static void AppendBar(StringBuilder html, int x, double share, double max, int height, int top, int width, string color,
        string label, string which)
    {
        var h = (int)Math.Round(share / max * height);
        html.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(top + height - h).Append("\" width=\"").Append(width - 1)
            .Append("\" height=\"").Append(h).Append("\" fill=\"").Append(color).Append("\"><title>").Append(Encode(label)).Append(' ')
            .Append(which).Append(": ").Append(Fmt(share)).Append("</title></rect>\n");
    }

    private static string Id(string name) => new(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Fmt(double x) => double.IsFinite(x) ? Math.Round(x, 6).ToString("R", CultureInfo.InvariantCulture) : "n/a";
}
