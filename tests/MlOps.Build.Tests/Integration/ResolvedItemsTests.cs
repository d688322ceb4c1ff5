using System.Text.Json;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// What MlOps.Build.targets computes before any task runs: the inputs the incremental check watches
/// (model, card, every data file, every evidence file) and the outputs it expects, with the name
/// taken from the card and the version from the item. Asked from MSBuild itself (-getItem).
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class ResolvedItemsTests(PackedMlOpsBuild package)
{
    [Fact]
    public void Inputs_are_model_card_data_and_evidence_files_and_outputs_use_the_card_name_and_item_version()
    {
        var project = new ModelProject(package, "Resolved");
        project.WriteBytes("model/model.onnx", TestModels.CreditRisk());
        project.WriteText("model-card.md", TestCards.LowRisk(name: "\"credit-risk\"   # quoted, with a comment"));
        project.WriteText("data/train-a.csv", "a\n1\n");
        project.WriteText("data/train-b.csv", "a\n2\n");
        project.WriteText("data/eval.csv", "a\n3\n");
        project.WriteText("evidence/evaluation.json", "{}");
        project.WriteText("evidence/fairness.json", "{}");
        project.WriteText("evidence/README.txt", "not evidence");
        project.WriteClassLibrary("""
            <MlModel Include="model/model.onnx" Card="model-card.md" Version="2.0.0-rc.1"
                     TrainingData="data/train-a.csv;data/train-b.csv" EvaluationData="data/eval.csv" EvidenceDirectory="evidence" />
            """);

        var result = project.Dotnet(["msbuild", project.ProjectFile, "-restore", "-nologo", "-nodeReuse:false",
            "-t:_MlOpsResolveModels", "-getItem:_MlOpsInput", "-getItem:_MlOpsOutput", "-getItem:_MlOpsAttestations"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{')..]);
        string[] FullPaths(string item) =>
            [.. json.RootElement.GetProperty("Items").GetProperty(item).EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!).Order(StringComparer.Ordinal)];

        string[] inputs = [.. new[] { "model/model.onnx", "model-card.md", "data/train-a.csv", "data/train-b.csv", "data/eval.csv",
            "evidence/evaluation.json", "evidence/fairness.json" }.Select(project.PathOf).Order(StringComparer.Ordinal)];
        Assert.Equal(inputs, FullPaths("_MlOpsInput"));

        string[] outputs = [.. new[] { ".mlpkg", ".mlpkg.sha256", ".model-card.md", ".model-card.html", ".model-card.json" }
            .Select(s => Path.Combine(project.OutputDirectory, "credit-risk-2.0.0-rc.1" + s)).Order(StringComparer.Ordinal)];
        Assert.Equal(outputs, FullPaths("_MlOpsOutput"));
        // The attestation bundle: an output of the packaging, but not a FileWrite (MSBuild's clean must not delete approvals).
        Assert.Equal([Path.Combine(project.OutputDirectory, "credit-risk-2.0.0-rc.1.mlpkg.intoto.jsonl")], FullPaths("_MlOpsAttestations"));
    }

    [Fact]
    public void MlOpsTasksAssembly_points_the_build_at_a_fresh_task_assembly()
    {
        var project = new ModelProject(package, "FreshTask");
        project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
        project.WriteText("model-card.md", TestCards.LowRisk());
        project.WriteClassLibrary("""<MlModel Include="model/credit-risk.onnx" Card="model-card.md" />""");

        var build = project.Build($"-p:MlOpsTasksAssembly={TestEnvironment.MlOpsBuildTaskAssembly}");

        Assert.True(build.Succeeded, build.ToString());
        Assert.Contains($"Using \"PackageMlModels\" task from assembly \"{TestEnvironment.MlOpsBuildTaskAssembly}\"", build.DetailedLog);
        Assert.True(File.Exists(Path.Combine(project.OutputDirectory, "credit-risk-1.0.0.mlpkg")));
    }
}
