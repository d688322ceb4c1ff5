namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// A confusion matrix as a shaded grid: rows are actual classes, columns predicted classes, each cell
/// shows its count and its share of the row; darker means more rows.
/// </summary>
public static class ConfusionMatrixChart
{
    private const double Cell = 78, Left = 110, Top = 56;

    /// <summary>Renders the matrix as an inline SVG element.</summary>
    /// <param name="title">Shown above the grid.</param>
    /// <param name="labels">The class labels, in row and column order.</param>
    /// <param name="counts">counts[actual][predicted].</param>
    public static string Render(string title, IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<long>> counts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != labels.Count || counts.Any(r => r.Count != labels.Count))
        {
            throw new ArgumentException("The confusion matrix must be square with one row and column per label.", nameof(counts));
        }
        var k = labels.Count;
        var width = Left + k * Cell + 16;
        var height = Top + k * Cell + 16;
        var svg = new SvgWriter(width, height, title, "chart chart-confusion");
        svg.Text(4, 16, title, size: 13, bold: true);
        svg.Text(Left + k * Cell / 2, 34, "predicted", anchor: "middle", size: 11, fill: ChartPalette.Axis);
        svg.Text(16, Top + k * Cell / 2, "actual", anchor: "middle", size: 11, fill: ChartPalette.Axis, rotate: -90);
        var max = Math.Max(1, counts.SelectMany(r => r).DefaultIfEmpty(0).Max());
        for (var j = 0; j < k; j++)
        {
            svg.Text(Left + j * Cell + Cell / 2, Top - 6, labels[j], anchor: "middle", size: 11, bold: true);
        }
        for (var i = 0; i < k; i++)
        {
            svg.Text(Left - 8, Top + i * Cell + Cell / 2 + 4, labels[i], anchor: "end", size: 11, bold: true);
            var rowTotal = counts[i].Sum();
            for (var j = 0; j < k; j++)
            {
                var count = counts[i][j];
                var intensity = (double)count / max;
                var fill = Shade(intensity);
                var x = Left + j * Cell;
                var y = Top + i * Cell;
                svg.Rect(x, y, Cell - 2, Cell - 2, fill, $"actual {labels[i]}, predicted {labels[j]}: {count}", "cell");
                var ink = intensity > 0.55 ? "#ffffff" : "#111111";
                svg.Text(x + Cell / 2, y + Cell / 2, count.ToString(System.Globalization.CultureInfo.InvariantCulture), anchor: "middle", size: 16, fill: ink, bold: true);
                if (rowTotal > 0)
                {
                    svg.Text(x + Cell / 2, y + Cell / 2 + 16, GroupedBarChart.Format((double)count / rowTotal) + " of row", anchor: "middle", size: 9, fill: ink);
                }
            }
        }
        return svg.ToString();
    }

    // Linear blend from near-white to the first series colour (#0072B2).
    private static string Shade(double t)
    {
        static int Mix(int from, int to, double t) => (int)Math.Round(from + (to - from) * Math.Clamp(t, 0, 1));
        return $"#{Mix(0xf4, 0x00, t):x2}{Mix(0xf8, 0x72, t):x2}{Mix(0xfb, 0xb2, t):x2}";
    }
}
