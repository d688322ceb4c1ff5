using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tests.Rendering;

namespace MlOps.Templates.Tests.Pipeline;

/// <summary>
/// The sample's model card, rendered from real evidence on German credit, shows every evidence section
/// with its charts and the numbers of the evidence files, and loads in a browser without errors.
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class ModelCardRenderingTests(SamplePipelineFixture sample)
{
    private string Html => File.ReadAllText(sample.Package.CardHtmlPath);

    private JsonElement Evidence(string kind) => JsonDocument.Parse(File.ReadAllText(sample.EvidenceFile(kind))).RootElement;

    private static string Figure(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    [Fact]
    public void Card_shows_the_evaluation_metrics_of_the_evidence_file()
    {
        var metrics = Evidence("evaluation").GetProperty("metrics");
        foreach (var name in new[] { "accuracy", "precision", "recall", "f1", "rocAuc" })
        {
            Assert.Contains($">{Figure(metrics.GetProperty(name).GetDouble())}<", Html);
        }
        var cm = Evidence("evaluation").GetProperty("confusionMatrix");
        Assert.Contains($"predicted good: {cm.GetProperty("truePositives").GetInt64()}<", Html);
    }

    [Fact]
    public void Card_shows_the_hyperparameters_and_pipeline_of_the_training_run()
    {
        var training = Evidence("training");
        Assert.Contains("training", sample.Package.Manifest.Evidence.Select(e => e.Kind));
        Assert.Contains("<caption>Hyperparameters</caption>", Html);
        foreach (var option in training.GetProperty("trainer").GetProperty("options").EnumerateObject())
        {
            var value = option.Value.ValueKind == JsonValueKind.Number
                ? (option.Value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : option.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture))
                : option.Value.ValueKind == JsonValueKind.String ? option.Value.GetString()! : option.Value.GetRawText();
            Assert.Contains($"<th scope=\"row\">{option.Name}</th><td>{value}</td>", Html);
        }
        Assert.Contains("Trained by SdcaLogisticRegression (Microsoft.ML 6.0.0) with seed 20240611", Html);
        Assert.Contains("<td>NormalizeMeanVariance</td>", Html);
    }

    [Fact]
    public void Card_shows_each_groups_selection_rate_from_the_fairness_evidence()
    {
        var byFeature = Evidence("fairness").GetProperty("byFeature");
        foreach (var feature in new[] { "sex", "age_group" })
        {
            foreach (var group in byFeature.GetProperty(feature).GetProperty("groups").EnumerateObject())
            {
                var rate = group.Value.GetProperty("selectionRate").GetDouble();
                Assert.Contains($"{group.Name}: selection rate = {rate.ToString("0.###", CultureInfo.InvariantCulture)}<", Html);
            }
        }
    }

    [Fact]
    public void Card_has_a_drift_histogram_for_every_profiled_feature()
    {
        var features = Evidence("drift-baseline").GetProperty("features").EnumerateObject().Select(f => f.Name).ToList();
        Assert.True(features.Count >= 19);
        foreach (var feature in features)
        {
            Assert.Matches(new Regex($"aria-label=\"{Regex.Escape(feature)}( \\(drifted\\))?\""), Html);
        }
    }

    [Fact]
    public void Card_shows_the_reproducibility_result_and_the_gate_verdict_of_the_evidence()
    {
        var repro = Evidence("reproducibility");
        Assert.True(repro.GetProperty("modelHashesEqual").GetBoolean());
        Assert.Contains("<th scope=\"row\">model hashes equal</th><td>yes</td>", Html);

        var gate = Evidence("gate");
        var requirements = gate.GetProperty("requirements").GetArrayLength();
        var verdict = gate.GetProperty("verdict").GetString();
        Assert.Contains($"Gate {verdict}: ", Html);
        Assert.Contains($"of {requirements} requirements met", Html);
    }

    [ChromiumFact]
    public void Card_loads_in_chromium_without_console_errors_and_with_every_section_and_chart()
    {
        var (dom, console) = HeadlessChromium.DumpDom(sample.Package.CardHtmlPath);

        Assert.Empty(console);
        foreach (var kind in new[] { "training", "evaluation", "fairness", "explanations", "robustness", "drift-baseline", "drift-report", "data-quality", "reproducibility", "gate" })
        {
            Assert.Contains($"Evidence: {kind}", dom);
        }
        Assert.True(Regex.Count(dom, "<svg") >= 2 + 3 + 2 * 19, "charts: evaluation (2), fairness (3), two histograms per feature");
        Assert.True(Regex.Count(dom, "class=\"bar\"") >= 3 * 4, "fairness and metric bars are in the DOM");
        Assert.Contains("class=\"cell\"", dom);
        Assert.Contains("Gate passed", dom);
    }

    [ChromiumFact]
    public void Card_screenshot_is_not_blank_and_shows_the_chart_colours()
    {
        var png = PngImage.Decode(HeadlessChromium.Screenshot(sample.Package.CardHtmlPath, 1280, 9000));

        long ink = 0, chartBlue = 0;
        for (var y = 0; y < png.Height; y += 2)
        {
            for (var x = 0; x < png.Width; x += 2)
            {
                var (r, g, b) = png.Pixel(x, y);
                if (r < 240 || g < 240 || b < 240)
                {
                    ink++;
                }
                // #0072B2, the first series colour of every chart.
                if (Math.Abs(r - 0x00) < 8 && Math.Abs(g - 0x72) < 8 && Math.Abs(b - 0xB2) < 8)
                {
                    chartBlue++;
                }
            }
        }
        var sampled = (long)(png.Width / 2) * (png.Height / 2);
        Assert.InRange((double)ink / sampled, 0.02, 0.9);
        Assert.True(chartBlue > 2000, $"only {chartBlue} sampled pixels in the chart colour: the charts did not render");
    }
}
