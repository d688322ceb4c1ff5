using System.Diagnostics;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Wording;

/// <summary>
/// Piped and CI output is plain text: mlops writes no escape codes, and the one terminal effect it has (a progress
/// line redrawn with carriage returns on stderr) appears only on a terminal and never with NO_COLOR set
/// (https://no-color.org). The terminal cases run mlops under a pseudo-terminal (util-linux `script`).
/// </summary>
public sealed class PlainOutputTests
{
    private const char Escape = '\u001b';

    [Theory]
    [InlineData("--help")]
    [InlineData("version")]
    [InlineData("--version")]
    [InlineData("verify", "/no/such/file.mlpkg")]
    [InlineData("score", "--model")]
    public void Piped_output_has_no_escape_codes(params string[] args)
    {
        var result = CliRunner.RunProcess(args);

        Assert.DoesNotContain(Escape, result.StdOut);
        Assert.DoesNotContain(Escape, result.StdErr);
    }

    [Fact]
    public void The_version_is_the_git_version_with_its_commit()
    {
        var version = CliRunner.RunProcess("version");
        var option = CliRunner.RunProcess("--version");

        Assert.Equal(0, version.ExitCode);
        // version.json's major.minor, the git height, then the commit (Nerdbank.GitVersioning's informational version).
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\+[0-9a-f]{10}$", version.StdOut.Trim());
        Assert.Equal(version.StdOut, option.StdOut);
    }

    [Fact]
    public void On_a_terminal_progress_is_drawn_unless_NO_COLOR_is_set()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            return; // needs util-linux script for a pseudo-terminal
        }
        using var dir = new TempDirectory("mlops-plain-");
        var model = dir.File("model.onnx");
        File.WriteAllBytes(model, ToyEvidence.Model());
        var data = dir.File("data.csv");
        File.WriteAllText(data, "a,b,c\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i},{i % 7},{i % 3}\n")));
        string[] score = ["score", "--model", model, "--data", data, "--out", dir.File("scores.csv")];

        var terminal = OnTerminal(score, noColor: false);
        var plain = OnTerminal(score, noColor: true);

        Assert.Contains("\rscored", terminal); // what NO_COLOR turns off: otherwise this test proves nothing
        Assert.DoesNotContain('\r' + "scored", plain);
        Assert.DoesNotContain(Escape, plain);
        Assert.Contains("scored 200 rows ->", plain);
    }

    /// <summary>Runs mlops with stdout and stderr on a pseudo-terminal; what the terminal received.</summary>
    private static string OnTerminal(string[] args, bool noColor)
    {
        var command = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "mlops.dll") }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-qec", command, "/dev/null" })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment.Remove("NO_COLOR");
        start.Environment["TERM"] = "xterm";
        if (noColor)
        {
            start.Environment["NO_COLOR"] = "1";
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + stderr.Result);
        return output;
    }
}
