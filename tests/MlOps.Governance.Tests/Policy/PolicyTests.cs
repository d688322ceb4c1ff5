using System.Text.Json;
using MlOps.Governance.Evidence;
using MlOps.Governance.Packaging;
using MlOps.Governance.Policy;
using MlOps.Governance.Risk;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.Policy;

public class PolicyTests
{
    private static string Fairness(string? modelSha, double dpRatio, double intersectionRatio = 0.85) =>
        "{\"schema\":\"mlops.evidence.fairness/v1\",\"kind\":\"fairness\",\"modelSha256\":" + (modelSha is null ? "null" : $"\"{modelSha}\"") +
        ",\"verdict\":\"passed\",\"sensitive\":[\"sex\",\"age\"],\"byFeature\":{\"sex\":{\"demographicParityRatio\":" + dpRatio.ToString(System.Globalization.CultureInfo.InvariantCulture) +
        ",\"equalizedOddsDifference\":0.05},\"age\":{\"demographicParityRatio\":0.95,\"equalizedOddsDifference\":0.004},\"sex&age\":{\"demographicParityRatio\":" +
        intersectionRatio.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"equalizedOddsDifference\":0.006}}}";

    private const string Baseline = """{"schema":"mlops.evidence.drift-baseline/v1","kind":"drift-baseline","modelSha256":null,"verdict":"info"}""";

    /// <summary>A folder of loose inputs: the sample's high-risk card and model plus evidence files.</summary>
    private static (SampleInputs Sample, string Folder, string Sha) Folder(params (string Name, string Text)[] evidence)
    {
        var sample = new SampleInputs();
        var folder = sample.Root;
        var sha = MlOps.Hashing.Sha256Hex.Of(sample.ModelBytes);
        File.WriteAllText(Path.Combine(folder, "evaluation.json"), SampleInputs.EvaluationEvidence(sha));
        foreach (var (name, text) in evidence)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
        return (sample, folder, sha);
    }

    [Fact]
    public void HighRiskModelWithCompleteEvidencePasses()
    {
        var (sample, folder, sha) = Folder(("fairness.json", Fairness(null, 0.9)), ("drift-baseline.json", Baseline));
        using var _ = sample;
        File.WriteAllText(Path.Combine(folder, "fairness.json"), Fairness(sha, 0.9));
        var inputs = GateInputs.FromFolder(folder);
        Assert.Equal(RiskLevel.High, inputs.Risk.Level);
        var result = PolicyGate.Evaluate(inputs);
        Assert.True(result.Passed, string.Join("\n", result.Unmet.Select(u => u.Description + ": " + u.Detail)));
        // The intersection is judged with the single features' threshold.
        Assert.Contains(result.Requirements, r => r.Id == "fairness.sex&age.demographicParityRatio" && r.Met);
    }

    [Fact]
    public void EveryUnmetRequirementIsListed()
    {
        var (sample, folder, sha) = Folder();
        using var _ = sample;
        File.WriteAllText(Path.Combine(folder, "fairness.json"), Fairness(sha, 0.5));
        sample.WriteCard(SampleInputs.Card.Replace("humanOversight: A credit officer confirms every adverse decision.\n", "")
            .Replace("licence: MIT\n", ""));
        var result = PolicyGate.Evaluate(GateInputs.FromFolder(folder));
        Assert.False(result.Passed);
        var unmet = result.Unmet.Select(u => u.Id).ToList();
        Assert.Contains("card.humanOversight", unmet);
        Assert.Contains("card.licence", unmet);
        Assert.Contains("evidence.drift-baseline", unmet);
        Assert.Contains("fairness.sex.demographicParityRatio", unmet);
        Assert.Equal(4, unmet.Count);
        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(PolicyGate.ToJson(result)));
        Assert.Equal("failed", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(4, doc.RootElement.GetProperty("unmet").GetArrayLength());
        Assert.Equal(sha, doc.RootElement.GetProperty("modelSha256").GetString());
    }

    [Fact]
    public void UnacceptableCategoryNeverPasses()
    {
        var (sample, folder, _) = Folder();
        using var __ = sample;
        sample.WriteCard(SampleInputs.Card.Replace("probability: likely", "probability: rare").Replace("severity: major", "severity: very low")
            .Replace("euAiActCategory: high-risk", "euAiActCategory: unacceptable"));
        var permissive = Path.Combine(folder, "policy.yaml");
        File.WriteAllText(permissive, "levels:\n  low:\n    cardSections: []\n    evidence: []\n    passingEvidence: []\n");
        var result = PolicyGate.Evaluate(GateInputs.FromFolder(folder), PolicyFile.Read(permissive));
        Assert.False(result.Passed);
        Assert.Equal("risk.euAiActCategory", Assert.Single(result.Unmet).Id);
    }

    [Fact]
    public void APolicyCanRequireAnAnnexIvCardField()
    {
        var (sample, folder, _) = Folder();
        using var __ = sample;
        var policy = Path.Combine(folder, "policy.yaml");
        File.WriteAllText(policy, "levels:\n  high:\n    cardSections: [postMarketMonitoring]\n    evidence: []\n    passingEvidence: []\n");
        var result = PolicyGate.Evaluate(GateInputs.FromFolder(folder), PolicyFile.Read(policy));
        Assert.Contains("card.postMarketMonitoring", result.Unmet.Select(u => u.Id));

        sample.WriteCard(SampleInputs.Card.Replace("licence: MIT\n", "licence: MIT\npostMarketMonitoring: Weekly drift comparison.\n"));
        var written = PolicyGate.Evaluate(GateInputs.FromFolder(folder), PolicyFile.Read(policy));
        Assert.Contains(written.Requirements, r => r.Id == "card.postMarketMonitoring" && r.Met);
    }

    [Fact]
    public void EvidenceAboutAnotherModelIsRejectedWithMlops110()
    {
        var (sample, folder, _) = Folder(("fairness.json", Fairness(new string('a', 64), 0.9)));
        using var _ = sample;
        var e = Assert.Throws<MlOpsException>(() => PolicyGate.Evaluate(GateInputs.FromFolder(folder)));
        Assert.Equal("MLOPS110", e.Code);
        Assert.EndsWith("fairness.json", e.File);
    }

    [Fact]
    public void StricterPolicyFileFailsOnThresholds()
    {
        var (sample, folder, sha) = Folder(("drift-baseline.json", Baseline));
        using var _ = sample;
        File.WriteAllText(Path.Combine(folder, "fairness.json"), Fairness(sha, 0.9));
        var policy = Path.Combine(folder, "strict.yaml");
        File.WriteAllText(policy, """
            levels:
              high:
                evidence: [evaluation, fairness, drift-baseline, reproducibility]
                metrics:
                  accuracy: { min: 0.9 }
                  rocAuc: { min: 0.7 }
                fairness:
                  equalizedOddsDifference: { max: 0.01 }
            """);
        var result = PolicyGate.Evaluate(GateInputs.FromFolder(folder), PolicyFile.Read(policy));
        Assert.Equal(["evidence.reproducibility", "metrics.accuracy", "fairness.sex.equalizedOddsDifference"], result.Unmet.Select(u => u.Id));
        // Keys the file leaves out keep their built-in value.
        Assert.Equal(GatePolicy.BuiltIn.For(RiskLevel.High).CardSections, result.Policy.For(RiskLevel.High).CardSections);
    }

    [Theory]
    [InlineData("levels:\n  high:\n    metrics:\n      accuracy: { min: lots }\n", 4, "levels.high.metrics.accuracy.min")]
    [InlineData("levels:\n  extreme:\n    evidence: []\n", 2, "extreme")]
    [InlineData("levels:\n  low:\n    evidence: [evaluation, magic]\n", 3, "magic")]
    [InlineData("levels:\n  low:\n    cardSection: [owners]\n", 3, "levels.low.cardSection")]
    // The unclosed '[' is on line 3; YamlDotNet reports the end of the stream one line further (issue 9).
    [InlineData("levels:\n  low:\n    evidence: [evaluation\n", 3, "YAML")]
    public void MalformedPolicyNamesTheLineAndField(string yaml, int line, string field)
    {
        using var dir = new TempFolder();
        var path = dir.Write("policy.yaml", yaml);
        var e = Assert.Throws<MlOpsException>(() => PolicyFile.Read(path));
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(field, e.Message);
        Assert.False(string.IsNullOrEmpty(e.Fix));
    }

    [Fact]
    public void BuiltInPolicyGrowsWithTheRiskLevel()
    {
        var levels = new[] { RiskLevel.Low, RiskLevel.Medium, RiskLevel.High, RiskLevel.Severe }.Select(GatePolicy.BuiltIn.For).ToList();
        for (var i = 1; i < levels.Count; i++)
        {
            Assert.Superset(levels[i - 1].CardSections.ToHashSet(), levels[i].CardSections.ToHashSet());
            Assert.Superset(levels[i - 1].Evidence.ToHashSet(), levels[i].Evidence.ToHashSet());
        }
    }

    [Fact]
    public void PackagedArtefactIsJudgedFromItsManifestCardAndEvidence()
    {
        using var sample = new SampleInputs();
        var result = MlPackageBuilder.Build(sample.Request());
        var gate = PolicyGate.Evaluate(GateInputs.FromArtefact(result.PackagePath));
        Assert.Equal(RiskLevel.High, gate.Inputs.Risk.Level);
        Assert.Equal(["evidence.fairness", "evidence.drift-baseline", "fairness.demographicParityRatio"], gate.Unmet.Select(u => u.Id));
    }
}
