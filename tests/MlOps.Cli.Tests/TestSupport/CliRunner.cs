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
    public static CliResult RunProcess(params string[] args) => RunProcess(args, launcher: [], whileRunning: null, TimeSpan.FromMinutes(2));

    /// <summary>
    /// Runs <c>launcher... dotnet mlops.dll args...</c> as a child process, calling <paramref name="whileRunning"/> every
    /// few milliseconds until it ends (to sample it), and kills it after <paramref name="limit"/>.
    /// </summary>
    /// <param name="args">The mlops arguments.</param>
    /// <param name="launcher">A program and its arguments that run dotnet (such as /usr/bin/time -v -o file); empty for none.</param>
    /// <param name="whileRunning">Called with the process while it runs; null for none.</param>
    /// <param name="limit">How long it may run.</param>
    public static CliResult RunProcess(IReadOnlyList<string> args, IReadOnlyList<string> launcher, Action<Process>? whileRunning, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(launcher);
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher.Count > 0)
        {
            foreach (var arg in launcher.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlops.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!process.WaitForExit(whileRunning is null ? 1000 : 5))
        {
            whileRunning?.Invoke(process);
            if (clock.Elapsed > limit)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"mlops {string.Join(' ', args)} did not finish within {limit.TotalMinutes:F0} minutes.");
            }
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
