namespace MlOps.Templates.Tests;

/// <summary>
/// The new user's path, as docs/install.md writes it: the packages of one build in one folder, the template installed
/// from it, a project made with no options that restores MlOps.Build from that folder, and a newer build of the
/// template installed over the older one.
/// </summary>
public sealed class InstallPathTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    [Fact]
    public void A_project_made_from_the_installed_template_restores_the_packages_of_the_same_build()
    {
        var hive = Path.Combine(feed.Folder, "hive-restore");
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "install", "MlOps.Templates", "--add-source", feed.Feed, "--debug:custom-hive", hive));
        var project = Path.Combine(feed.Folder, "loan-risk");
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "mlops-model", "-n", "LoanRisk", "-o", project, "--debug:custom-hive", hive));

        var restore = feed.Restore(Path.Combine(project, "src", "LoanRisk.Model", "LoanRisk.Model.csproj"));

        Succeeds(restore);
        Assert.True(Directory.Exists(Path.Combine(feed.NuGetPackages, "mlops.build", feed.Version.ToLowerInvariant())), restore.Output);
    }

    [Fact]
    public void A_newer_build_of_the_template_replaces_the_older_one()
    {
        var hive = Path.Combine(feed.Folder, "hive-reinstall");
        var newer = feed.PackTemplate("99.0.0-newer");

        // By package id from the folder: the newer version replaces the older one.
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "install", "MlOps.Templates", "--add-source", feed.Feed, "--debug:custom-hive", hive));
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "install", "MlOps.Templates", "--add-source", Path.GetDirectoryName(newer)!, "--debug:custom-hive", hive));
        Assert.Contains("<MlOpsVersion>99.0.0-newer</MlOpsVersion>", MakeProject(hive, "ById"));

        // By .nupkg path: uninstall first (docs/install.md), else dotnet new would hold both and fail.
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "uninstall", "MlOps.Templates", "--debug:custom-hive", hive));
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "install", feed.TemplatePackage, "--debug:custom-hive", hive));
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "uninstall", "MlOps.Templates", "--debug:custom-hive", hive));
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "install", newer, "--debug:custom-hive", hive));
        Assert.Contains("<MlOpsVersion>99.0.0-newer</MlOpsVersion>", MakeProject(hive, "ByPath"));
    }

    private string MakeProject(string hive, string name)
    {
        var project = Path.Combine(feed.Folder, name);
        Succeeds(PackedTemplate.DotNet(feed.Folder, "new", "mlops-model", "-n", name, "-o", project, "--debug:custom-hive", hive));
        return File.ReadAllText(Path.Combine(project, "Directory.Packages.props"));
    }

    private static void Succeeds((int Exit, string Output) run) => Assert.True(run.Exit == 0, run.Output);
}

/// <summary>MlOps.Build and the template packed by one build into one folder (what ./build.sh's Pack leaves in artifacts/packages).</summary>
public sealed class PackedFeed : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-install-");

    public PackedFeed()
    {
        Feed = Path.Combine(Folder, "packages");
        NuGetPackages = Path.Combine(Folder, "nuget-packages");
        foreach (var project in new[] { Path.Combine(RepositoryPaths.Root, "src", "MlOps.Build", "MlOps.Build.csproj"), RepositoryPaths.TemplateProject })
        {
            var pack = PackedTemplate.DotNet(RepositoryPaths.Root, "pack", project, "-c", "Release", "-o", Feed);
            if (pack.Exit != 0)
            {
                throw new InvalidOperationException(pack.Output);
            }
        }
        TemplatePackage = Directory.GetFiles(Feed, "MlOps.Templates.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(TemplatePackage)["MlOps.Templates.".Length..];
    }

    public string Folder => _temp.FullName;

    public string Feed { get; }

    public string NuGetPackages { get; }

    public string TemplatePackage { get; }

    public string Version { get; }

    /// <summary>The template packed again under <paramref name="version"/> into a folder of its own; the .nupkg's path.</summary>
    public string PackTemplate(string version)
    {
        var folder = Path.Combine(Folder, "packages-" + version);
        var pack = PackedTemplate.DotNet(RepositoryPaths.Root, "pack", RepositoryPaths.TemplateProject, "-c", "Release", "-o", folder, $"-p:PackageVersion={version}");
        if (pack.Exit != 0)
        {
            throw new InvalidOperationException(pack.Output);
        }
        return Path.Combine(folder, $"MlOps.Templates.{version}.nupkg");
    }

    /// <summary>`dotnet restore` of a project into a private package folder: nothing an earlier run cached can answer.</summary>
    public (int Exit, string Output) Restore(string project) =>
        PackedTemplate.DotNetWith(new Dictionary<string, string> { ["NUGET_PACKAGES"] = NuGetPackages }, Path.GetDirectoryName(project)!, "restore", project);

    public void Dispose() => _temp.Delete(recursive: true);
}
