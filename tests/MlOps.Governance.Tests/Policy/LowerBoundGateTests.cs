using System.Globalization;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Policy;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.Policy;

/// <summary>A policy bound on an end of a metric's confidence interval (<c>bound: lower</c> / <c>upper</c>).</summary>
public sealed class LowerBoundGateTests : IDisposable
{
    private readonly SampleInputs _sample = new();
    private readonly string _sha;

    public LowerBoundGateTests() => _sha = MlOps.Hashing.Sha256Hex.Of(_sample.ModelBytes);

    public void Dispose() => _sample.Dispose();

    private EvaluationReport Classification() =>
        EvaluationAnalyzer.AnalyzeCsv(GermanCreditPredictions.Write(Path.Combine(_sample.Root, "predictions.csv")),
            new EvaluationOptions { Label = "credit_risk", Positive = "good", Score = "score" }) with { ModelSha256 = _sha };

    private GateResult Gate(EvaluationReport? report, string metrics)
    {
        if (report is not null)
        {
            EvaluationJson.Write(Path.Combine(_sample.Root, "evaluation.json"), report);
        }
        var policy = Path.Combine(_sample.Root, "policy.yaml");
        File.WriteAllText(policy, "levels:\n  high:\n    evidence: [evaluation]\n    passingEvidence: []\n    fairness: {}\n    metrics:\n" + metrics);
        return PolicyGate.Evaluate(GateInputs.FromFolder(_sample.Root, modelPath: _sample.ModelPath), PolicyFile.Read(policy));
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void TheLowerBoundMustClearTheMinimumNotJustTheEstimate()
    {
        var report = Classification();
        var auc = report.Metric("rocAuc");
        var (lower, upper) = report.Intervals!.Intervals["rocAuc"];
        var between = (lower + auc) / 2;

        Assert.True(Gate(report, $"      rocAuc: {{ min: {F(between)} }}\n").Passed);
        var failed = Gate(report, $"      rocAuc: {{ min: {F(between)}, bound: lower }}\n");
        var unmet = Assert.Single(failed.Unmet);
        Assert.Equal("metrics.rocAuc", unmet.Id);
        Assert.Contains("lower confidence bound >=", unmet.Description);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"95% confidence interval [{lower:0.######}, {upper:0.######}] (200 bootstrap replicates)"), unmet.Detail);
        Assert.True(Gate(report, $"      rocAuc: {{ min: {F(lower - 0.001)}, bound: lower }}\n").Passed);
    }

    [Fact]
    public void AMaximumOnRegressionErrorChecksTheUpperBound()
    {
        var csv = Path.Combine(_sample.Root, "regression.csv");
        File.WriteAllText(csv, "y,prediction\n" + string.Concat(Enumerable.Range(0, 300).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i * 0.1},{i * 0.1 + Math.Sin(i * 2.3)}\n"))));
        var report = EvaluationAnalyzer.AnalyzeCsv(csv, new EvaluationOptions { Label = "y", Task = EvaluationTask.Regression }) with { ModelSha256 = _sha };
        var rmse = report.Metric("rmse");
        var (_, upper) = report.Intervals!.Intervals["rmse"];
        var between = (rmse + upper) / 2;
        Assert.True(Gate(report, $"      rmse: {{ max: {F(between)} }}\n").Passed);
        Assert.Equal("metrics.rmse", Assert.Single(Gate(report, $"      rmse: {{ max: {F(between)}, bound: upper }}\n").Unmet).Id);
        Assert.True(Gate(report, $"      rmse: {{ max: {F(upper + 0.001)}, bound: upper }}\n").Passed);
    }

    [Fact]
    public void EvidenceWithoutIntervalsAsksForANewEvaluation()
    {
        // Evidence written before intervals existed: metrics only.
        File.WriteAllText(Path.Combine(_sample.Root, "evaluation.json"), SampleInputs.EvaluationEvidence(_sha));
        var unmet = Assert.Single(Gate(null, "      rocAuc: { min: 0.5, bound: lower }\n").Unmet);
        Assert.Contains("no confidence interval of rocAuc in the evaluation evidence: rerun the evaluation stage", unmet.Detail);
        // The value itself is still judged as before.
        Assert.True(Gate(null, "      rocAuc: { min: 0.5 }\n").Passed);
    }

    [Fact]
    public void AnUnknownBoundIsRefusedWithItsLine()
    {
        var policy = Path.Combine(_sample.Root, "bad.yaml");
        File.WriteAllText(policy, "levels:\n  high:\n    metrics:\n      rocAuc: { min: 0.7, bound: lowest }\n");
        var e = Assert.Throws<MlOpsException>(() => PolicyFile.Read(policy));
        Assert.Equal(4, e.Line);
        Assert.Contains("levels.high.metrics.rocAuc.bound", e.Message);
        Assert.Contains("lower", e.Fix);
    }
}
