using System.Diagnostics;

namespace MlOps.Cli.Tests.TestSupport;

/// <summary>What one `mlops` invocation produced.</summary>
/// <param name="ExitCode">The process exit code (0 passed, 1 check failed, 2 bad input).</param>
/// <param name="StdOut">Everything written to standard output.</param>
/// <param name="StdErr">Everything written to standard error.</param>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the `mlops` CLI for tests. <see cref="Run"/> runs it in-process (fast; Console is swapped under a global
/// lock, so in-process runs are serialized across test classes); <see cref="RunProcess"/> starts the built
/// mlops.dll with `dotnet` (slower; exactly what a script sees).
/// </summary>
public static class CliRunner
{
    private static readonly object ConsoleLock = new();

    /// <summary>Runs <c>mlops args...</c> in this process and captures stdout, stderr and the exit code.</summary>
    public static CliResult Run(params string[] args) => Capture(() => MlOpsCommandLine.Run(args));

    /// <summary>
    /// Runs <paramref name="body"/> with Console swapped for capture, under the lock every in-process run takes (the
    /// Console is process-wide: two tests swapping it at once would catch each other's lines).
    /// </summary>
    public static CliResult Capture(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (ConsoleLock)
        {
            var originalOut = Console.Out;
            var originalError = Console.Error;
            using var stdout = new StringWriter { NewLine = "\n" };
            using var stderr = new StringWriter { NewLine = "\n" };
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                var exit = body();
                return new CliResult(exit, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(originalOut);
                Console.SetError(originalError);
            }
        }
    }

    /// <summary>Runs <c>dotnet mlops.dll args...</c> as a child process (the dll next to the test assembly).</summary>
    public static CliResult RunProcess(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mlops.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mlops {string.Join(' ', args)} did not finish within 2 minutes.");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
