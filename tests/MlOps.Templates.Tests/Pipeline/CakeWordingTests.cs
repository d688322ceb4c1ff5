namespace MlOps.Templates.Tests.Pipeline;

/// <summary>
/// The Cake stages run the `mlops` CLI; when it stops on bad input they add where the pipeline sets what the error
/// names (build.cake's GovernanceContext), so a pipeline author reads advice they can follow. Runs the repository's
/// pinned Cake tool on a small script that loads build/governance.cake.
/// </summary>
public sealed class CakeWordingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlops-cake-wording-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_bad_stage_setting_is_reported_with_the_context_property_that_sets_it()
    {
        var mlops = Path.Combine(AppContext.BaseDirectory, "mlops.dll");
        var script = Path.Combine(_dir, "wording.cake");
        File.WriteAllText(script, $$"""
            #load "{{Path.Combine(RepositoryPaths.Root, "build", "governance.cake")}}"
            Setup<GovernanceContext>(ctx => new GovernanceContext(ctx, Directory("{{_dir}}"), "Release", MlopsCommand.Dll(File("{{mlops}}")))
            {
                Sensitive = new[] { "sex" },
                Privileged = new[] { "age_group=gt_25" },
            });
            RunTarget("Fairness");
            """);

        var (exit, output) = PackedTemplate.DotNet(RepositoryPaths.Root, "tool", "run", "dotnet-cake", "--", script);

        Assert.NotEqual(0, exit);
        Assert.Contains("A privileged group is given for column 'age_group', which is not a sensitive column.", output);
        Assert.Contains("Use --sensitive <column> or --privileged <column=value>.", output);
        Assert.Contains("In this pipeline: set Sensitive in build.cake's Setup (the sensitive columns of the data).", output);
        Assert.Contains("In this pipeline: set Privileged in build.cake's Setup (\"<column>=<value>\" per sensitive column).", output);
        Assert.Empty(Directory.GetFiles(_dir, ".mlops-diagnostic-*", SearchOption.AllDirectories));
    }
}
