using System.Diagnostics;

namespace MlOps.Templates.Tests;

/// <summary>
/// Runs `dotnet new` with the packed template, as a user would, in a private template hive (the
/// machine's template list is untouched). Building the result is what ./build.sh does on the sample.
/// </summary>
public sealed class TemplateInstantiationTests(PackedTemplate template) : IClassFixture<PackedTemplate>
{
    private string Instantiate(string name, params string[] extra)
    {
        var output = Path.Combine(template.Folder, name);
        var create = PackedTemplate.DotNet(template.Folder, ["new", "mlops-model", "-n", name, "-o", output, "--debug:custom-hive", template.Hive, .. extra]);
        Assert.True(create.Exit == 0, create.Output);
        return output;
    }

    [Fact]
    public void Dotnet_new_renames_the_projects_and_writes_the_package_version_and_source()
    {
        var project = Instantiate("LoanRisk", "--MlOpsVersion", "9.8.7", "--PackageSource", "/srv/mlops-feed");

        Assert.True(File.Exists(Path.Combine(project, "src", "LoanRisk.Trainer", "LoanRisk.Trainer.csproj")));
        Assert.True(File.Exists(Path.Combine(project, "src", "LoanRisk.Model", "LoanRisk.Model.csproj")));
        Assert.Contains("namespace LoanRisk.Trainer;", File.ReadAllText(Path.Combine(project, "src", "LoanRisk.Trainer", "TrainingRun.cs")));
        Assert.Contains("<MlOpsVersion>9.8.7</MlOpsVersion>", File.ReadAllText(Path.Combine(project, "Directory.Packages.props")));
        Assert.Contains("\"version\": \"9.8.7\"", File.ReadAllText(Path.Combine(project, ".config", "dotnet-tools.json")));
        Assert.Contains("value=\"/srv/mlops-feed\"", File.ReadAllText(Path.Combine(project, "nuget.config")));
        Assert.DoesNotContain("#if", File.ReadAllText(Path.Combine(project, "nuget.config")));
    }

    [Fact]
    public void Dotnet_new_carries_the_repository_stages_and_the_data_with_its_licence()
    {
        var project = Instantiate("CreditRisk");

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "build", "governance.cake")),
            File.ReadAllText(Path.Combine(project, "build", "governance.cake")));
        Assert.Contains("#load \"build/governance.cake\"", File.ReadAllText(Path.Combine(project, "build.cake")));
        Assert.Equal(File.ReadAllBytes(RepositoryPaths.GermanCredit), File.ReadAllBytes(Path.Combine(project, "data", "german-credit.csv")));
        Assert.Contains("CC BY 4.0", File.ReadAllText(Path.Combine(project, "data", "README.md")));
        Assert.DoesNotContain("mlops-local", File.ReadAllText(Path.Combine(project, "nuget.config")));
        Assert.False(Directory.Exists(Path.Combine(project, ".template.config")));
    }
}

/// <summary>The template pack, packed once and installed into a private hive in a temp folder.</summary>
public sealed class PackedTemplate : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-template-");

    public PackedTemplate()
    {
        var feed = Path.Combine(Folder, "feed");
        Hive = Path.Combine(Folder, "hive");
        var pack = DotNet(RepositoryPaths.Root, "pack", RepositoryPaths.TemplateProject, "-c", "Release", "-o", feed);
        if (pack.Exit != 0)
        {
            throw new InvalidOperationException(pack.Output);
        }
        var install = DotNet(Folder, "new", "install", Directory.GetFiles(feed, "MlOps.Templates.*.nupkg").Single(), "--debug:custom-hive", Hive);
        if (install.Exit != 0)
        {
            throw new InvalidOperationException(install.Output);
        }
    }

    public string Folder => _temp.FullName;

    public string Hive { get; }

    public void Dispose() => _temp.Delete(recursive: true);

    public static (int Exit, string Output) DotNet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        // A slot of its own: packing here must not touch the obj/ folders of the build running the tests.
        start.Environment["MLOPS_SLOT"] = "templates-tests";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
