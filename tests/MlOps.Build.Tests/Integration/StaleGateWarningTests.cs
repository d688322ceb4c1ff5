using MlOps.Build.Tests.Infrastructure;
using MlOps.Hashing;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// A gate verdict is about one risk level and one policy, in a real `dotnet build`: packing gate evidence judged for
/// another risk level than the card's, or under another policy than the build's (MlOpsPolicy, else the nearest
/// governance-policy.yaml), is warning MLOPS205 and the card says "gate verdict stale" instead of the verdict.
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class StaleGateWarningTests(PackedMlOpsBuild package)
{
    // Gate evidence as `mlops gate --out` writes it for a low-risk card under the policy with digest policySha256.
    private static string Gate(string level, string category, string policySha256) => $$"""
        {
          "schema": "mlops.evidence.gate/v1",
          "kind": "gate",
          "modelSha256": null,
          "verdict": "passed",
          "risk": {"probability": "rare", "severity": "low", "level": "{{level}}", "euAiActCategory": "{{category}}"},
          "policy": {"source": "governance-policy.yaml", "level": "{{level}}", "sha256": "{{policySha256}}"},
          "requirements": [{"id": "risk.euAiActCategory", "description": "The EU AI Act category is not 'unacceptable'", "met": true, "detail": "ok"}],
          "unmet": []
        }
        """;

    // The low-risk card with every field a high-risk card needs too, so raising its risk changes nothing else.
    private static string Card(string cell = "probability: rare\n  severity: low") => TestCards.LowRisk()
        .Replace("licence: MIT\n", "licence: MIT\noutOfScopeUse: Automated decisions.\nlimitations: Old data.\nethicalConsiderations: Age is sensitive.\n"
            + "humanOversight: An officer reviews.\nsensitiveFeatures: [age]\nlabel: default\n")
        .Replace("probability: rare\n  severity: low", cell);

    [Fact]
    public void Gate_evidence_for_another_risk_or_policy_is_a_warning_and_the_card_says_stale()
    {
        var project = new ModelProject(package, "StaleGate");
        project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
        project.WriteText("model-card.md", Card());
        var policy = project.WriteText("governance-policy.yaml", "levels:\n  low:\n    noDatasetDrift: false\n");
        project.WriteText("evidence/gate.json", Gate("low", "minimal", Sha256Hex.OfFile(policy)));
        project.WriteClassLibrary("""<MlModel Include="model/credit-risk.onnx" Card="model-card.md" EvidenceDirectory="evidence" />""", "<Version>1.0.0</Version>");
        var card = Path.Combine(project.OutputDirectory, "credit-risk-1.0.0.model-card.md");

        // Judged for this card under the policy next to the project: fresh.
        var fresh = project.Build();
        Assert.True(fresh.Succeeded, fresh.ToString());
        Assert.DoesNotContain("MLOPS205", fresh.Process.Output);
        Assert.Contains("> **Gate passed**", File.ReadAllText(card));

        // The author raises the risk after the gate ran: the verdict no longer applies.
        project.WriteText("model-card.md", Card("probability: likely\n  severity: major"));
        var riskRaised = project.Build("--no-restore");
        Assert.True(riskRaised.Succeeded, riskRaised.ToString());
        Assert.Contains("warning MLOPS205", riskRaised.Process.Output);
        Assert.Contains("computed for risk level low (the card says high)", riskRaised.Process.Output);
        var text = File.ReadAllText(card);
        Assert.Contains("> **Gate verdict stale**: computed for risk level low (the card says high).", text);
        Assert.DoesNotContain("Gate passed", text);

        // Back to the card the gate judged, but the policy was edited since: stale again, for the policy.
        project.WriteText("model-card.md", Card());
        project.WriteText("governance-policy.yaml", "levels:\n  low:\n    noDatasetDrift: true\n");
        var policyEdited = project.Build("--no-restore");
        Assert.True(policyEdited.Succeeded, policyEdited.ToString());
        Assert.Contains("warning MLOPS205", policyEdited.Process.Output);
        Assert.Contains("computed for policy governance-policy.yaml (sha256 ", policyEdited.Process.Output);
    }
}
