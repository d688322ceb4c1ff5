using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Policy;
using MlOps.Governance.Risk;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.DataQuality;

/// <summary>The policy's dataQuality section, the gate's judgement of the data-quality evidence, and its card section.</summary>
public sealed class DataQualityPolicyTests
{
    private static string Evidence(string sha, double missingRate, bool leakage = true) =>
        "{\"schema\":\"mlops.evidence.data-quality/v1\",\"kind\":\"data-quality\",\"modelSha256\":\"" + sha + "\",\"verdict\":\"passed\",\"checks\":{"
        + "\"missingColumns\":{\"value\":0,\"threshold\":0,\"bound\":\"max\",\"passed\":true,\"column\":null},"
        + "\"missingRate\":{\"value\":" + missingRate.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"threshold\":0.05,\"bound\":\"max\",\"passed\":true,\"column\":\"age\"},"
        + "\"constantColumns\":{\"value\":1,\"threshold\":null,\"bound\":\"max\",\"passed\":true,\"column\":\"telephone\"}"
        + (leakage ? ",\"leakageRate\":{\"value\":0,\"threshold\":0,\"bound\":\"max\",\"passed\":true,\"column\":null}" : "")
        + "}}";

    private static (SampleInputs Sample, string Folder, string Policy) Setup(string dataQualityYaml)
    {
        var sample = new SampleInputs();
        var folder = sample.Root;
        File.WriteAllText(Path.Combine(folder, "evaluation.json"), SampleInputs.EvaluationEvidence(MlOps.Hashing.Sha256Hex.Of(sample.ModelBytes)));
        var policy = Path.Combine(folder, "policy.yaml");
        File.WriteAllText(policy, "levels:\n  high:\n    evidence: []\n    passingEvidence: []\n    fairness: {}\n    dataQuality: " + dataQualityYaml + "\n");
        return (sample, folder, policy);
    }

    [Fact]
    public void The_policy_keys_are_read_and_judged_against_the_evidence_values()
    {
        var (sample, folder, policyPath) = Setup("{ maxMissingRate: 0.1, maxLeakageRate: 0, allowConstantColumns: false }");
        using var _ = sample;
        var policy = PolicyFile.Read(policyPath);
        Assert.Equal(new Dictionary<string, double> { ["maxMissingRate"] = 0.1, ["maxLeakageRate"] = 0, ["allowConstantColumns"] = 0 },
            policy.For(RiskLevel.High).DataQuality);
        var sha = MlOps.Hashing.Sha256Hex.Of(sample.ModelBytes);

        var none = PolicyGate.Evaluate(GateInputs.FromFolder(folder), policy);
        Assert.All(none.Unmet.Where(u => u.Id.StartsWith("dataQuality.", StringComparison.Ordinal)), u => Assert.Equal("no data-quality evidence", u.Detail));
        Assert.Equal(4, none.Unmet.Count(u => u.Id.StartsWith("dataQuality.", StringComparison.Ordinal)));

        // The evidence's own thresholds do not matter: 0.08 fails the stage's 0.05 but meets the policy's 0.1.
        File.WriteAllText(Path.Combine(folder, "data-quality.json"), Evidence(sha, 0.08));
        var result = PolicyGate.Evaluate(GateInputs.FromFolder(folder), policy);
        Assert.Equal(["dataQuality.allowConstantColumns"], result.Unmet.Select(u => u.Id));
        Assert.Contains(result.Requirements, r => r.Id == "dataQuality.maxMissingRate" && r.Met && r.Detail == "missingRate = 0.08");
        Assert.Contains(result.Requirements, r => r.Id == "dataQuality.missingColumns" && r.Met);

        File.WriteAllText(Path.Combine(folder, "data-quality.json"), Evidence(sha, 0.2, leakage: false));
        var worse = PolicyGate.Evaluate(GateInputs.FromFolder(folder), policy);
        Assert.Equal(["dataQuality.maxMissingRate", "dataQuality.allowConstantColumns", "dataQuality.maxLeakageRate"], worse.Unmet.Select(u => u.Id));
        Assert.Contains("no leakage check", worse.Unmet[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowing_constant_columns_lifts_that_check()
    {
        var (sample, folder, policyPath) = Setup("{ allowConstantColumns: true, minMinorityClassRate: 0.1 }");
        using var _ = sample;
        File.WriteAllText(Path.Combine(folder, "data-quality.json"), Evidence(MlOps.Hashing.Sha256Hex.Of(sample.ModelBytes), 0));
        var result = PolicyGate.Evaluate(GateInputs.FromFolder(folder), PolicyFile.Read(policyPath));
        Assert.Contains(result.Requirements, r => r.Id == "dataQuality.allowConstantColumns" && r.Met);
        Assert.Contains("no label-balance check", Assert.Single(result.Unmet).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ maxNoise: 0.1 }", "levels.high.dataQuality.maxNoise")]
    [InlineData("{ maxMissingRate: lots }", "'levels.high.dataQuality.maxMissingRate' is 'lots'")]
    [InlineData("{ maxMissingRate: 1.5 }", "a rate from 0 to 1")]
    [InlineData("{ allowConstantColumns: maybe }", "true or false")]
    [InlineData("[maxMissingRate]", "'levels.high.dataQuality' is not a mapping")]
    public void A_bad_dataQuality_section_names_the_line_and_key(string yaml, string expected)
    {
        var (sample, _, policyPath) = Setup(yaml);
        using var __ = sample;
        var e = Assert.Throws<MlOpsException>(() => PolicyFile.Read(policyPath));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(6, e.Line);
    }

    [Fact]
    public void The_card_section_lists_every_check_and_marks_the_failed_ones()
    {
        using var f = new DataQualityFixture();
        var report = f.Check("a,b,c,label\n1.5,15,z,good\n2.5,25,y,bad\n");
        var evidence = EvidenceFile.Parse(DataQualityFixture.Bytes(report), "data-quality.json");
        var section = EvidenceSectionRegistry.Default.Resolve(evidence.Kind).Render(evidence);
        Assert.Contains("<tr class=\"flagged\" style=\"background:#fce8e6\"><th scope=\"row\">unseen category rate</th><td>0.5</td><td>&lt;= 0</td><td>FAILED</td><td>c</td></tr>", section.Html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">missing rate</th>", section.Html, StringComparison.Ordinal);
        Assert.Contains("| **unseen category rate** | **0.5** | **\\<= 0** | **FAILED** | **c** |", section.Markdown, StringComparison.Ordinal);
    }
}
