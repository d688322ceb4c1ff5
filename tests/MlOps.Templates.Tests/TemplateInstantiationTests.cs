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
        Assert.False(Directory.Exists(Path.Combine(project, ".template.config")));
    }

    [Fact]
    public void Without_options_the_project_pins_the_packed_version_and_the_folder_the_pack_was_written_to()
    {
        var project = Instantiate("Pinned");

        Assert.Contains($"<MlOpsVersion>{template.Version}</MlOpsVersion>", File.ReadAllText(Path.Combine(project, "Directory.Packages.props")));
        Assert.Contains($"\"version\": \"{template.Version}\"", File.ReadAllText(Path.Combine(project, ".config", "dotnet-tools.json")));
        Assert.Contains($"<add key=\"mlops-local\" value=\"{template.Feed}\" />", File.ReadAllText(Path.Combine(project, "nuget.config")));
        Assert.DoesNotContain("$mlops-packed", File.ReadAllText(Path.Combine(project, "nuget.config")));
    }

    [Fact]
    public void An_empty_package_source_leaves_nuget_org_alone()
    {
        var project = Instantiate("NuGetOrgOnly", "--PackageSource", "");

        var config = File.ReadAllText(Path.Combine(project, "nuget.config"));
        Assert.DoesNotContain("mlops-local", config);
        Assert.Contains("https://api.nuget.org/v3/index.json", config);
    }

    [Fact]
    public void The_repository_template_json_keeps_the_tokens_and_no_backslash()
    {
        // The pack fills the tokens; on Unix MSBuild would turn any backslash of the file into a slash when it writes the copy.
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.TemplateContent, ".template.config", "template.json"));
        Assert.Contains("\"defaultValue\": \"$mlops-packed-version$\"", json);
        Assert.Contains("\"defaultValue\": \"$mlops-packed-feed$\"", json);
        Assert.DoesNotContain("\\", json);
    }
}

/// <summary>The template pack, packed once and installed into a private hive in a temp folder.</summary>
public sealed class PackedTemplate : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-template-");

    public PackedTemplate()
    {
        Feed = Path.Combine(Folder, "feed");
        Hive = Path.Combine(Folder, "hive");
        var pack = DotNet(RepositoryPaths.Root, "pack", RepositoryPaths.TemplateProject, "-c", "Release", "-o", Feed);
        if (pack.Exit != 0)
        {
            throw new InvalidOperationException(pack.Output);
        }
        var package = Directory.GetFiles(Feed, "MlOps.Templates.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(package)["MlOps.Templates.".Length..];
        var install = DotNet(Folder, "new", "install", package, "--debug:custom-hive", Hive);
        if (install.Exit != 0)
        {
            throw new InvalidOperationException(install.Output);
        }
    }

    public string Folder => _temp.FullName;

    /// <summary>The folder the template was packed into (what its nuget.config points at by default).</summary>
    public string Feed { get; }

    /// <summary>The version the template was packed with (git: version.json and the commit).</summary>
    public string Version { get; }

    public string Hive { get; }

    public void Dispose() => _temp.Delete(recursive: true);

    public static (int Exit, string Output) DotNet(string workingDirectory, params string[] args) =>
        DotNetWith(new Dictionary<string, string>(), workingDirectory, args);

    /// <summary>`dotnet` with extra environment variables (for example a private NUGET_PACKAGES).</summary>
    public static (int Exit, string Output) DotNetWith(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
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
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
