using System.Text;
using System.Text.RegularExpressions;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Drift;
using MlOps.Governance.Evidence;
using MlOps.Governance.Fairness;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>
/// The evidence sections, rendered from evidence the library computes on the shared data, load in headless
/// Chromium as a page: no console errors, every chart in the DOM, and a screenshot that shows them.
/// (The full model card of the template's sample is checked the same way in MlOps.Templates.Tests.)
/// </summary>
public sealed class EvidenceSectionsInChromiumTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-sections-");

    public void Dispose() => _temp.Delete(recursive: true);

    private static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return Path.Combine([dir.FullName, "..", "shared", "data", .. parts]);
            }
        }
        throw new InvalidOperationException("MlOpsBuild.sln not found.");
    }

    private string RenderPage()
    {
        var fairness = FairnessAnalyzer.AnalyzeCsv(Shared("adult", "adult-rf.predictions.csv"), new FairnessOptions
        {
            Label = "y_true", Prediction = "y_pred", Sensitive = ["sex"], BootstrapReplicates = 0,
            Privileged = new Dictionary<string, string> { ["sex"] = "Male" },
        });
        var baseline = DriftBaselineBuilder.Build(Shared("adult", "adult-train.csv"));
        var drift = DriftComparer.Compare(baseline, Shared("adult", "adult-test-hours-x1.3.csv"));
        var sections = new (string Kind, System.Text.Json.Nodes.JsonObject Json)[]
        {
            ("fairness", FairnessJson.ToJson(fairness)),
            ("drift-baseline", DriftBaselineJson.ToJson(baseline)),
            ("drift-report", DriftReportJson.ToJson(drift)),
        };
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sections</title></head><body>");
        foreach (var (kind, json) in sections)
        {
            var evidence = EvidenceFile.Parse(EvidenceDocument.ToBytes(json), kind + ".json");
            html.Append("<section><h2>Evidence: ").Append(kind).Append("</h2>")
                // The long parts (histograms) fold away in a card; opened here, so the screenshot shows the charts.
                .Append(EvidenceSectionRegistry.Default.Resolve(kind).Render(evidence).Html.Replace("<details>", "<details open>", StringComparison.Ordinal)).Append("</section>");
        }
        html.Append("</body></html>");
        var path = Path.Combine(_temp.FullName, "sections.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }

    [ChromiumFact]
    public void Sections_load_without_console_errors_and_keep_every_chart()
    {
        var page = RenderPage();

        var (dom, console) = HeadlessChromium.DumpDom(page);

        Assert.Empty(console);
        Assert.Contains("By sex", dom);
        Assert.Contains("Per-feature drift tests", dom);
        var expectedCharts = Regex.Count(File.ReadAllText(page), "<svg");
        Assert.True(expectedCharts > 20);
        Assert.Equal(expectedCharts, Regex.Count(dom, "<svg"));
    }

    [ChromiumFact]
    public void Sections_screenshot_shows_the_charts()
    {
        var png = PngImage.Decode(HeadlessChromium.Screenshot(RenderPage(), 1200, 3000));

        long chartBlue = 0, chartOrange = 0;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                var (r, g, b) = png.Pixel(x, y);
                if (Math.Abs(r - 0x00) < 8 && Math.Abs(g - 0x72) < 8 && Math.Abs(b - 0xB2) < 8)
                {
                    chartBlue++;
                }
                if (Math.Abs(r - 0xE6) < 8 && Math.Abs(g - 0x9F) < 8 && Math.Abs(b - 0x00) < 8)
                {
                    chartOrange++;
                }
            }
        }
        Assert.True(chartBlue > 5000, $"{chartBlue} pixels of the reference colour");
        Assert.True(chartOrange > 2000, $"{chartOrange} pixels of the second series colour (current data, TPR)");
    }
}
