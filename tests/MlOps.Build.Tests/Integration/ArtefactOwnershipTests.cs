using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// One artefact, one writer, on every build: two MlModel items of a project with one name (MLOPS121), and
/// several projects writing one artefact into a shared MlOpsOutputDirectory (MLOPS127). A failed build must
/// leave nothing that makes the next build look up to date, so the error comes back until it is fixed.
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class ArtefactOwnershipTests(PackedMlOpsBuild package)
{
    private const string Target = "MlOpsPackageModels";
    private const string Stem = "credit-risk-1.2.3";

    private static string[] FilesIn(string folder, string pattern = "*") =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder, pattern).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)] : [];

    [Fact]
    public void Two_items_with_one_name_are_MLOPS121_on_every_build_and_neither_artefact_is_written()
    {
        var project = new ModelProject(package, "DuplicateNames");
        project.WriteBytes("a/model.onnx", TestModels.CreditRisk());
        project.WriteBytes("b/model.onnx", TestModels.CreditRisk());
        project.WriteText("a/model-card.md", TestCards.LowRisk("scorer") + "Model A.\n");
        project.WriteText("b/model-card.md", TestCards.LowRisk("scorer") + "Model B.\n");
        project.WriteClassLibrary("""
            <MlModel Include="a/model.onnx" Name="scorer" Card="a/model-card.md" />
            <MlModel Include="b/model.onnx" Name="scorer" Card="b/model-card.md" />
            """, "<Version>1.0.0</Version>");

        // The second build is the one that used to pass: the first had written model A's artefact, so
        // MSBuild found every output newer than every input and skipped the target.
        foreach (var build in new[] { project.Build(), project.Build("--no-restore") })
        {
            Assert.False(build.Succeeded, build.ToString());
            Assert.True(build.Ran(Target), build.DetailedLog);
            var error = Assert.Single(build.Errors);
            Assert.Equal("MLOPS121", error.Code);
            Assert.Equal(project.ProjectFile, error.File);
            Assert.Empty(FilesIn(project.OutputDirectory, "scorer-*"));
        }
    }

    [Fact]
    public void Projects_writing_one_artefact_into_a_shared_folder_fail_with_MLOPS127_on_every_build_except_the_owner()
    {
        var shared = package.NewProjectDirectory("shared-models");
        ModelProject Project(string name, string modelName)
        {
            var project = new ModelProject(package, name);
            project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
            // A different card per project: the artefact shows which project wrote it.
            project.WriteText("model-card.md", TestCards.LowRisk(modelName) + $"Packaged by {name}.\n");
            project.WriteClassLibrary("""<MlModel Include="model/credit-risk.onnx" Card="model-card.md" />""",
                $"<Version>1.2.3</Version><MlOpsOutputDirectory>{shared}</MlOpsOutputDirectory>");
            return project;
        }

        // Three projects with one model name and version, and a neighbour with its own name.
        var projects = new[] { "Alpha", "Beta", "Gamma" }.Select(name => Project(name, "credit-risk")).ToList();
        var neighbour = Project("Delta", "credit-risk-delta");
        var neighbourArtefact = Path.Combine(shared, "credit-risk-delta-1.2.3.mlpkg");
        var solution = new ModelProject(package, "AllModels");
        solution.WriteText("AllModels.slnx", "<Solution>\n"
            + string.Concat(projects.Append(neighbour).Select(p => $"  <Project Path=\"{Path.GetRelativePath(solution.Directory, p.ProjectFile)}\" />\n"))
            + "</Solution>\n");
        solution.EntryFile = solution.PathOf("AllModels.slnx");
        var artefact = Path.Combine(shared, Stem + ".mlpkg");
        var claim = artefact + ".claim";

        // Round 1, the three projects in parallel: whoever claims the artefact first owns it; the
        // other two fail, each naming the owner.
        var first = solution.Build("-m:4");
        var owner = AssertOneOwner(first, projects, claim);
        var ownerBytes = File.ReadAllBytes(artefact);
        var neighbourBytes = File.ReadAllBytes(neighbourArtefact);
        Assert.Contains($"Packaged by {owner.Name}.", File.ReadAllText(Path.Combine(shared, Stem + ".model-card.md")));
        Assert.Equal(
            [Stem + ".mlpkg", Stem + ".mlpkg.claim", Stem + ".mlpkg.intoto.jsonl", Stem + ".mlpkg.sha256", Stem + ".model-card.html", Stem + ".model-card.json", Stem + ".model-card.md"],
            FilesIn(shared, Stem + ".*"));
        Assert.Equal(14, FilesIn(shared).Length);

        // Round 2: still an error for the same two projects, the owner's artefact untouched.
        var second = solution.Build("-m:4", "--no-restore");
        Assert.Same(owner, AssertOneOwner(second, projects, claim));
        Assert.Equal(ownerBytes, File.ReadAllBytes(artefact));
        Assert.Equal(neighbourBytes, File.ReadAllBytes(neighbourArtefact));

        // The owner packages again (its card changed): its artefact is now newer than every input of the
        // others, so only a failed run leaving nothing "up to date" behind keeps them from passing.
        var other = projects.First(p => p != owner);
        File.AppendAllText(owner.PathOf("model-card.md"), "Retrained.\n");
        var repackaged = owner.Build("--no-restore");
        Assert.True(repackaged.Succeeded && repackaged.Ran(Target), repackaged.ToString());
        var again = other.Build("--no-restore");
        Assert.False(again.Succeeded, again.ToString());
        Assert.Equal("MLOPS127", Assert.Single(again.Errors).Code);
        ownerBytes = File.ReadAllBytes(artefact);

        // `dotnet clean` of a project that does not own the artefact leaves it alone; the owner's clean
        // removes it and releases the claim, and then another project may write it.
        Assert.True(other.RunMsBuildCommand("clean").Succeeded);
        Assert.Equal(ownerBytes, File.ReadAllBytes(artefact));
        var clean = owner.RunMsBuildCommand("clean");
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.Empty(FilesIn(shared, Stem + ".*"));
        Assert.Equal(neighbourBytes, File.ReadAllBytes(neighbourArtefact));
        var takeOver = other.Build("--no-restore");
        Assert.True(takeOver.Succeeded, takeOver.ToString());
        Assert.Contains($"Packaged by {other.Name}.", File.ReadAllText(Path.Combine(shared, Stem + ".model-card.md")));
        Assert.Contains(other.Name + ".csproj", File.ReadAllText(claim));
    }

    /// <summary>Every project but one failed with exactly one MLOPS127 naming it and the owner; the claim names the owner.</summary>
    private static ModelProject AssertOneOwner(ModelProject.BuildOutcome build, IReadOnlyList<ModelProject> projects, string claim)
    {
        Assert.False(build.Succeeded, build.ToString());
        var errors = build.Errors;
        Assert.True(errors.Count == projects.Count - 1 && errors.All(e => e.Code == "MLOPS127"), build.ToString());
        var failed = errors.Select(e => projects.Single(p => p.ProjectFile == e.File)).ToList();
        var owner = Assert.Single(projects.Except(failed));
        Assert.All(errors, e => Assert.Contains(owner.ProjectFile, e.Message));
        Assert.All(errors, e => Assert.Contains(claim, e.Message));
        Assert.Contains(owner.Name + ".csproj", File.ReadAllText(claim));
        return owner;
    }
}
