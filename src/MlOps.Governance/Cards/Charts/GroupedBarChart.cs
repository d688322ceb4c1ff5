using System.Globalization;

namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// A vertical grouped bar chart: one group of bars per category (e.g. a sensitive group), one bar per
/// series (e.g. selection rate, TPR, FPR), each bar labelled with its value. Used for per-group fairness rates.
/// </summary>
public static class GroupedBarChart
{
    private const double Top = 34, Bottom = 56, Left = 44, Right = 12, PlotHeight = 170;

    /// <summary>Renders the chart as an inline SVG element.</summary>
    /// <param name="title">Shown above the chart and read by screen readers.</param>
    /// <param name="categories">The groups along the x axis.</param>
    /// <param name="series">The bars in each group; each has one value per category.</param>
    /// <param name="maxValue">The top of the value axis; null: 1 when every value is within [0, 1], else the largest value.</param>
    /// <param name="references">Optional horizontal reference lines.</param>
    /// <param name="categoryNotes">Optional second line under each category (e.g. "n=84").</param>
    public static string Render(string title, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series,
        double? maxValue = null, IReadOnlyList<ReferenceLine>? references = null, IReadOnlyList<string>? categoryNotes = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            if (s.Values.Count != categories.Count)
            {
                throw new ArgumentException($"Series '{s.Name}' has {s.Values.Count} values for {categories.Count} categories.", nameof(series));
            }
        }
        var largest = series.SelectMany(s => s.Values).Where(v => v.HasValue && double.IsFinite(v.Value)).Select(v => v!.Value)
            .DefaultIfEmpty(0).Max();
        var max = maxValue ?? (largest <= 1 ? 1 : NiceCeiling(largest));
        if (!(max > 0))
        {
            max = 1;
        }

        var barWidth = 22.0;
        var groupGap = 26.0;
        var groupWidth = Math.Max(1, series.Count) * barWidth;
        var plotWidth = Math.Max(categories.Count * (groupWidth + groupGap), 160);
        var legendHeight = 18.0;
        // Wide enough for the title and the legend too, so neither is clipped on a two-group chart.
        var legendWidth = series.Sum(s => LegendItemWidth(s.Name));
        var width = Math.Max(Left + plotWidth + Right, Math.Max(Left + legendWidth + Right, Left + TextWidth(title, 13) + Right));
        var height = Top + legendHeight + PlotHeight + Bottom;
        var svg = new SvgWriter(width, height, title, "chart chart-bars");
        svg.Text(Left, 16, title, size: 13, bold: true);

        // Legend on one line under the title.
        var lx = Left;
        for (var s = 0; s < series.Count; s++)
        {
            svg.Rect(lx, Top - 9, 10, 10, ChartPalette.Of(s));
            svg.Text(lx + 14, Top, series[s].Name, size: 11);
            lx += LegendItemWidth(series[s].Name);
        }

        var plotTop = Top + legendHeight;
        double Y(double v) => plotTop + PlotHeight - Math.Clamp(v / max, 0, 1) * PlotHeight;
        for (var t = 0; t <= 4; t++)
        {
            var v = max * t / 4;
            svg.Line(Left, Y(v), Left + plotWidth, Y(v), t == 0 ? ChartPalette.Axis : ChartPalette.Grid);
            svg.Text(Left - 5, Y(v) + 4, Format(v), anchor: "end", size: 10, fill: ChartPalette.Axis);
        }

        for (var c = 0; c < categories.Count; c++)
        {
            var gx = Left + groupGap / 2 + c * (groupWidth + groupGap);
            for (var s = 0; s < series.Count; s++)
            {
                var x = gx + s * barWidth;
                var value = series[s].Values[c];
                if (value is { } v && double.IsFinite(v))
                {
                    svg.Rect(x + 1, Y(v), barWidth - 2, plotTop + PlotHeight - Y(v), ChartPalette.Of(s),
                        $"{categories[c]}: {series[s].Name} = {Format(v)}", "bar");
                    svg.Text(x + barWidth / 2, Y(v) - 3, Format(v), anchor: "middle", size: 9);
                }
                else
                {
                    svg.Text(x + barWidth / 2, plotTop + PlotHeight - 4, "n/a", anchor: "middle", size: 9, fill: ChartPalette.Axis);
                }
            }
            var cx = gx + groupWidth / 2;
            svg.Text(cx, plotTop + PlotHeight + 16, categories[c], anchor: "middle", size: 11);
            if (categoryNotes is not null && c < categoryNotes.Count)
            {
                svg.Text(cx, plotTop + PlotHeight + 30, categoryNotes[c], anchor: "middle", size: 10, fill: ChartPalette.Axis);
            }
        }

        foreach (var reference in references ?? [])
        {
            var y = Y(reference.Value);
            svg.Line(Left, y, Left + plotWidth, y, ChartPalette.Reference, 1.5, dashed: true);
            svg.Text(Left + plotWidth, y - 4, reference.Label, anchor: "end", size: 10, fill: ChartPalette.Reference);
        }
        return svg.ToString();
    }

    private static double LegendItemWidth(string name) => 24 + TextWidth(name, 11);

    /// <summary>A generous estimate of a text's width in a sans-serif font (no font metrics in a static SVG).</summary>
    internal static double TextWidth(string text, double size) => text.Length * size * 0.62;

    internal static string Format(double v) =>
        Math.Abs(v) >= 100 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    internal static double NiceCeiling(double v)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= v)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
