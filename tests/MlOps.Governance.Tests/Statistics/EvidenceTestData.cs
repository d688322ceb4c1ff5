using System.Diagnostics;
using System.Text.Json;

namespace MlOps.Governance.Tests.Statistics;

/// <summary>Paths of the repository, the shared data and the reference scripts.</summary>
public static class EvidenceTestData
{
    /// <summary>The repository root (the folder holding MlOpsBuild.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>shared/data beside the repository.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>A file under shared/data/adult.</summary>
    public static string Adult(string name) => Path.Combine(SharedData, "adult", name);

    /// <summary>shared/data/german-credit.csv.</summary>
    public static string GermanCredit => Path.Combine(SharedData, "german-credit.csv");

    /// <summary>A script under tests/reference.</summary>
    public static string ReferenceScript(string name) => Path.Combine(RepositoryRoot, "tests", "reference", name);

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

/// <summary>
/// A fact that needs /usr/bin/python3 with pandas and scipy (the independent recomputation). It skips on a
/// developer machine without them, naming the install script, and fails under CI=true.
/// </summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (!ReferencePython.Available && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "needs /usr/bin/python3 with pandas and scipy: run 'bash eng/install-test-deps.sh'";
        }
    }
}

/// <summary>Runs the reference scripts under tests/reference.</summary>
public static class ReferencePython
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<bool> IsAvailable = new(() =>
    {
        if (!File.Exists(Interpreter))
        {
            return false;
        }
        try
        {
            var (code, _, _) = RunRaw("-c", "import pandas, scipy");
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static bool Available => IsAvailable.Value;

    /// <summary>Runs a reference script and parses its JSON output.</summary>
    public static JsonElement RunJson(string script, params string[] args)
    {
        Assert.True(Available, "python3 with pandas and scipy is required (CI=true): run 'bash eng/install-test-deps.sh'");
        var (code, stdout, stderr) = RunRaw([EvidenceTestData.ReferenceScript(script), .. args]);
        Assert.True(code == 0, $"{script} failed ({code}): {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static (int Code, string StdOut, string StdErr) RunRaw(params string[] args)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
