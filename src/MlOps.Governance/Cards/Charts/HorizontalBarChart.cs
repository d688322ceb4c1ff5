namespace MlOps.Governance.Cards.Charts;

/// <summary>One bar of a horizontal bar chart, with an optional threshold the value is held to.</summary>
/// <param name="Label">The metric name.</param>
/// <param name="Value">Its value; null when undefined.</param>
/// <param name="Threshold">An optional minimum drawn as a tick across the bar.</param>
public sealed record MetricBar(string Label, double? Value, double? Threshold = null);

/// <summary>Horizontal bars for metrics on a 0..1 scale (accuracy, precision, recall, F1, ROC AUC).</summary>
public static class HorizontalBarChart
{
    private const double Left = 120, Row = 24, Top = 28, PlotWidth = 300;

    /// <summary>Renders the bars as an inline SVG element.</summary>
    public static string Render(string title, IReadOnlyList<MetricBar> bars, double max = 1)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (!(max > 0))
        {
            max = 1;
        }
        var width = Left + PlotWidth + 60;
        var height = Top + bars.Count * Row + 10;
        var svg = new SvgWriter(width, height, title, "chart chart-metrics");
        svg.Text(4, 16, title, size: 13, bold: true);
        double X(double v) => Left + Math.Clamp(v / max, 0, 1) * PlotWidth;
        svg.Line(Left, Top - 4, Left, Top + bars.Count * Row, ChartPalette.Axis);
        for (var i = 0; i < bars.Count; i++)
        {
            var y = Top + i * Row;
            var bar = bars[i];
            svg.Text(Left - 6, y + 14, bar.Label, anchor: "end", size: 11);
            if (bar.Value is { } v && double.IsFinite(v))
            {
                svg.Rect(Left, y + 3, X(v) - Left, Row - 8, ChartPalette.Of(0), $"{bar.Label} = {GroupedBarChart.Format(v)}", "bar");
                svg.Text(X(v) + 4, y + 14, GroupedBarChart.Format(v), size: 10);
            }
            else
            {
                svg.Text(Left + 4, y + 14, "n/a", size: 10, fill: ChartPalette.Axis);
            }
            if (bar.Threshold is { } t && double.IsFinite(t))
            {
                svg.Line(X(t), y + 1, X(t), y + Row - 3, ChartPalette.Reference, 2);
            }
        }
        return svg.ToString();
    }
}
