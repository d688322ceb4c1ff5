using System.Text.Json;
using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Drift;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>
/// Drift histograms label their bins with short, unique, invariant edges, and leave out the zero-width bins
/// that quantile edges produce on columns with few distinct values. The evidence itself is untouched.
/// </summary>
public class DriftHistogramLabelTests
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

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData(25.80000000000001, "25.8")]
    [InlineData(1926.8000000000002, "1927")]
    [InlineData(3601.9999999999995, "3602")]
    [InlineData(935.5, "935.5")]
    [InlineData(18424.0, "18424")]
    [InlineData(4.0, "4")]
    [InlineData(-0.000123456, "-0.0001235")]
    public void Bin_edges_read_with_up_to_four_significant_digits_and_no_exponent(double edge, string expected) =>
        Assert.Equal(expected, BinEdgeFormat.Format(edge));

    [Fact]
    public void Distinct_edges_that_would_read_alike_get_just_enough_digits_to_stay_distinct()
    {
        var texts = BinEdgeFormat.FormatAll([1.00001, 1.00002, 1.00002, 2.5]);

        Assert.Equal(["1.00001", "1.00002", "1.00002", "2.5"], texts);
        Assert.Equal(["23", "25.8", "28"], BinEdgeFormat.FormatAll([23, 25.80000000000001, 28]));
    }

    [Fact]
    public void Drift_report_chart_skips_zero_width_bins_and_relabels_from_the_edges()
    {
        // installment_rate as the German credit drift report stores it (quantile edges repeat on a 1..4 column).
        var bins = Json("""
            {"labels": ["<= 1", "(1, 2]", "(2, 2]", "(2, 3]", "(3, 3]", "(3, 4]", "(4, 4]", "(4, 4]", "(4, 4]", "> 4"],
             "edges": [1, 2, 2, 3, 3, 4, 4, 4, 4],
             "reference": [0.134, 0.23, 0, 0.15, 0, 0.486, 0, 0, 0, 0],
             "current": [0.14, 0.233, 0, 0.173, 0, 0.454, 0, 0, 0, 0]}
            """);

        var chart = DriftReportEvidenceRenderer.Bins(bins);

        Assert.Equal(["<= 1", "(1, 2]", "(2, 3]", "(3, 4]", "> 4"], chart.Select(b => b.Label));
        Assert.Equal([0.134, 0.23, 0.15, 0.486, 0], chart.Select(b => b.ReferenceShare));
        Assert.Equal([0.14, 0.233, 0.173, 0.454, 0], chart.Select(b => b.CurrentShare!.Value));
    }

    [Fact]
    public void Drift_report_chart_rounds_long_edges_in_labels()
    {
        var bins = Json("""
            {"labels": ["<= 23", "(23, 25.80000000000001]", "(25.80000000000001, 28]", "> 28"],
             "edges": [23, 25.80000000000001, 28], "reference": [0.1, 0.2, 0.3, 0.4], "current": [0.4, 0.3, 0.2, 0.1]}
            """);

        Assert.Equal(["<= 23", "(23, 25.8]", "(25.8, 28]", "> 28"], DriftReportEvidenceRenderer.Bins(bins).Select(b => b.Label));
    }

    [Fact]
    public void A_zero_width_bin_that_holds_a_share_is_still_drawn()
    {
        // Never hide data: a (malformed) zero-width bin with rows in it stays on the chart.
        var bins = Json("""
            {"labels": ["<= 1", "(1, 1]", "> 1"], "edges": [1, 1], "reference": [0.5, 0.1, 0.4], "current": [0.5, 0, 0.5]}
            """);

        Assert.Equal(["<= 1", "(1, 1]", "> 1"], DriftReportEvidenceRenderer.Bins(bins).Select(b => b.Label));
    }

    [Fact]
    public void Categorical_drift_bins_keep_their_labels()
    {
        var bins = Json("""{"labels": ["a", "b"], "reference": [0.5, 0.5], "current": [0.25, 0.75]}""");

        Assert.Equal(["a", "b"], DriftReportEvidenceRenderer.Bins(bins).Select(b => b.Label));
    }

    [Fact]
    public void Real_drift_report_and_baseline_charts_have_short_unique_labels_and_keep_every_share()
    {
        var baseline = DriftBaselineBuilder.Build(Shared("german-credit.csv"));
        var report = EvidenceFile(DriftReportJson.ToJson(DriftComparer.Compare(baseline, Shared("german-credit.csv"))));
        var profile = EvidenceFile(DriftBaselineJson.ToJson(baseline));

        var charts = report.GetProperty("features").EnumerateObject()
            .Select(f => (f.Name, Bins: DriftReportEvidenceRenderer.Bins(f.Value.GetProperty("bins")), Source: f.Value.GetProperty("bins")))
            .ToList();
        foreach (var (name, bins, source) in charts)
        {
            Assert.True(bins.Select(b => b.Label).Distinct().Count() == bins.Count, $"{name}: duplicate labels {string.Join(" ", bins.Select(b => b.Label))}");
            if (source.TryGetProperty("edges", out _))
            {
                // Numeric labels: "(1497, 1927]" and the like (category names are the data's own).
                Assert.All(bins, b => Assert.True(b.Label.Length <= 24, $"{name}: long label {b.Label}"));
            }
            Assert.Equal(source.GetProperty("reference").EnumerateArray().Sum(v => v.GetDouble()), bins.Sum(b => b.ReferenceShare), 12);
            Assert.Equal(source.GetProperty("current").EnumerateArray().Sum(v => v.GetDouble()), bins.Sum(b => b.CurrentShare ?? 0), 12);
        }
        // installment_rate (1..4) reads as one bin per value instead of ten with "(4, 4]" repeats.
        Assert.Equal(5, charts.Single(c => c.Name == "installment_rate").Bins.Count);
        Assert.DoesNotContain(charts.SelectMany(c => c.Bins), b => b.Label.Contains("0000"));

        foreach (var feature in profile.GetProperty("features").EnumerateObject())
        {
            var bins = DriftBaselineEvidenceRenderer.Bins(feature.Value);
            Assert.True(bins.Select(b => b.Label).Distinct().Count() == bins.Count, $"{feature.Name}: duplicate labels");
            Assert.DoesNotContain(bins, b => b.Label.Contains("0000"));
        }
    }

    private static JsonElement EvidenceFile(System.Text.Json.Nodes.JsonObject json) =>
        JsonDocument.Parse(EvidenceDocument.ToBytes(json)).RootElement.Clone();
}
