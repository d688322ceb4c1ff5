namespace MlOps.Build.Tests.Infrastructure;

/// <summary>
/// Packs src/MlOps.Build ONCE per test run, from the output this test build already produced
/// (`dotnet pack --no-build`), under a version no earlier run used, into a feed inside a private temp
/// folder. Every project the tests create restores from that feed into a private NuGet packages
/// folder, so neither the machine's NuGet cache nor an earlier run can serve stale bits.
/// </summary>
public sealed class PackedMlOpsBuild : IDisposable
{
    public PackedMlOpsBuild()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-build-tests", Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        NuGetPackages = Path.Combine(Root, "nuget-packages");
        Directory.CreateDirectory(Feed);
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";

        var pack = ProcessRunner.Run("dotnet",
            ["pack", TestEnvironment.MlOpsBuildProject, "-c", TestEnvironment.Configuration, "--no-build",
             "-o", Feed, $"-p:PackageVersion={Version}", "-nologo", "-nodeReuse:false"],
            TestEnvironment.RepositoryRoot,
            // The pack must find the output of this test build: keep the build slot it used.
            new Dictionary<string, string?> { ["MLOPS_SLOT"] = Environment.GetEnvironmentVariable("MLOPS_SLOT") });
        PackagePath = Path.Combine(Feed, $"MlOps.Build.{Version}.nupkg");
        if (pack.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"Packing MlOps.Build failed:\n{pack}");
        }
    }

    /// <summary>The fixture's private temp folder; deleted at the end of the run.</summary>
    public string Root { get; }

    /// <summary>The local feed holding the packed MlOps.Build.</summary>
    public string Feed { get; }

    /// <summary>The private NUGET_PACKAGES folder every test build restores into.</summary>
    public string NuGetPackages { get; }

    /// <summary>The test-unique package version.</summary>
    public string Version { get; }

    /// <summary>The .nupkg file.</summary>
    public string PackagePath { get; }

    /// <summary>A fresh, empty folder for one test project.</summary>
    public string NewProjectDirectory(string name)
    {
        var dir = Path.Combine(Root, "projects", $"{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The environment every test `dotnet` process gets.</summary>
    public IReadOnlyDictionary<string, string?> ProcessEnvironment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = NuGetPackages,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A left-over temp folder is harmless; never fail a run over cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedMlOpsBuildCollection : ICollectionFixture<PackedMlOpsBuild>
{
    public const string Name = "MlOps.Build package";
}
