using System.IO.Compression;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Governance.Drift;

namespace MlOps.Build.Tests.Integration;

/// <summary>Evidence files are inputs: touching one packages again, and so does removing one.</summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class EvidenceTests(PackedMlOpsBuild package)
{
    private const string Target = "MlOpsPackageModels";

    private const string DriftBaseline = """
        {
          "schema": "mlops.evidence.drift-baseline/v1",
          "kind": "drift-baseline",
          "modelSha256": null,
          "verdict": "info"
        }
        """;

    private static List<string> Members(string artefact)
    {
        using var zip = ZipFile.OpenRead(artefact);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    [Fact]
    public void Touching_or_removing_an_evidence_file_packages_again()
    {
        var project = new ModelProject(package, "Evidence");
        project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
        project.WriteText("model-card.md", TestCards.LowRisk());
        var evidence = project.WriteText("evidence/drift-baseline.json", DriftBaseline);
        project.WriteClassLibrary("""<MlModel Include="model/credit-risk.onnx" Card="model-card.md" EvidenceDirectory="evidence" />""");
        var artefact = Path.Combine(project.OutputDirectory, "credit-risk-1.0.0.mlpkg");

        var first = project.Build();
        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains("evidence/drift-baseline.json", Members(artefact));

        File.SetLastWriteTimeUtc(evidence, DateTime.UtcNow);
        var touched = project.Build("--no-restore");
        Assert.True(touched.Succeeded, touched.ToString());
        Assert.True(touched.Ran(Target), touched.DetailedLog);

        // No remaining input is newer than the artefact: only the recorded input list notices.
        File.Delete(evidence);
        var removed = project.Build("--no-restore");
        Assert.True(removed.Succeeded, removed.ToString());
        Assert.True(removed.Ran(Target), removed.DetailedLog);
        Assert.DoesNotContain("evidence/drift-baseline.json", Members(artefact));
    }
}
