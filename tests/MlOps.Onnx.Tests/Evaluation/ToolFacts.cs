namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>Locations of the repository and the optional test data.</summary>
internal static class TestTools
{
    public const string InstallHint = "install it with `bash eng/install-test-deps.sh`";

    public static string RepoRoot { get; } = FindRoot();

    public static string TestDataDir => "/usr/share/libonnx-testdata/data/node";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool TestDataAvailable => Directory.Exists(TestDataDir);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MlOpsBuild.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs Debian's libonnx-testdata: skipped without it on a developer machine, failed in CI.</summary>
public sealed class TestDataFactAttribute : FactAttribute
{
    public TestDataFactAttribute()
    {
        if (!TestTools.TestDataAvailable && !TestTools.IsCi)
        {
            Skip = $"/usr/share/libonnx-testdata is missing: {TestTools.InstallHint}.";
        }
    }
}
