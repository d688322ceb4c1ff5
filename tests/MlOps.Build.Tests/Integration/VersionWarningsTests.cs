using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// One version names one artefact, in a real `dotnet build`: a card `version:` the project's Version overrides is
/// warning MLOPS187 at the card's line; a rebuild that changes the card under the same version is warning MLOPS188;
/// a rebuild with the same content is quiet. Warnings: the artefact is still written.
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class VersionWarningsTests(PackedMlOpsBuild package)
{
    [Fact]
    public void A_differing_card_version_and_a_card_edited_under_the_same_version_are_build_warnings()
    {
        var project = new ModelProject(package, "Versions");
        project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
        var card = TestCards.LowRisk().Replace("name: credit-risk\n", "name: credit-risk\nversion: 9.9.9\n");
        project.WriteText("model-card.md", card);
        project.WriteClassLibrary("""<MlModel Include="model/credit-risk.onnx" Card="model-card.md" />""", "<Version>1.2.3</Version>");
        var artefact = Path.Combine(project.OutputDirectory, "credit-risk-1.2.3.mlpkg");

        var first = project.Build();
        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains($"model-card.md(3,10): warning MLOPS187: The card says 'version: 9.9.9', but MlModel 'credit-risk'", first.Process.Output);
        Assert.Contains("is version 1.2.3", first.Process.Output);
        Assert.DoesNotContain("MLOPS188", first.Process.Output);
        Assert.True(File.Exists(artefact));

        // The card's version removed, then the card's prose edited: another artefact under the same version.
        project.WriteText("model-card.md", TestCards.LowRisk());
        var rebuilt = project.Build("--no-restore");
        Assert.True(rebuilt.Succeeded, rebuilt.ToString());
        Assert.DoesNotContain("MLOPS187", rebuilt.Process.Output);
        Assert.Contains("warning MLOPS188", rebuilt.Process.Output); // the card's text is inside the model member
        Assert.Contains("model/model.onnx changed", rebuilt.Process.Output);

        // The same content again (a forced rebuild): same bytes, no warning.
        var again = project.Build("--no-restore", "--no-incremental");
        Assert.True(again.Succeeded, again.ToString());
        Assert.DoesNotContain("MLOPS188", again.Process.Output);
    }
}
