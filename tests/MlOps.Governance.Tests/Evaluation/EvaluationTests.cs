using MlOps.Governance.Evaluation;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Evaluation;

public class EvaluationTests
{
    [PythonFact]
    public void ClassificationMetricsMatchTheReference()
    {
        var csv = EvidenceTestData.Adult("adult-rf.predictions.csv");
        var expected = ReferencePython.RunJson("evaluation_reference.py", csv, "y_true", "score", "1", "0.5");
        var report = EvaluationAnalyzer.AnalyzeCsv(csv, new EvaluationOptions { Label = "y_true", Score = "score" });
        foreach (var name in EvaluationMetricNames.Classification)
        {
            Assert.True(Math.Abs(expected.GetProperty(name).GetDouble() - report.Metric(name)) < 1e-12, name);
        }
        var c = expected.GetProperty("confusion").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal((c[0], c[1], c[2], c[3]), report.Confusion!.Value);
    }

    [Fact]
    public void RocAucCountsTiesAsHalf()
    {
        var m = new ClassificationMetrics();
        m.Add(true, 0.5);
        m.Add(false, 0.5);
        m.Add(true, 0.9);
        m.Add(false, 0.1);
        // pairs: (0.5+,0.5-) tie = 0.5, (0.5+,0.1-) 1, (0.9+,0.5-) 1, (0.9+,0.1-) 1 -> 3.5/4
        Assert.Equal(0.875, m.RocAuc, 12);
    }

    [Fact]
    public void LogLossClipsCertainWrongAnswers()
    {
        var m = new ClassificationMetrics();
        m.Add(true, 0.0);
        Assert.Equal(-Math.Log(ClassificationMetrics.LogLossEpsilon), m.LogLoss, 9);
        Assert.True(double.IsNaN(m.RocAuc)); // one class only: undefined
    }

    [Fact]
    public void RegressionMetrics()
    {
        var r = new RegressionMetrics();
        r.Add(1, 2);
        r.Add(2, 2);
        r.Add(3, 2);
        Assert.Equal(Math.Sqrt(2.0 / 3), r.Rmse, 12);
        Assert.Equal(2.0 / 3, r.Mae, 12);
        Assert.Equal(0.0, r.R2, 12);
    }

    // The cases of MLflow's own validation tests (min_absolute_change / min_relative_change).
    [Theory]
    [InlineData(0.79, 0.7, 0.1, null, true, false)]
    [InlineData(0.8 + 1e-10, 0.7, 0.1, null, true, true)]
    [InlineData(0.5, 0.6, 0.15, null, false, false)]
    [InlineData(0.3, 0.4 + 1e-3, 0.1, null, false, true)]
    [InlineData(0.75, 0.7, null, 0.1, true, false)]
    [InlineData(0.77 + 1e-10, 0.7, null, 0.1, true, true)]
    [InlineData(0.55, 0.6, null, 0.1, false, false)]
    [InlineData(1e-10, 0.0, null, 0.1, true, true)]
    [InlineData(0.0, 0.0, null, 0.1, true, false)]
    public void ChampionComparisonFollowsMlflow(double candidate, double champion, double? abs, double? rel, bool higher, bool passes)
    {
        var rule = new MetricThreshold("m", null, abs, rel, higher);
        Assert.Equal(passes, rule.Check(candidate, champion).Count == 0);
    }

    [Fact]
    public void ChampionRuleWithoutChampionFails()
    {
        Assert.Single(new MetricThreshold("accuracy", MinAbsoluteChange: 0.01).Check(0.9, null));
    }

    [Fact]
    public void ThresholdIsInclusiveAndLowerIsBetterForLosses()
    {
        Assert.Empty(new MetricThreshold("accuracy", 0.8).Check(0.8, null));
        Assert.Empty(new MetricThreshold("logLoss", 0.5).Check(0.5, null));
        Assert.Single(new MetricThreshold("logLoss", 0.5).Check(0.51, null));
        Assert.Equal(new MetricThreshold("logLoss", 0.6, GreaterIsBetter: false), ThresholdSpec.ParseInline("logLoss<=0.6"));
    }

    [Fact]
    public void EveryFailedRuleIsReported()
    {
        var csv = EvidenceTestData.Adult("adult-rf.predictions.csv");
        var report = EvaluationAnalyzer.AnalyzeCsv(csv, new EvaluationOptions
        {
            Label = "y_true",
            Thresholds = [new("accuracy", 0.99), new("rocAuc", 0.99), new("brier", 0.5)],
        });
        Assert.False(report.Passed);
        Assert.Equal(2, report.Checks.Count(c => c.Failures.Count > 0));
    }

    [Fact]
    public void MalformedThresholdFileNamesTheLineAndField()
    {
        using var dir = new TempFolder();
        var file = dir.Write("t.yaml", "thresholds:\n  accuracy:\n    threshold: high\n");
        var e = Assert.Throws<MlOpsException>(() => ThresholdSpec.ReadFile(file));
        Assert.Equal(3, e.Line);
        Assert.Contains("accuracy.threshold", e.Message);
        var rules = ThresholdSpec.ReadFile(dir.Write("ok.yaml", "thresholds:\n  rocAuc: { threshold: 0.7, minAbsoluteChange: 0.01 }\n"));
        Assert.Equal(new MetricThreshold("rocAuc", 0.7, 0.01), rules.Single());
    }

    [Fact]
    public void ScoreOutsideZeroOneIsAnError()
    {
        using var dir = new TempFolder();
        var csv = dir.Write("p.csv", "y,score\n1,0.5\n0,3.2\n");
        var e = Assert.Throws<MlOpsException>(() => EvaluationAnalyzer.AnalyzeCsv(csv, new EvaluationOptions { Label = "y" }));
        Assert.Equal(3, e.Line);
    }
}
