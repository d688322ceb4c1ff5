using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Drift;
using MlOps.Governance.Evidence;
using MlOps.Governance.Fairness;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>
/// The evidence renderers on evidence the library itself computes from the shared data sets: the charts
/// carry the evidence's numbers, and every fragment is well-formed markup.
/// </summary>
public class EvidenceRendererTests
{
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

    private static EvidenceFile AsEvidence(System.Text.Json.Nodes.JsonObject json) =>
        EvidenceFile.Parse(EvidenceDocument.ToBytes(json), "test.json");

    // The HTML fragment must parse as XML once wrapped: unbalanced tags or raw '&' would break the card.
    private static XElement ParseFragment(string html) => XElement.Parse("<div>" + html.Replace("&nbsp;", "&#160;") + "</div>");

    [Fact]
    public void Fairness_section_draws_each_groups_rates_from_a_real_predictions_file()
    {
        var report = FairnessAnalyzer.AnalyzeCsv(Shared("adult", "adult-rf.predictions.csv"), new FairnessOptions
        {
            Label = "y_true",
            Prediction = "y_pred",
            Sensitive = ["sex", "race"],
            Privileged = new Dictionary<string, string> { ["sex"] = "Male", ["race"] = "White" },
            BootstrapReplicates = 20,
        });
        var evidence = AsEvidence(FairnessJson.ToJson(report));

        var section = new FairnessEvidenceRenderer().Render(evidence);

        ParseFragment(section.Html);
        foreach (var feature in report.Features)
        {
            Assert.Contains($"By {WebUtility.HtmlEncode(feature.Feature)}", section.Html);
            foreach (var group in feature.Groups)
            {
                var rate = group.Counts.SelectionRate.ToString("0.###", CultureInfo.InvariantCulture);
                Assert.Contains(WebUtility.HtmlEncode($"{group.Name}: selection rate = {rate}") + "<", section.Html);
            }
        }
        Assert.Contains("| demographic parity ratio |", section.Markdown);
        Assert.Contains("four-fifths rule", section.Html);
    }

    [Fact]
    public void Drift_baseline_section_has_one_histogram_per_profiled_column()
    {
        var baseline = DriftBaselineBuilder.Build(Shared("german-credit.csv"));
        var evidence = AsEvidence(DriftBaselineJson.ToJson(baseline));

        var section = new DriftBaselineEvidenceRenderer().Render(evidence);

        ParseFragment(section.Html);
        Assert.Equal(baseline.Features.Count, Regex.Count(section.Html, "class=\"chart chart-histogram\""));
        Assert.Contains("| credit\\_amount | 1,000 | 0 |", section.Markdown);
    }

    [Fact]
    public void Drift_baseline_histogram_shares_add_up_to_one_for_numeric_and_categorical_columns()
    {
        var baseline = DriftBaselineBuilder.Build(Shared("german-credit.csv"));
        var root = AsEvidence(DriftBaselineJson.ToJson(baseline)).Root.GetProperty("features");

        foreach (var name in new[] { "age", "credit_amount", "installment_rate", "purpose", "sex" })
        {
            var bins = DriftBaselineEvidenceRenderer.Bins(root.GetProperty(name));
            Assert.NotEmpty(bins);
            Assert.Equal(1.0, bins.Sum(b => b.ReferenceShare), 9);
        }
        // sex: 690 male of 1,000 rows (data/README.md).
        Assert.Equal(0.69, DriftBaselineEvidenceRenderer.Bins(root.GetProperty("sex")).Single(b => b.Label == "male").ReferenceShare, 9);
    }

    [Fact]
    public void Drift_report_section_says_whether_the_data_set_drifted_and_draws_both_distributions()
    {
        var baseline = DriftBaselineBuilder.Build(Shared("adult", "adult-train.csv"));
        var report = DriftComparer.Compare(baseline, Shared("adult", "adult-test-age-gt-40.csv"));
        var evidence = AsEvidence(DriftReportJson.ToJson(report));

        var section = new DriftReportEvidenceRenderer().Render(evidence);

        ParseFragment(section.Html);
        Assert.Contains(report.DatasetDrift ? "the data set has drifted" : "the data set has not drifted", section.Html);
        Assert.Contains("age (drifted)", section.Html);
        Assert.Contains(": current ", section.Html);
    }

    [Fact]
    public void Registry_resolves_the_chart_renderers_for_their_kinds()
    {
        var registry = EvidenceSectionRegistry.Default;

        Assert.IsType<EvaluationEvidenceRenderer>(registry.Resolve("evaluation"));
        Assert.IsType<FairnessEvidenceRenderer>(registry.Resolve("fairness"));
        Assert.IsType<DriftBaselineEvidenceRenderer>(registry.Resolve("drift-baseline"));
        Assert.IsType<DriftReportEvidenceRenderer>(registry.Resolve("drift-report"));
        Assert.IsType<GateEvidenceRenderer>(registry.Resolve("gate"));
        Assert.IsType<ReproducibilityEvidenceRenderer>(registry.Resolve("reproducibility"));
    }
}
