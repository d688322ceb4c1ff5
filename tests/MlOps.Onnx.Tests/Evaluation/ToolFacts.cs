using System.Diagnostics;

namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>Locations of the repository and the optional test tools.</summary>
internal static class TestTools
{
    public const string InstallHint = "install it with `bash eng/install-test-deps.sh`";

    public static string RepoRoot { get; } = FindRoot();

    public static string OracleDir => Path.Combine(RepoRoot, "tests", "oracle");

    public static string TestDataDir => "/usr/share/libonnx-testdata/data/node";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? NodePath { get; } = FindOnPath("node");

    public static bool OracleAvailable => NodePath is not null && Directory.Exists(Path.Combine(OracleDir, "node_modules", "onnxruntime-node"));

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

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs a process to completion and returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(string file, string arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A fact that needs node and onnxruntime-node in tests/oracle: skipped on a developer machine without them, failed in CI.</summary>
public sealed class OracleFactAttribute : FactAttribute
{
    public OracleFactAttribute()
    {
        if (!TestTools.OracleAvailable && !TestTools.IsCi)
        {
            Skip = $"ONNX Runtime oracle (node + tests/oracle/node_modules/onnxruntime-node) is missing: {TestTools.InstallHint}.";
        }
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
