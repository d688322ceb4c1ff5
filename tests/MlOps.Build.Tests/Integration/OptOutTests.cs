using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// When MlOps.Build must do nothing: MlOpsEnabled=false and IDE design-time builds. The project's
/// MlModel points at a model that does not exist, so the target running would fail the build.
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class OptOutTests(PackedMlOpsBuild package)
{
    [Fact]
    public void MlOpsEnabled_false_and_design_time_builds_neither_run_the_target_nor_write_an_artefact()
    {
        var project = new ModelProject(package, "OptOut");
        project.WriteText("model-card.md", TestCards.LowRisk());
        project.WriteClassLibrary("""<MlModel Include="model/not-yet-trained.onnx" Card="model-card.md" />""");

        var disabled = project.Build("-p:MlOpsEnabled=false");
        Assert.True(disabled.Succeeded, disabled.ToString());
        Assert.False(disabled.Ran("MlOpsPackageModels"));
        Assert.True(File.Exists(Path.Combine(project.OutputDirectory, "OptOut.dll")));

        // What an IDE runs to learn about the project: no compile, no packaging.
        var designTime = project.RunMsBuildCommand("msbuild", "-t:Build",
            "-p:DesignTimeBuild=true", "-p:BuildingProject=false", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true");
        Assert.True(designTime.Succeeded, designTime.ToString());
        Assert.False(designTime.Ran("MlOpsPackageModels"));
        Assert.Empty(Directory.GetFiles(project.OutputDirectory, "*.mlpkg*"));

        // The same project with MlOps on does fail: the two builds above really skipped the work.
        var enabled = project.Build("--no-restore");
        Assert.False(enabled.Succeeded);
        Assert.Equal("MLOPS101", Assert.Single(enabled.Errors).Code);
    }
}
