using System.Globalization;
using System.Text.Json;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.Statistics;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.Evaluation;

/// <summary>ROC, precision-recall and calibration curves against scikit-learn; bootstrap confidence intervals.</summary>
public sealed class CurvesAndIntervalsTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly string _predictions;

    public CurvesAndIntervalsTests() => _predictions = GermanCreditPredictions.Write(Path.Combine(_dir.Path, "predictions.csv"));

    public void Dispose() => _dir.Dispose();

    private static EvaluationOptions Options(int replicates = 200, ulong seed = 42) => new()
    {
        Label = "credit_risk",
        Positive = "good",
        Score = "score",
        Bootstrap = new EvaluationBootstrap { Replicates = replicates, Seed = seed },
    };

    [PythonFact]
    public void CurvesAreScikitLearnsAtTheChosenThresholds()
    {
        var expected = ReferencePython.RunJson("curves_reference.py", _predictions, "credit_risk", "score", "good");
        var curves = EvaluationAnalyzer.AnalyzeCsv(_predictions, Options(0)).Curves!;
        var roc = expected.GetProperty("roc");
        var rocAt = Index(roc.GetProperty("thresholds"));
        var distinct = rocAt.Count;
        Assert.True(distinct > Curves.MaxPoints, "the sample must have more distinct scores than points, so the choice is tested");
        Assert.InRange(curves.Points.Count, Curves.MaxPoints / 2, Curves.MaxPoints);
        var pr = expected.GetProperty("pr");
        var prAt = Index(pr.GetProperty("thresholds"));
        foreach (var p in curves.Points)
        {
            var i = rocAt[p.Threshold];
            Assert.Equal(roc.GetProperty("fpr")[i].GetDouble(), p.FalsePositiveRate, 12);
            Assert.Equal(roc.GetProperty("tpr")[i].GetDouble(), p.TruePositiveRate, 12);
            var j = prAt[p.Threshold];
            Assert.Equal(pr.GetProperty("precision")[j].GetDouble(), p.Precision, 12);
            Assert.Equal(pr.GetProperty("recall")[j].GetDouble(), p.TruePositiveRate, 12);
        }
        // The last point is the lowest score: everything predicted positive.
        Assert.Equal((1.0, 1.0), (curves.Points[^1].FalsePositiveRate, curves.Points[^1].TruePositiveRate));

        var calibration = expected.GetProperty("calibration");
        var bins = curves.Calibration.Where(b => b.Count > 0).ToList();
        Assert.Equal(calibration.GetProperty("prob_true").GetArrayLength(), bins.Count);
        for (var b = 0; b < bins.Count; b++)
        {
            Assert.Equal(calibration.GetProperty("prob_true")[b].GetDouble(), bins[b].ObservedRate, 12);
            Assert.Equal(calibration.GetProperty("prob_pred")[b].GetDouble(), bins[b].MeanPredicted, 12);
        }
        Assert.Equal(1000, curves.Calibration.Sum(b => b.Count));
    }

    private static Dictionary<double, int> Index(JsonElement thresholds) =>
        thresholds.EnumerateArray().Select((t, i) => (t.GetDouble(), i)).ToDictionary(x => x.Item1, x => x.i);

    [Fact]
    public void ScoreEdgesFallInTheLowerCalibrationBinAsScikitLearns()
    {
        var m = new ClassificationMetrics();
        m.Add(true, 0.0);
        m.Add(false, 0.1);
        m.Add(true, 0.30000000000000004); // numpy's third edge: still bin 2
        m.Add(false, 0.3);
        m.Add(true, 1.0);
        var bins = Curves.Of(m)!.Calibration;
        Assert.Equal([2L, 0, 2, 0, 0, 0, 0, 0, 0, 1], bins.Select(b => b.Count));
        Assert.Equal(0.5, bins[2].ObservedRate);
    }

    [Fact]
    public void IntervalsAreSeededContainTheEstimateAndShrinkWithMoreData()
    {
        var report = EvaluationAnalyzer.AnalyzeCsv(_predictions, Options());
        var again = EvaluationAnalyzer.AnalyzeCsv(_predictions, Options());
        var otherSeed = EvaluationAnalyzer.AnalyzeCsv(_predictions, Options(seed: 7));
        Assert.Equal(EvaluationJson.ToJson(report).ToJsonString(), EvaluationJson.ToJson(again).ToJsonString());
        Assert.NotEqual(report.Intervals!.Intervals["rocAuc"], otherSeed.Intervals!.Intervals["rocAuc"]);
        foreach (var name in EvaluationMetricNames.Classification)
        {
            var (lower, upper) = report.Intervals.Intervals[name];
            Assert.InRange(report.Metric(name), lower, upper);
            Assert.True(upper > lower, name);
        }

        // The same rows four times over: the intervals are about half as wide (1/√4).
        var lines = File.ReadAllLines(_predictions);
        var bigger = _dir.Write("bigger.csv", string.Join("\n", lines.Take(1).Concat(Enumerable.Repeat(lines.Skip(1), 4).SelectMany(x => x))) + "\n");
        var big = EvaluationAnalyzer.AnalyzeCsv(bigger, Options());
        foreach (var name in new[] { "accuracy", "rocAuc", "logLoss", "brier" })
        {
            var (l1, u1) = report.Intervals.Intervals[name];
            var (l4, u4) = big.Intervals!.Intervals[name];
            Assert.InRange((u4 - l4) / (u1 - l1), 0.35, 0.7);
        }
    }

    [Fact]
    public void EvidenceCarriesTheIntervalsTheBootstrapAndTheCurves()
    {
        var report = EvaluationAnalyzer.AnalyzeCsv(_predictions, Options());
        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(EvaluationJson.ToJson(report)));
        var root = doc.RootElement;
        var bootstrap = root.GetProperty("bootstrap");
        Assert.Equal(200, bootstrap.GetProperty("replicates").GetInt32());
        Assert.Equal(42UL, bootstrap.GetProperty("seed").GetUInt64());
        Assert.Equal(0.95, bootstrap.GetProperty("confidenceLevel").GetDouble());
        Assert.Contains("Poisson", bootstrap.GetProperty("method").GetString());
        Assert.Equal(EvaluationMetricNames.Classification, root.GetProperty("confidenceIntervals").EnumerateObject().Select(p => p.Name));
        var rocAuc = root.GetProperty("confidenceIntervals").GetProperty("rocAuc");
        Assert.True(rocAuc.GetProperty("lower").GetDouble() < rocAuc.GetProperty("upper").GetDouble());
        var curves = root.GetProperty("curves");
        Assert.Equal(curves.GetProperty("roc").GetProperty("thresholds").GetArrayLength(), curves.GetProperty("roc").GetProperty("truePositiveRate").GetArrayLength());
        Assert.Equal(11, curves.GetProperty("calibration").GetProperty("binEdges").GetArrayLength());
        Assert.Equal(0.3, curves.GetProperty("calibration").GetProperty("binEdges")[3].GetDouble());
    }

    [Fact]
    public void RegressionIntervalsContainTheEstimate()
    {
        var csv = _dir.Write("regression.csv", "y,prediction\n" + string.Concat(Enumerable.Range(0, 400).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i * 0.25},{i * 0.25 + Math.Sin(i * 1.7) * 2}\n"))));
        var report = EvaluationAnalyzer.AnalyzeCsv(csv, new EvaluationOptions { Label = "y", Task = EvaluationTask.Regression });
        Assert.Null(report.Curves);
        foreach (var name in EvaluationMetricNames.Regression)
        {
            var (lower, upper) = report.Intervals!.Intervals[name];
            Assert.InRange(report.Metric(name), lower, upper);
            Assert.True(upper > lower, name);
        }
    }

    [Fact]
    public void TooManyReplicatesIsRefusedBeforeAnyWork()
    {
        var request = new EvaluationRequest
        {
            Inputs = new MlOps.Governance.Scoring.StageData(null, null, _predictions),
            Options = Options(replicates: 10_001),
            WorkFolder = _dir.Path,
        };
        var e = Assert.Throws<MlOpsException>(() => EvaluationService.Validate(request));
        Assert.Contains("bootstrap replicates", e.Message);
        Assert.Equal(MlOps.Diagnostics.UserInputs.BootstrapReplicates, Assert.Single(e.Inputs).Input);
        Assert.Equal(MlOps.Diagnostics.DiagnosticCatalog.CountLimit.Id, e.Code);
    }
}
