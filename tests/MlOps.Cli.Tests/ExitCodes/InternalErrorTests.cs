using MlOps.Cli.Tests.TestSupport;
using System.CommandLine;
using MlOps.Cli.Shell;

namespace MlOps.Cli.Tests.ExitCodes;

/// <summary>
/// An exception that is not the user's (a bug, memory exhausted) is exit 70 with one line that says so and where the
/// details went, never a stack trace and never 0 or 1, which scripts read as a governance verdict.
/// </summary>
public sealed class InternalErrorTests
{
    private static (int Exit, string StdErr) RunGuarded(Func<int> body, params string[] args)
    {
        var parse = MlOpsCommandLine.Build().Parse(args);
        var result = CliRunner.Capture(() => CommandGuard.Run(parse, body));
        return (result.ExitCode, result.StdErr);
    }

    [Fact]
    public void A_bug_is_exit_70_with_one_line_naming_the_crash_report()
    {
        var (exit, stderr) = RunGuarded(() => throw new InvalidOperationException("the bug"), "drift", "compare", "--baseline", "b.json", "--data", "d.csv", "--out", "o.json");

        Assert.Equal(Shell.ExitCodes.InternalError, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: internal error in mlops (InvalidOperationException: the bug).", line, StringComparison.Ordinal);
        Assert.Contains("not a verdict", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        var report = line[(line.IndexOf("Details: ", StringComparison.Ordinal) + "Details: ".Length)..line.IndexOf(" (or run again", StringComparison.Ordinal)];
        try
        {
            var details = File.ReadAllText(report);
            Assert.Contains("command: mlops drift compare", details, StringComparison.Ordinal);
            Assert.Contains("System.InvalidOperationException: the bug", details, StringComparison.Ordinal);
            Assert.Contains("   at ", details, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public void Verbose_prints_the_details_instead_of_saving_them()
    {
        var (exit, stderr) = RunGuarded(() => throw new NullReferenceException("deep inside"), "verify", "a.mlpkg", "--verbose");

        Assert.Equal(Shell.ExitCodes.InternalError, exit);
        Assert.StartsWith("error: internal error in mlops (NullReferenceException: deep inside).", stderr, StringComparison.Ordinal);
        Assert.Contains("command: mlops verify", stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Details: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_out_of_memory_is_an_internal_error_not_a_verdict()
    {
        var (exit, stderr) = RunGuarded(() => throw new OutOfMemoryException(), "score", "--model", "m.onnx", "--data", "d.csv", "--out", "o.csv");

        Assert.Equal(Shell.ExitCodes.InternalError, exit);
        Assert.StartsWith("error: mlops ran out of memory.", stderr, StringComparison.Ordinal);
        DeleteReport(stderr);
    }

    [Fact]
    public void User_errors_keep_exit_2_and_verdicts_keep_their_codes()
    {
        Assert.Equal(Shell.ExitCodes.BadInput, RunGuarded(() => throw new MlOpsException("bad input", "x.csv"), "version").Exit);
        Assert.Equal(Shell.ExitCodes.BadInput, RunGuarded(() => throw new FileNotFoundException("gone"), "version").Exit);
        Assert.Equal(Shell.ExitCodes.Failed, RunGuarded(() => Shell.ExitCodes.Failed, "version").Exit);
    }

    [Fact]
    public void An_exception_escaping_a_command_without_the_guard_is_exit_70_not_the_default_handlers_1()
    {
        // System.CommandLine's default handler prints the stack trace and answers 1; the command line must not use it.
        var root = MlOpsCommandLine.Build();
        var crashing = new Command("crash-for-test");
        crashing.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("unguarded")));
        root.Subcommands.Add(crashing);
        var result = CliRunner.Capture(() => MlOpsCommandLine.Invoke(root, ["crash-for-test"]));

        Assert.Equal(Shell.ExitCodes.InternalError, result.ExitCode);
        Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        DeleteReport(result.StdErr);
    }

    private static void DeleteReport(string stderr)
    {
        var start = stderr.IndexOf("Details: ", StringComparison.Ordinal);
        if (start >= 0)
        {
            start += "Details: ".Length;
            File.Delete(stderr[start..stderr.IndexOf(" (or run again", start, StringComparison.Ordinal)]);
        }
    }
}
