using System.IO.Compression;
using System.Text.Json;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// The "done when", exactly as a new user does it: `dotnet new classlib`, a nuget.config
/// pointing at the packed MlOps.Build, the PackageReference and one MlModel item; then real `dotnet
/// build`, `dotnet pack` and `dotnet clean` processes. One project walks through the life cycle so
/// each step reuses the previous build (these are the slow tests).
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class GovernedProjectTests(PackedMlOpsBuild package)
{
    private const string Target = "MlOpsPackageModels";
    private const string Stem = "credit-risk-1.2.3";

    private ModelProject NewClassLibWithModel()
    {
        var project = new ModelProject(package, "CreditModels");
        var created = project.Dotnet(["new", "classlib", "-n", project.Name, "-o", project.Directory, "-f", ModelProject.TargetFramework]);
        Assert.True(created.ExitCode == 0, created.ToString());

        project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
        project.WriteText("model-card.md", TestCards.LowRisk());
        project.WriteText("data/train.csv", "a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n");
        project.WriteText("data/eval.csv", "a,b,c,label\n2,3,4,1\n");
        project.AppendToProject($"""
              <PropertyGroup>
                <Version>1.2.3</Version>
              </PropertyGroup>
              <ItemGroup>
                {project.PackageReference}
                <MlModel Include="model/credit-risk.onnx" Card="model-card.md" TrainingData="data/train.csv" EvaluationData="data/eval.csv" />
              </ItemGroup>
            """);
        return project;
    }

    private static string[] Outputs(ModelProject project) =>
        [.. new[] { ".mlpkg", ".mlpkg.sha256", ".mlpkg.intoto.jsonl", ".model-card.md", ".model-card.html", ".model-card.json" }
            .Select(suffix => Path.Combine(project.OutputDirectory, Stem + suffix))];

    [Fact]
    public void A_classlib_with_one_MlModel_builds_a_verifiable_artefact_incrementally_and_packs_and_cleans_it()
    {
        var project = NewClassLibWithModel();
        var package = Path.Combine(project.OutputDirectory, Stem + ".mlpkg");

        // 1. First build: the artefact, its sidecar and the rendered card, next to the assembly.
        var first = project.Build();
        Assert.True(first.Succeeded, first.ToString());
        Assert.True(first.Ran(Target), first.ToString());
        Assert.All(Outputs(project), f => Assert.True(File.Exists(f), $"missing {f}\n{first}"));
        Assert.Contains($"MlOps: credit-risk 1.2.3 -> {package}", first.Process.Output);
        var firstBytes = File.ReadAllBytes(package);

        // 2. The sidecar is in sha256sum format; `mlops verify` accepts the artefact.
        var sha = ProcessRunner.Run("sha256sum", ["-c", Stem + ".mlpkg.sha256"], project.OutputDirectory);
        Assert.True(sha.ExitCode == 0, sha.ToString());
        Assert.Contains($"{Stem}.mlpkg: OK", sha.Output);
        var verify = ProcessRunner.Run("dotnet", [TestEnvironment.MlOpsCliPath, "verify", package], project.Directory);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // 3. The card shows the model's real inputs and outputs, read from the ONNX graph.
        var markdown = File.ReadAllText(Path.Combine(project.OutputDirectory, Stem + ".model-card.md"));
        Assert.Contains($"`{TestModels.InputName}`", markdown);
        Assert.Contains($"`{TestModels.OutputName}`", markdown);
        Assert.Contains("batch", markdown);
        var json = File.ReadAllText(Path.Combine(project.OutputDirectory, Stem + ".model-card.json"));
        Assert.Contains(TestModels.InputName, json);
        Assert.Contains(TestModels.OutputName, json);
        using (JsonDocument.Parse(json)) { }

        // 4. An unchanged build does no work: the target is skipped and nothing is rewritten.
        var stamp = File.GetLastWriteTimeUtc(package);
        var second = project.Build("--no-restore");
        Assert.True(second.Succeeded, second.ToString());
        Assert.True(second.SkippedAsUpToDate(Target), second.DetailedLog);
        Assert.False(second.Ran(Target));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(package));

        // 5. Touching an input (the card) packages again; same content, so the same bytes.
        File.SetLastWriteTimeUtc(project.PathOf("model-card.md"), DateTime.UtcNow);
        var third = project.Build("--no-restore");
        Assert.True(third.Succeeded, third.ToString());
        Assert.True(third.Ran(Target), third.DetailedLog);
        Assert.Equal(firstBytes, File.ReadAllBytes(package));

        // 5b. A setting that changes the artefact without touching a file (here the clock) packages
        //     again too; the artefact carries the new time.
        var epoch = project.RunMsBuildCommand("build", new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, "--no-restore");
        Assert.True(epoch.Succeeded, epoch.ToString());
        Assert.True(epoch.Ran(Target), epoch.DetailedLog);
        Assert.Contains("2023-11-14T22:13:20Z", File.ReadAllText(Path.Combine(project.OutputDirectory, Stem + ".model-card.md")));
        Assert.NotEqual(firstBytes, File.ReadAllBytes(package));

        // 6. `dotnet pack` puts the artefact, its sidecar and the card into the project's nupkg.
        var pack = project.RunMsBuildCommand("pack", "--no-build", "-c", "Debug", "-o", Path.Combine(project.Directory, "nupkgs"));
        Assert.True(pack.Succeeded, pack.ToString());
        using (var nupkg = ZipFile.OpenRead(Directory.GetFiles(Path.Combine(project.Directory, "nupkgs"), "*.nupkg").Single()))
        {
            var entries = nupkg.Entries.Select(e => e.FullName).ToList();
            Assert.Contains($"mlops/{Stem}.mlpkg", entries);
            Assert.Contains($"mlops/{Stem}.mlpkg.sha256", entries);
            Assert.Contains($"mlops/{Stem}.mlpkg.intoto.jsonl", entries);
            Assert.Contains($"mlops/{Stem}.model-card.html", entries);
            Assert.Contains("lib/net10.0/CreditModels.dll", entries);
        }

        // 7. `dotnet clean` removes every output; 8. a second clean build gives byte-identical bytes.
        var clean = project.RunMsBuildCommand("clean");
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.All(Outputs(project), f => Assert.False(File.Exists(f), $"{f} survived dotnet clean"));
        var rebuilt = project.Build("--no-restore");
        Assert.True(rebuilt.Succeeded, rebuilt.ToString());
        Assert.Equal(firstBytes, File.ReadAllBytes(package));
    }
}
