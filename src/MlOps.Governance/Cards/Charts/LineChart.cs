namespace MlOps.Governance.Cards.Charts;

/// <summary>One line of a <see cref="LineChart"/>.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="Points">The points in drawing order, both coordinates on [0, 1].</param>
/// <param name="Markers">Whether each point also gets a dot with its values as a tooltip (few points, e.g. calibration bins).</param>
public sealed record LineSeries(string Name, IReadOnlyList<(double X, double Y)> Points, bool Markers = false);

/// <summary>
/// Lines on the unit square (ROC, precision-recall and calibration curves), with labelled axes, ticks at 0, 0.5
/// and 1, an optional dashed diagonal (chance for ROC, perfect calibration), a title and a description for
/// screen readers. Same points, same bytes: coordinates are written with two decimals.
/// </summary>
public static class LineChart
{
    private const double Left = 44, Top = 40, Plot = 200, Right = 12, Bottom = 40;

    /// <summary>Renders the chart as an inline SVG element.</summary>
    /// <param name="title">Shown above the chart and read as its accessible name.</param>
    /// <param name="description">What the chart shows, for screen readers (&lt;desc&gt;).</param>
    /// <param name="xLabel">The horizontal axis label.</param>
    /// <param name="yLabel">The vertical axis label.</param>
    /// <param name="series">The lines.</param>
    /// <param name="diagonal">The legend text of a dashed reference line from (0, 0) to (1, 1); null for none.</param>
    public static string Render(string title, string description, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, string? diagonal = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var legend = series.Select(s => s.Name).Concat(diagonal is null ? [] : [diagonal]).ToList();
        var legendWidth = legend.Sum(l => 24 + GroupedBarChart.TextWidth(l, 10));
        var width = Math.Max(Left + Plot + Right, Math.Max(Left + legendWidth, 8 + GroupedBarChart.TextWidth(title, 12)));
        var height = Top + Plot + Bottom;
        var svg = new SvgWriter(width, height, title, "chart chart-line").Description(description);
        svg.Text(4, 14, title, size: 12, bold: true);
        double X(double v) => Left + Math.Clamp(v, 0, 1) * Plot;
        double Y(double v) => Top + Plot - Math.Clamp(v, 0, 1) * Plot;

        // Legend.
        var lx = Left;
        for (var i = 0; i < legend.Count; i++)
        {
            var isDiagonal = i == series.Count;
            svg.Line(lx, 26, lx + 14, 26, isDiagonal ? ChartPalette.Axis : ChartPalette.Of(i), 2, dashed: isDiagonal);
            svg.Text(lx + 18, 30, legend[i], size: 10);
            lx += 24 + GroupedBarChart.TextWidth(legend[i], 10);
        }

        // Axes, grid and ticks.
        foreach (var t in new[] { 0.0, 0.5, 1.0 })
        {
            if (t > 0)
            {
                svg.Line(X(0), Y(t), X(1), Y(t), ChartPalette.Grid);
                svg.Line(X(t), Y(0), X(t), Y(1), ChartPalette.Grid);
            }
            var tick = GroupedBarChart.Format(t);
            svg.Text(X(0) - 4, Y(t) + 4, tick, anchor: "end", size: 9, fill: ChartPalette.Axis);
            svg.Text(X(t), Y(0) + 13, tick, anchor: "middle", size: 9, fill: ChartPalette.Axis);
        }
        svg.Line(X(0), Y(0), X(1), Y(0), ChartPalette.Axis);
        svg.Line(X(0), Y(0), X(0), Y(1), ChartPalette.Axis);
        svg.Text(X(0.5), height - 8, xLabel, anchor: "middle", size: 10, fill: ChartPalette.Axis);
        svg.Text(12, Y(0.5), yLabel, anchor: "middle", size: 10, fill: ChartPalette.Axis, rotate: -90);

        if (diagonal is not null)
        {
            svg.Line(X(0), Y(0), X(1), Y(1), ChartPalette.Axis, 1, dashed: true);
        }
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var points = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            svg.Polyline(points.Select(p => (X(p.X), Y(p.Y))), ChartPalette.Of(i), 2);
            if (s.Markers)
            {
                foreach (var (x, y) in points)
                {
                    svg.Circle(X(x), Y(y), 3, ChartPalette.Of(i), $"{s.Name}: {xLabel} {GroupedBarChart.Format(x)}, {yLabel} {GroupedBarChart.Format(y)}");
                }
            }
        }
        return svg.ToString();
    }
}
