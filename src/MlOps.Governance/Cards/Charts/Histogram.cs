namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// A histogram of shares per bin (numeric ranges or categories). With a second series it overlays the
/// compared data on the reference data, the picture a drift report needs.
/// </summary>
public static class Histogram
{
    private const double Top = 34, Left = 56, Right = 10, PlotHeight = 110, Bottom = 56;

    /// <summary>Renders the histogram as an inline SVG element.</summary>
    /// <param name="title">The feature name (and a short note), shown above the chart.</param>
    /// <param name="bins">The bins in axis order.</param>
    /// <param name="referenceName">The legend text of the reference series (e.g. "training").</param>
    /// <param name="currentName">The legend text of the compared series, when bins carry one.</param>
    public static string Render(string title, IReadOnlyList<HistogramBin> bins, string referenceName = "training",
        string currentName = "current")
    {
        ArgumentNullException.ThrowIfNull(bins);
        var hasCurrent = bins.Any(b => b.CurrentShare.HasValue);
        var largest = bins.Select(b => Math.Max(Finite(b.ReferenceShare), Finite(b.CurrentShare ?? 0))).DefaultIfEmpty(0).Max();
        var max = largest > 0 ? GroupedBarChart.NiceCeiling(largest) : 1;
        var binWidth = bins.Count > 12 ? 18.0 : 26.0;
        var plotWidth = Math.Max(bins.Count * binWidth, 120);
        var legendWidth = 24 + GroupedBarChart.TextWidth(referenceName, 10) + (hasCurrent ? 24 + GroupedBarChart.TextWidth(currentName, 10) : 0);
        var width = Math.Max(Left + plotWidth + Right, Math.Max(Left + legendWidth, 8 + GroupedBarChart.TextWidth(title, 12)));
        var height = Top + PlotHeight + Bottom;
        var svg = new SvgWriter(width, height, title, "chart chart-histogram");
        svg.Text(4, 14, title, size: 12, bold: true);
        svg.Rect(Left, 21, 9, 9, ChartPalette.Of(0));
        svg.Text(Left + 12, 29, referenceName, size: 10);
        if (hasCurrent)
        {
            var x = Left + 24 + GroupedBarChart.TextWidth(referenceName, 10);
            svg.Rect(x, 21, 9, 9, ChartPalette.Of(1));
            svg.Text(x + 12, 29, currentName, size: 10);
        }

        double Y(double v) => Top + PlotHeight - Math.Clamp(v / max, 0, 1) * PlotHeight;
        svg.Line(Left, Y(0), Left + plotWidth, Y(0), ChartPalette.Axis);
        svg.Line(Left, Y(max), Left + plotWidth, Y(max), ChartPalette.Grid);
        svg.Text(Left - 4, Y(max) + 4, GroupedBarChart.Format(max), anchor: "end", size: 9, fill: ChartPalette.Axis);
        svg.Text(Left - 4, Y(0) + 4, "0", anchor: "end", size: 9, fill: ChartPalette.Axis);

        for (var i = 0; i < bins.Count; i++)
        {
            var x = Left + i * binWidth;
            var bin = bins[i];
            var reference = Finite(bin.ReferenceShare);
            if (hasCurrent)
            {
                var half = (binWidth - 2) / 2;
                svg.Rect(x + 1, Y(reference), half, Y(0) - Y(reference), ChartPalette.Of(0), $"{bin.Label}: {referenceName} {GroupedBarChart.Format(reference)}", "bin");
                var current = Finite(bin.CurrentShare ?? 0);
                svg.Rect(x + 1 + half, Y(current), half, Y(0) - Y(current), ChartPalette.Of(1), $"{bin.Label}: {currentName} {GroupedBarChart.Format(current)}", "bin");
            }
            else
            {
                svg.Rect(x + 1, Y(reference), binWidth - 2, Y(0) - Y(reference), ChartPalette.Of(0), $"{bin.Label}: {GroupedBarChart.Format(reference)}", "bin");
            }
            // Rotated labels keep long category names readable without widening the chart.
            svg.Text(x + binWidth / 2 + 3, Y(0) + 8, Shorten(bin.Label), anchor: "end", size: 9, fill: ChartPalette.Axis, rotate: -45);
        }
        return svg.ToString();
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    private static string Shorten(string label) => label.Length <= 14 ? label : label[..13] + "…";
}
