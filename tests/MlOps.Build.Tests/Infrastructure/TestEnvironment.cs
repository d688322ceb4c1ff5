using System.Reflection;

namespace MlOps.Build.Tests.Infrastructure;

/// <summary>Where the repository and the projects under test are, as recorded at build time.</summary>
public static class TestEnvironment
{
    /// <summary>The repository root: the first folder upward holding MlOpsBuild.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration this test assembly (and so src/MlOps.Build) was built in.</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>src/MlOps.Build/MlOps.Build.csproj.</summary>
    public static string MlOpsBuildProject => Metadata("MlOpsBuildProject");

    /// <summary>The freshly built task assembly (src/MlOps.Build's output, with its dependencies beside it).</summary>
    public static string MlOpsBuildTaskAssembly => Metadata("MlOpsBuildTaskAssembly");

    /// <summary>The built `mlops` CLI (mlops.dll), run with `dotnet`.</summary>
    public static string MlOpsCliPath => Metadata("MlOpsCliPath");

    /// <summary>True under CI=true: a missing optional tool fails instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing: MlOps.Build.Tests.csproj records it at build time.");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"MlOpsBuild.sln not found above {AppContext.BaseDirectory}.");
    }
}
