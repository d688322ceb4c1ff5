using System.Globalization;
using System.Text;
using MlOps.Governance.Fairness;
using MlOps.Governance.Policy;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.Policy;

/// <summary>The policy's fairness bounds judge multiclass evidence per class and regression evidence by its error figures.</summary>
public sealed class TaskFairnessGateTests : IDisposable
{
    private readonly SampleInputs _sample = new();

    public void Dispose() => _sample.Dispose();

    private string Predictions(string name, string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(_sample.Root, name);
        File.WriteAllText(path, header + "\n" + string.Join("\n", rows) + "\n", Encoding.UTF8);
        return path;
    }

    private GateResult Gate(FairnessReport report, string bounds)
    {
        FairnessJson.Write(Path.Combine(_sample.Root, "fairness.json"), report with { ModelSha256 = MlOps.Hashing.Sha256Hex.Of(_sample.ModelBytes) });
        var policy = Path.Combine(_sample.Root, "policy.yaml");
        File.WriteAllText(policy, $"""
            levels:
              high:
                evidence: [fairness]
                passingEvidence: []
                fairness:
            {bounds}
            """);
        return PolicyGate.Evaluate(GateInputs.FromFolder(_sample.Root, modelPath: _sample.ModelPath), PolicyFile.Read(policy));
    }

    [Fact]
    public void Multiclass_evidence_is_judged_class_by_class()
    {
        // Group a is predicted 'x' for every row, group b for half its rows: for class x the selection rates are 1 and 0.5.
        var rows = Enumerable.Range(0, 40).Select(i => i < 20
            ? $"a,{(i % 2 == 0 ? "x" : "y")},x"
            : $"b,{(i % 2 == 0 ? "x" : "y")},{(i % 4 < 2 ? "x" : "y")}");
        var path = Predictions("multiclass.csv", "group,label,prediction", rows);
        var report = ClassFairness.Analyze(path, new FairnessOptions
        {
            Label = "label", Prediction = "prediction", Sensitive = ["group"], Task = FairnessTask.Multiclass, MinGroupSize = 1, BootstrapReplicates = 0,
        });

        var result = Gate(report, "      demographicParityRatio: { min: 0.8 }");

        Assert.False(result.Passed);
        var unmet = result.Unmet.Select(r => r.Id).ToList();
        Assert.Contains("fairness.x:group.demographicParityRatio", unmet);
        Assert.Contains(result.Requirements, r => r.Id == "fairness.y:group.demographicParityRatio");
        Assert.DoesNotContain(result.Requirements, r => r.Detail.Contains("no sensitive feature", StringComparison.Ordinal));
    }

    [Fact]
    public void Regression_evidence_is_judged_on_its_error_figures()
    {
        // Group a is predicted exactly, group b is off by 2: MAE 0 against 2.
        var rows = Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i < 20 ? "a" : "b")},{i},{(i < 20 ? i : i + 2)}"));
        var path = Predictions("regression.csv", "group,label,prediction", rows);
        var report = RegressionFairness.Analyze(path, new FairnessOptions
        {
            Label = "label", Prediction = "prediction", Sensitive = ["group"], Task = FairnessTask.Regression, MinGroupSize = 1, BootstrapReplicates = 0,
        });

        var failing = Gate(report, "      maeDifference: { max: 1 }");
        var unmet = Assert.Single(failing.Unmet);
        Assert.Equal("fairness.group.maeDifference", unmet.Id);
        Assert.Equal("maeDifference = 2", unmet.Detail);

        Assert.True(Gate(report, "      maeDifference: { max: 2.5 }").Passed);
    }
}
