using System.Xml.Linq;
using MlOps.Governance.Cards.Charts;

namespace MlOps.Governance.Tests.Rendering;

public class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void GroupedBarChart_draws_one_bar_per_defined_value_and_marks_undefined_ones()
    {
        var svg = GroupedBarChart.Render("Rates by sex", ["female", "male"],
        [
            new BarSeries("selection rate", [0.61, 0.74]),
            new BarSeries("TPR", [0.8, null]),
        ]);

        var doc = XDocument.Parse(svg);
        var bars = doc.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Equal(3, bars.Count);
        Assert.Contains(bars, b => b.Element(Svg + "title")!.Value == "male: selection rate = 0.74");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "n/a");
    }

    [Fact]
    public void GroupedBarChart_bar_heights_are_proportional_to_values()
    {
        var svg = GroupedBarChart.Render("r", ["a", "b"], [new BarSeries("s", [0.25, 0.5])], maxValue: 1);
        var heights = XDocument.Parse(svg).Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar")
            .Select(r => double.Parse((string)r.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2 * heights[0], heights[1], 1);
    }

    [Fact]
    public void GroupedBarChart_rejects_a_series_with_the_wrong_number_of_values()
    {
        Assert.Throws<ArgumentException>(() => GroupedBarChart.Render("r", ["a", "b"], [new BarSeries("s", [0.1])]));
    }

    [Fact]
    public void Charts_escape_text_so_the_svg_stays_well_formed()
    {
        var svg = Histogram.Render("<script>&\"'", [new HistogramBin("a<b", 0.5, 0.25), new HistogramBin("c&d", 0.5, 0.75)]);
        var doc = XDocument.Parse(svg);
        Assert.Equal("<script>&\"'", doc.Root!.Element(Svg + "title")!.Value);
        Assert.DoesNotContain("<script>", svg);
    }

    [Fact]
    public void Histogram_with_a_current_series_draws_two_bars_per_bin()
    {
        var svg = Histogram.Render("age", [new HistogramBin("[19, 25)", 0.2, 0.3), new HistogramBin("[25, 75]", 0.8, 0.7)]);
        var bins = XDocument.Parse(svg).Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "bin");
        Assert.Equal(4, bins);
    }

    [Fact]
    public void ConfusionMatrix_shows_every_count_and_row_share()
    {
        var svg = ConfusionMatrixChart.Render("Confusion matrix", ["bad", "good"], [[40L, 50L], [20L, 190L]]);
        var texts = XDocument.Parse(svg).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("190", texts);
        Assert.Contains("0.905 of row", texts);
        Assert.Contains("0.444 of row", texts);
    }

    [Fact]
    public void Same_figures_give_the_same_bytes()
    {
        string Render() => HorizontalBarChart.Render("Metrics", [new MetricBar("accuracy", 0.7533333333333333, 0.7), new MetricBar("ROC AUC", double.NaN)]);
        Assert.Equal(Render(), Render());
        Assert.Contains("0.753", Render());
    }
}
