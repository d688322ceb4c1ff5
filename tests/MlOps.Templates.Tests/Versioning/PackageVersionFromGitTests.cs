using System.Diagnostics;

namespace MlOps.Templates.Tests.Versioning;

/// <summary>
/// Every package's version comes from git (Nerdbank.GitVersioning and the repository's version.json): a copy of the
/// repository's build settings with one small packable project, committed in a throw-away repository, evaluated with
/// `dotnet msbuild -getProperty:PackageVersion` at several commits (no packing: the property is what pack uses).
/// </summary>
public sealed class PackageVersionFromGitTests : IDisposable
{
    private static readonly string[] BuildSettings =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "version.json", "global.json", "NuGet.config", "eng/HelpLinks.targets"];

    private readonly DirectoryInfo _repo = Directory.CreateTempSubdirectory("mlops-version-");

    public PackageVersionFromGitTests()
    {
        foreach (var file in BuildSettings)
        {
            var target = Path.Combine(_repo.FullName, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryPaths.Root, file), target);
        }
        var project = Path.Combine(_repo.FullName, "src", "Probe");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Probe.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <IsPackable>true</IsPackable>\n  </PropertyGroup>\n</Project>\n");
    }

    public void Dispose() => _repo.Delete(recursive: true);

    [Fact]
    public void Two_commits_give_two_package_versions_that_name_their_commits()
    {
        Git("init", "-q", "-b", "main");
        Git("add", ".");
        Git("commit", "-q", "-m", "first");
        var first = PackageVersion();
        var firstCommit = Git("rev-parse", "--short=10", "HEAD");
        Git("commit", "-q", "--allow-empty", "-m", "second");
        var second = PackageVersion();

        Assert.NotEqual(first, second);
        Assert.Equal($"0.1.1-g{firstCommit}", first);
        Assert.Equal($"0.1.2-g{Git("rev-parse", "--short=10", "HEAD")}", second);
    }

    [Fact]
    public void Two_branches_at_the_same_height_give_two_package_versions()
    {
        Git("init", "-q", "-b", "main");
        Git("add", ".");
        Git("commit", "-q", "-m", "first");
        Git("commit", "-q", "--allow-empty", "-m", "on main");
        var onMain = PackageVersion();
        Git("checkout", "-q", "-b", "feature", "HEAD~1");
        Git("commit", "-q", "--allow-empty", "-m", "on feature");
        var onFeature = PackageVersion();

        Assert.StartsWith("0.1.2-g", onMain);
        Assert.StartsWith("0.1.2-g", onFeature);
        Assert.NotEqual(onMain, onFeature);
    }

    [Fact]
    public void A_source_tree_outside_git_still_builds_with_the_version_of_version_json()
    {
        // A source tarball: no .git anywhere above (the temp folder is in no repository).
        Assert.Equal("0.1.0-g", PackageVersion());
    }

    private string PackageVersion()
    {
        var (exit, output) = PackedTemplate.DotNet(_repo.FullName,
            "msbuild", Path.Combine("src", "Probe", "Probe.csproj"), "-restore", "-nologo", "-t:GetBuildVersion", "-getProperty:PackageVersion");
        Assert.True(exit == 0, output);
        return output.Trim();
    }

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return stdout.Trim();
    }
}
