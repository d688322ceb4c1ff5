using System.Globalization;
using System.Xml.Linq;
using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>The evaluation section's ROC, precision-recall and calibration charts and its interval table.</summary>
public sealed class EvaluationCurveChartTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private EvidenceFile Evidence(out EvaluationReport report)
    {
        var csv = GermanCreditPredictions.Write(Path.Combine(_dir.Path, "predictions.csv"));
        report = EvaluationAnalyzer.AnalyzeCsv(csv, new EvaluationOptions { Label = "credit_risk", Positive = "good", Score = "score" });
        return EvidenceFile.Parse(EvidenceDocument.ToBytes(EvaluationJson.ToJson(report)), "evaluation.json");
    }

    [Fact]
    public void The_section_draws_the_three_curves_with_titles_descriptions_and_axis_labels()
    {
        var section = new EvaluationEvidenceRenderer().Render(Evidence(out var report));
        var html = XElement.Parse("<div>" + section.Html.Replace("&nbsp;", "&#160;") + "</div>");
        var charts = html.Descendants(Svg + "svg").Where(s => ((string?)s.Attribute("class"))!.Contains("chart-line")).ToList();
        Assert.Equal(["ROC curve", "Precision-recall curve", "Calibration (reliability)"], charts.Select(c => c.Element(Svg + "title")!.Value));
        Assert.All(charts, c => Assert.False(string.IsNullOrWhiteSpace(c.Element(Svg + "desc")?.Value)));
        var roc = charts[0];
        Assert.Contains(roc.Descendants(Svg + "text"), t => t.Value == "false positive rate");
        Assert.Contains(roc.Descendants(Svg + "text"), t => t.Value == "true positive rate");
        // The ROC line starts at (0, 0) and has one vertex per stored threshold.
        var points = ((string)roc.Descendants(Svg + "polyline").Single().Attribute("points")!).Split(' ');
        Assert.Equal(report.Curves!.Points.Count + 1, points.Length);
        Assert.Equal("44,240", points[0]);
        // Calibration: one dot per non-empty bin.
        Assert.Equal(report.Curves.Calibration.Count(b => b.Count > 0), charts[2].Descendants(Svg + "circle").Count());
        var auc = report.Intervals!.Intervals["rocAuc"];
        Assert.Contains($"| ROC AUC | {report.Metric("rocAuc").ToString("0.####", CultureInfo.InvariantCulture)} | {auc.Lower.ToString("0.####", CultureInfo.InvariantCulture)} |", section.Markdown);
    }

    [Fact]
    public void Evidence_without_curves_or_intervals_draws_neither()
    {
        var old = EvidenceFile.Parse(System.Text.Encoding.UTF8.GetBytes(SampleInputs.EvaluationEvidence(null)), "evaluation.json");
        var section = new EvaluationEvidenceRenderer().Render(old);
        Assert.DoesNotContain("chart-line", section.Html);
        Assert.DoesNotContain("| lower |", section.Markdown);
    }

    [Fact]
    public void LineChart_bytes_depend_only_on_the_points()
    {
        string Draw() => LineChart.Render("t", "d", "x", "y", [new LineSeries("s", [(0, 0), (0.333333, 0.5), (1, 1)], Markers: true)], diagonal: "chance");
        Assert.Equal(Draw(), Draw());
        var doc = XDocument.Parse(Draw());
        Assert.Equal("44,240 110.67,140 244,40", (string)doc.Descendants(Svg + "polyline").Single().Attribute("points")!);
        Assert.Equal("img", (string)doc.Root!.Attribute("role")!);
    }
}
