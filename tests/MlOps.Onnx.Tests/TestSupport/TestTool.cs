using System.Diagnostics;

namespace MlOps.Onnx.Tests.TestSupport;

/// <summary>Optional tools some tests need beyond the .NET SDK (installed by <c>bash eng/install-test-deps.sh</c>).</summary>
public enum TestTool
{
    /// <summary>Debian's libonnx-testdata under /usr/share/libonnx-testdata/data.</summary>
    OnnxTestData,
    /// <summary>The chromium browser (card rendering).</summary>
    Chromium,
    /// <summary>/usr/bin/python3 with pandas and scipy.</summary>
    PythonPandasScipy,
}

/// <summary>Whether optional test tools are present, and the skip-or-fail rule: skip on a developer machine, fail when CI=true.</summary>
public static class TestTools
{
    /// <summary>The command that installs every optional tool.</summary>
    public const string InstallCommand = "bash eng/install-test-deps.sh";

    private static readonly Dictionary<TestTool, Lazy<bool>> Present = new()
    {
        [TestTool.OnnxTestData] = new(() => Directory.Exists(Path.Combine(RepoPaths.OnnxTestData, "node"))),
        [TestTool.Chromium] = new(() => OnPath("chromium") is not null || OnPath("chromium-browser") is not null),
        [TestTool.PythonPandasScipy] = new(() => File.Exists("/usr/bin/python3") && Succeeds("/usr/bin/python3", "-c \"import pandas, scipy\"")),
    };

    /// <summary>True when CI=true: missing tools then fail tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the tool is installed.</summary>
    public static bool IsPresent(TestTool tool) => Present[tool].Value;

    /// <summary>The skip reason when the tool is missing outside CI; null when the test should run.</summary>
    public static string? SkipReason(TestTool tool) =>
        IsPresent(tool) || IsCi ? null : $"{tool} is not installed; run `{InstallCommand}` (on CI this test fails instead).";

    /// <summary>Fails the test with the install command when the tool is missing (the CI path).</summary>
    public static void Require(TestTool tool)
    {
        if (!IsPresent(tool))
        {
            Assert.Fail($"{tool} is required but missing (CI={Environment.GetEnvironmentVariable("CI")}); run `{InstallCommand}`.");
        }
    }

    private static string? OnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Succeeds(string file, string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null)
            {
                return false;
            }

            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            return p.WaitForExit(30_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// A fact that needs an optional tool: skipped (naming the install command) when the tool is missing on a
/// developer machine, run (and so failing) when CI=true. Call <see cref="TestTools.Require"/> at the start of the test.
/// </summary>
public sealed class RequiresToolFactAttribute : FactAttribute
{
    /// <summary>Marks the test as needing <paramref name="tool"/>.</summary>
    public RequiresToolFactAttribute(TestTool tool)
    {
        var reason = TestTools.SkipReason(tool);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

/// <summary>The theory counterpart of <see cref="RequiresToolFactAttribute"/>.</summary>
public sealed class RequiresToolTheoryAttribute : TheoryAttribute
{
    /// <summary>Marks the theory as needing <paramref name="tool"/>.</summary>
    public RequiresToolTheoryAttribute(TestTool tool)
    {
        var reason = TestTools.SkipReason(tool);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
