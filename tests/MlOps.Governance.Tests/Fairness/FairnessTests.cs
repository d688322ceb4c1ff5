using MlOps.Diagnostics;
using System.Text.Json;
using MlOps.Governance.Evidence;
using MlOps.Governance.Fairness;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Fairness;

public class FairnessTests
{
    private static readonly string Predictions = EvidenceTestData.Adult("adult-rf.predictions.csv");

    private static FairnessOptions AdultOptions(int bootstrap = 0) => new()
    {
        Label = "y_true",
        Prediction = "y_pred",
        Sensitive = ["sex", "race"],
        Privileged = new Dictionary<string, string> { ["sex"] = "Male" },
        BootstrapReplicates = bootstrap,
    };

    [PythonFact]
    public void AdultMetricsMatchPandasGroupbyWithFairlearnDefinitions()
    {
        var expected = ReferencePython.RunJson("fairness_reference.py", Predictions, "y_true", "y_pred", "1", "sex,race", "sex=Male", "30");
        var report = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions());
        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(FairnessJson.ToJson(report)));
        var byFeature = doc.RootElement.GetProperty("byFeature");
        Assert.Equal(["sex", "race", "sex&race"], byFeature.EnumerateObject().Select(p => p.Name));
        foreach (var feature in expected.EnumerateObject())
        {
            var actual = byFeature.GetProperty(feature.Name);
            foreach (var metric in new[] { "demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio", "equalOpportunityDifference", "disparateImpactRatio" })
            {
                AssertSame(feature.Value.GetProperty(metric), actual.GetProperty(metric), $"{feature.Name}.{metric}");
            }
            Assert.Equal(feature.Value.GetProperty("privilegedGroup").GetString(), actual.GetProperty("privilegedGroup").GetString());
            foreach (var group in feature.Value.GetProperty("groups").EnumerateObject())
            {
                var g = actual.GetProperty("groups").GetProperty(group.Name);
                foreach (var metric in new[] { "count", "selectionRate", "truePositiveRate", "falsePositiveRate", "accuracy" })
                {
                    AssertSame(group.Value.GetProperty(metric), g.GetProperty(metric), $"{feature.Name}.{group.Name}.{metric}");
                }
            }
        }
    }

    private static void AssertSame(JsonElement expected, JsonElement actual, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{what}: expected null, got {actual}");
            return;
        }
        Assert.True(Math.Abs(expected.GetDouble() - actual.GetDouble()) <= 1e-12, $"{what}: expected {expected}, got {actual}");
    }

    [Fact]
    public void GroupsBelowTheMinimumSizeAreFlagged()
    {
        var report = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions() with { MinGroupSize = 100 });
        var race = report.Features.Single(f => f.Feature == "race");
        Assert.True(race.Groups.Single(g => g.Name == "Other").SmallGroup); // 81 rows in the test split
        Assert.False(race.Groups.Single(g => g.Name == "White").SmallGroup);
    }

    [Fact]
    public void UndefinedRatiosAreNullWithAReasonNeverNaN()
    {
        using var dir = new TempFolder();
        // Group b has no actual positives; nobody is selected, so selection-rate ratios are 0/0.
        var csv = dir.Write("p.csv", "y,prediction,g\n1,0,a\n0,0,a\n0,0,b\n0,0,b\n");
        var report = FairnessAnalyzer.AnalyzeCsv(csv, new FairnessOptions { Label = "y", Sensitive = ["g"], BootstrapReplicates = 0 });
        var text = System.Text.Encoding.UTF8.GetString(EvidenceDocument.ToBytes(FairnessJson.ToJson(report)));
        Assert.DoesNotContain("NaN", text);
        using var doc = JsonDocument.Parse(text);
        var g = doc.RootElement.GetProperty("byFeature").GetProperty("g");
        Assert.Equal(JsonValueKind.Null, g.GetProperty("demographicParityRatio").ValueKind);
        Assert.Contains("0 / 0", g.GetProperty("undefined").GetProperty("demographicParityRatio").GetString());
        Assert.Equal(JsonValueKind.Null, g.GetProperty("groups").GetProperty("b").GetProperty("truePositiveRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, g.GetProperty("disparateImpactRatio").ValueKind);
        Assert.Contains(g.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("'b' has no actual positives"));
    }

    [Fact]
    public void BootstrapIntervalsAreSeededAndBracketTheEstimate()
    {
        var a = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions(200));
        var b = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions(200));
        Assert.Equal(EvidenceDocument.ToBytes(FairnessJson.ToJson(a)), EvidenceDocument.ToBytes(FairnessJson.ToJson(b)));
        var sex = a.Features.Single(f => f.Feature == "sex");
        var ci = sex.ConfidenceIntervals["demographicParityDifference"];
        Assert.InRange(sex.DemographicParityDifference, ci.Lower, ci.Upper);
        Assert.True(ci.Upper - ci.Lower is > 0.005 and < 0.05, $"interval {ci}");
        var c = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions(200) with { Seed = 7 });
        Assert.NotEqual(ci, c.Features.Single(f => f.Feature == "sex").ConfidenceIntervals["demographicParityDifference"]);
    }

    [Fact]
    public void ScoreColumnWithThresholdGivesPredictions()
    {
        var byScore = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions() with { Prediction = "absent", Score = "score", Threshold = 0.5 });
        var byColumn = FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions());
        Assert.Equal(byColumn.Features[0].Groups.Select(g => g.Counts), byScore.Features[0].Groups.Select(g => g.Counts));
    }

    [Fact]
    public void NonBinaryLabelIsAnErrorNamingTheLine()
    {
        using var dir = new TempFolder();
        var csv = dir.Write("p.csv", "y,prediction,g\n1,0,a\n0,0,a\n2,0,b\n");
        var e = Assert.Throws<MlOpsException>(() => FairnessAnalyzer.AnalyzeCsv(csv, new FairnessOptions { Label = "y", Sensitive = ["g"] }));
        Assert.Equal(4, e.Line);
        Assert.Contains("not binary", e.Message);
    }

    [Fact]
    public void EmptySensitiveValueIsAnErrorNamingLineAndColumn()
    {
        using var dir = new TempFolder();
        var csv = dir.Write("p.csv", "y,prediction,g\n1,0,a\n0,0,\n");
        var e = Assert.Throws<MlOpsException>(() => FairnessAnalyzer.AnalyzeCsv(csv, new FairnessOptions { Label = "y", Sensitive = ["g"] }));
        Assert.Equal(3, e.Line);
        Assert.Equal(3, e.Column);
    }

    [Fact]
    public void PrivilegedGroupWithoutRowsIsAnError()
    {
        var e = Assert.Throws<MlOpsException>(() => FairnessAnalyzer.AnalyzeCsv(Predictions,
            AdultOptions() with { Privileged = new Dictionary<string, string> { ["sex"] = "Martian" } }));
        Assert.Contains("'Martian'", e.Message);
        Assert.Contains("'Female'", e.Message);
    }

    [Fact]
    public void MissingSensitiveColumnListsTheColumns()
    {
        var e = Assert.Throws<MlOpsException>(() => FairnessAnalyzer.AnalyzeCsv(Predictions, AdultOptions() with { Sensitive = ["age_group"] }));
        Assert.Contains("'age_group'", e.Message);
        Assert.Contains("'race'", e.Message);
    }

    [Fact]
    public void PositiveLabelThatNeverOccursIsAnError()
    {
        using var dir = new TempFolder();
        var csv = dir.Write("p.csv", "y,prediction,g\ngood,good,a\nbad,bad,b\n");
        var e = Assert.Throws<MlOpsException>(() => FairnessAnalyzer.AnalyzeCsv(csv, new FairnessOptions { Label = "y", Sensitive = ["g"] }));
        // The library names the concept and the value to try; the CLI says --positive (CliWordingTests).
        Assert.Contains("positive label", e.Fix);
        Assert.Equal(UserInputs.PositiveLabel.Example("good"), Assert.Single(e.Inputs));
        var ok = FairnessAnalyzer.AnalyzeCsv(csv, new FairnessOptions { Label = "y", Sensitive = ["g"], Positive = "good", BootstrapReplicates = 0 });
        Assert.Equal(1.0, ok.Features[0].DemographicParityDifference);
    }
}

public class FairnessLargeFileTests
{
    private static string Row(int i) => $"{i % 3 % 2},{i % 5 % 2},{(i % 7 == 0 ? "f" : "m")},{(i % 4) switch { 0 => "a", 1 => "b", 2 => "c", _ => "d" }},{i}\n";

    private static string Write(TempFolder dir, int rows, Func<int, string>? row = null)
    {
        var path = Path.Combine(dir.Path, "big.csv");
        using var w = new StreamWriter(path);
        w.Write("y,prediction,sex,group,id\n");
        for (var i = 0; i < rows; i++)
        {
            w.Write((row ?? Row)(i));
        }
        return path;
    }

    [Fact]
    public void LargeFilesCountedInParallelSegmentsGiveExactCounts()
    {
        using var dir = new TempFolder();
        const int rows = 700_000; // > 8 MB: counted in segments when there are several cores
        var path = Write(dir, rows);
        Assert.True(new FileInfo(path).Length > FairnessAnalyzer.ParallelThreshold);
        var report = FairnessAnalyzer.AnalyzeCsv(path, new FairnessOptions { Label = "y", Sensitive = ["sex", "group"], BootstrapReplicates = 20 });
        Assert.Equal(rows, report.Rows);
        foreach (var g in report.Features.Single(f => f.Feature == "sex&group").Groups)
        {
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (var i = 0; i < rows; i++)
            {
                var name = $"{(i % 7 == 0 ? "f" : "m")}&{(i % 4) switch { 0 => "a", 1 => "b", 2 => "c", _ => "d" }}";
                if (name != g.Name)
                {
                    continue;
                }
                var (y, p) = (i % 3 % 2 == 1, i % 5 % 2 == 1);
                if (y && p) tp++; else if (!y && p) fp++; else if (y) fn++; else tn++;
            }
            Assert.Equal(new ConfusionCounts(tp, fp, fn, tn), g.Counts);
        }
        // Same bytes every time, however the work was split.
        var again = FairnessAnalyzer.AnalyzeCsv(path, new FairnessOptions { Label = "y", Sensitive = ["sex", "group"], BootstrapReplicates = 20 });
        Assert.Equal(EvidenceDocument.ToBytes(FairnessJson.ToJson(report)), EvidenceDocument.ToBytes(FairnessJson.ToJson(again)));
    }

    [Fact]
    public void AnErrorDeepInALargeFileNamesItsExactLine()
    {
        using var dir = new TempFolder();
        var path = Write(dir, 700_000, i => i == 650_000 ? "1,0,,a,0\n" : Row(i));
        var e = Assert.Throws<MlOpsException>(() => FairnessAnalyzer.AnalyzeCsv(path, new FairnessOptions { Label = "y", Sensitive = ["sex"] }));
        Assert.Equal(650_002, e.Line);
    }
}
