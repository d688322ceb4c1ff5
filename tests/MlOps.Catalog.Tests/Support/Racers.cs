using System.Diagnostics;
using System.Globalization;

namespace MlOps.Catalog.Tests.Support;

/// <summary>Starts tests/MlOps.Catalog.Racer processes (the assembly beside the tests).</summary>
public static class Racers
{
    public sealed record Result(int ExitCode, IReadOnlyList<string> Lines, string Error);

    /// <summary>Starts <paramref name="count"/> racers, waits until each opened the catalog, lets them go at once.</summary>
    public static IReadOnlyList<Result> Race(string catalog, string model, int versions, int count, string folder)
    {
        var go = Path.Combine(folder, "go-" + Guid.NewGuid().ToString("N"));
        var processes = Enumerable.Range(0, count).Select(_ => Start(catalog, go, model, versions, runAs: null)).ToList();
        try
        {
            foreach (var process in processes)
            {
                // Bounded: a racer that never opens the catalog fails the test instead of hanging it.
                var first = process.StandardOutput.ReadLineAsync();
                Assert.True(first.Wait(TimeSpan.FromMinutes(3)), "a racer did not open the catalog within 3 minutes");
                Assert.True(first.Result == "ready", $"a racer did not open the catalog: {first.Result} {(process.HasExited ? process.StandardError.ReadToEnd() : "")}");
            }
            File.WriteAllText(go, "");
            return processes.Select(Finish).ToList();
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit();
                }
                process.Dispose();
            }
        }
    }

    /// <summary>Runs one racer to the end (optionally as another user, through runuser), the go-file already there.</summary>
    public static Result RunOnce(string catalog, string model, string folder, string? runAs = null)
    {
        var go = Path.Combine(folder, "go-now");
        File.WriteAllText(go, "");
        using var process = Start(catalog, go, model, 1, runAs);
        return Finish(process);
    }

    private static Process Start(string catalog, string go, string model, int versions, string? runAs)
    {
        var racer = Path.Combine(AppContext.BaseDirectory, "MlOps.Catalog.Racer.dll");
        Assert.True(File.Exists(racer), $"the racer is missing: {racer}");
        // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs the tests; fall back to PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(runAs is null ? dotnet : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>();
        if (runAs is not null)
        {
            arguments.AddRange(["-u", runAs, "--", dotnet]);
            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
            start.Environment["HOME"] = Path.GetTempPath();
        }
        arguments.AddRange([racer, catalog, go, model, versions.ToString(CultureInfo.InvariantCulture)]);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("MLOPS_CATALOG");
        return Process.Start(start)!;
    }

    private static Result Finish(Process process)
    {
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        process.WaitForExit();
        return new Result(process.ExitCode, lines, error.Result);
    }
}
