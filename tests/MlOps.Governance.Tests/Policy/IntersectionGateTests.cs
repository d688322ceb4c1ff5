using System.Globalization;
using System.Text.Json;
using MlOps.Governance.Evidence;
using MlOps.Governance.Fairness;
using MlOps.Governance.Policy;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.Policy;

/// <summary>The gate judges every intersection of sensitive features with the single features' thresholds.</summary>
public sealed class IntersectionGateTests : IDisposable
{
    private readonly SampleInputs _sample = new();
    private readonly string _sha;
    private readonly string _predictions;

    public IntersectionGateTests()
    {
        _sha = MlOps.Hashing.Sha256Hex.Of(_sample.ModelBytes);
        _predictions = GermanCreditPredictions.Write(Path.Combine(_sample.Root, "german-credit-predictions.csv"));
    }

    public void Dispose() => _sample.Dispose();

    private FairnessReport Measure(FairnessOptions? options = null) =>
        FairnessAnalyzer.AnalyzeCsv(_predictions, options ?? Options()) with { ModelSha256 = _sha };

    private static FairnessOptions Options(params string[] sensitive) => new()
    {
        Label = "credit_risk",
        Positive = "good",
        Prediction = "prediction",
        Sensitive = sensitive.Length == 0 ? ["sex", "age_group"] : sensitive,
        BootstrapReplicates = 0,
    };

    // The sample's folder with this fairness evidence and a policy that bounds only the fairness metric.
    private GateResult Gate(FairnessReport report, double minRatio)
    {
        FairnessJson.Write(Path.Combine(_sample.Root, "fairness.json"), report);
        var policy = Path.Combine(_sample.Root, "policy.yaml");
        File.WriteAllText(policy, string.Create(CultureInfo.InvariantCulture, $"""
            levels:
              high:
                evidence: [fairness]
                passingEvidence: []
                fairness:
                  demographicParityRatio: {"{"} min: {minRatio:R} {"}"}
            """));
        return PolicyGate.Evaluate(GateInputs.FromFolder(_sample.Root, modelPath: _sample.ModelPath), PolicyFile.Read(policy));
    }

    [Fact]
    public void GermanCreditFailsOnTheIntersectionTheSingleFeaturesMeet()
    {
        var report = Measure();
        var single = report.Features.Where(f => f.Columns.Count == 1).Min(f => f.DemographicParityRatio);
        var intersection = report.Features.Single(f => f.Feature == "sex&age_group").DemographicParityRatio;
        Assert.True(intersection < single, $"the sample's intersection ({intersection}) must be less fair than its features ({single}) for this test to mean anything");

        var result = Gate(report, (intersection + single) / 2);

        Assert.False(result.Passed);
        var unmet = Assert.Single(result.Unmet);
        Assert.Equal("fairness.sex&age_group.demographicParityRatio", unmet.Id);
        Assert.Contains("'sex&age_group'", unmet.Description);
        Assert.True(result.Requirements.Single(r => r.Id == "fairness.sex.demographicParityRatio").Met);
        Assert.True(result.Requirements.Single(r => r.Id == "fairness.age_group.demographicParityRatio").Met);
        using var gate = JsonDocument.Parse(EvidenceDocument.ToBytes(PolicyGate.ToJson(result)));
        Assert.Contains("sex&age_group", Assert.Single(gate.RootElement.GetProperty("unmet").EnumerateArray()).GetString());

        Assert.True(Gate(report, intersection - 0.01).Passed);
    }

    [Fact]
    public void EveryPairOfThreeSensitiveFeaturesIsReportedAndJudged()
    {
        var report = Measure(Options("sex", "age_group", "foreign_worker"));
        var keys = report.Features.Select(f => f.Feature).ToList();
        Assert.Equal(["sex", "age_group", "foreign_worker", "sex&age_group", "sex&foreign_worker", "age_group&foreign_worker", "sex&age_group&foreign_worker"], keys);
        var result = Gate(report, 0.01);
        foreach (var key in keys)
        {
            Assert.Contains(result.Requirements, r => r.Id == $"fairness.{key}.demographicParityRatio");
        }
    }

    [Fact]
    public void SmallGroupsAreLeftOutOfAnIntersectionAndTheEvidenceSaysSo()
    {
        // foreign_worker 'no' has 37 rows, so its crossings with sex and age are below the minimum of 30.
        var report = Measure(Options("sex", "foreign_worker"));
        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(FairnessJson.ToJson(report)));
        var intersection = doc.RootElement.GetProperty("byFeature").GetProperty("sex&foreign_worker");
        var groups = intersection.GetProperty("groups").EnumerateObject().ToList();
        var counted = groups.Where(g => !g.Value.GetProperty("smallGroup").GetBoolean()).Select(g => g.Value.GetProperty("selectionRate").GetDouble()).ToList();
        Assert.True(counted.Count >= 2 && counted.Count < groups.Count, "the data must have both small and counted groups");
        Assert.Equal(counted.Min() / counted.Max(), intersection.GetProperty("demographicParityRatio").GetDouble(), 12);
        Assert.Contains(intersection.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("left out of this intersection's between-group metrics"));
        // A single feature keeps its small groups: they are real minorities, not crossings.
        var single = doc.RootElement.GetProperty("byFeature").GetProperty("foreign_worker");
        var all = single.GetProperty("groups").EnumerateObject().Select(g => g.Value.GetProperty("selectionRate").GetDouble()).ToList();
        Assert.Equal(all.Min() / all.Max(), single.GetProperty("demographicParityRatio").GetDouble(), 12);
        // The gate judges the figure the evidence reports.
        var value = intersection.GetProperty("demographicParityRatio").GetDouble();
        Assert.Contains(Gate(report, value + 1e-9).Unmet, r => r.Id == "fairness.sex&foreign_worker.demographicParityRatio");
    }

    [Fact]
    public void AnIntersectionWithFewerThanTwoLargeGroupsIsNotJudged()
    {
        var report = Measure(Options() with { MinGroupSize = 400 }); // only male&gt_25 (605 rows) reaches 400
        var requirement = Gate(report, 0.99).Requirements.Single(r => r.Id == "fairness.sex&age_group.demographicParityRatio");
        Assert.True(requirement.Met);
        Assert.StartsWith("not judged: 1 group(s)", requirement.Detail);
    }

    [Fact]
    public void EvidenceWithoutTheIntersectionFails()
    {
        var result = Gate(Measure(Options() with { Intersections = false }), 0.5);
        var unmet = Assert.Single(result.Unmet);
        Assert.Equal("fairness.sex&age_group.demographicParityRatio", unmet.Id);
        Assert.Contains("no intersection 'sex&age_group'", unmet.Detail);
    }
}
