using System.Globalization;
using System.Runtime.InteropServices;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Input;

/// <summary>
/// Memory is bounded by design (issue 9, defects 2 and 6): a CSV file with a 1 GiB line, given to every command that
/// reads CSV, exits 2 with one line naming the line, and the process's peak resident memory stays under 256 MB.
/// Today's main crashed with a negative Array.Resize at 4.2 GB. Linux only: the peak is read from the kernel.
/// </summary>
public sealed class MemoryBoundTests : IDisposable
{
    private const long PeakLimitKb = 256 * 1024;

    private readonly TempDirectory _dir = new("mlops-memory-");
    private readonly string _longLine;

    public MemoryBoundTests()
    {
        // Header, then line 2: 1 GiB of NUL characters (a sparse file: no disk blocks, one long run of one char).
        _longLine = _dir.File("long.csv");
        using var stream = new FileStream(_longLine, FileMode.CreateNew, FileAccess.Write);
        var header = "a,b,c,label,score\n"u8.ToArray();
        stream.Write(header);
        stream.SetLength(header.Length + (1L << 30));
        stream.Position = stream.Length;
        stream.Write("\n1,2,3,1,0.5\n"u8);
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Commands() => ["score", "drift baseline", "evaluate", "drift compare"];

    [LinuxTheory]
    [MemberData(nameof(Commands))]
    public void A_one_GiB_line_is_exit_2_naming_the_line_within_256_MB(string command)
    {
        var output = _dir.File(command.Replace(' ', '-') + ".out");
        string[] args = command switch
        {
            "score" => ["score", "--model", Model(), "--data", _longLine, "--out", output],
            "drift baseline" => ["drift", "baseline", "--data", _longLine, "--out", output],
            "evaluate" => ["evaluate", "--predictions", _longLine, "--label", "label", "--out", output],
            _ => ["drift", "compare", "--baseline", Baseline(), "--data", _longLine, "--out", output],
        };

        var (result, peakKb) = RunMeasured(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.Contains("long.csv(2)", lines[0], StringComparison.Ordinal);
        Assert.Contains("MLOPS130", lines[0], StringComparison.Ordinal);
        Assert.Contains("--max-record-length", lines[0], StringComparison.Ordinal);
        Assert.True(peakKb < PeakLimitKb, $"peak resident memory {peakKb} kB (limit {PeakLimitKb} kB)\n{result}");
        Assert.False(File.Exists(output));
    }

    private string Model()
    {
        var path = _dir.File("model.onnx");
        File.WriteAllBytes(path, ToyEvidence.Model());
        return path;
    }

    private string Baseline()
    {
        var data = _dir.File("train.csv");
        File.WriteAllText(data, "a,b,c,label,score\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i % 5},{i % 3},{i % 2},0.{i % 10}\n")));
        var baseline = _dir.File("baseline.json");
        var run = CliRunner.Run("drift", "baseline", "--data", data, "--out", baseline);
        Assert.True(run.ExitCode == 0, run.ToString());
        return baseline;
    }

    /// <summary>
    /// Runs `dotnet mlops.dll args` and returns its result and peak resident set size in kB. GNU time reports the
    /// kernel's own figure (getrusage's ru_maxrss at exit); without it, VmHWM (the kernel's high-water mark) is
    /// sampled from /proc every few milliseconds until the process ends.
    /// </summary>
    private (CliResult Result, long PeakKb) RunMeasured(string[] args)
    {
        var gnuTime = File.Exists("/usr/bin/time");
        var report = _dir.File("rusage-" + Guid.NewGuid().ToString("N") + ".txt");
        long sampled = 0;
        var result = CliRunner.RunProcess(args, gnuTime ? ["/usr/bin/time", "-v", "-o", report] : [],
            process => sampled = Math.Max(sampled, VmHwmKb(process.Id)), TimeSpan.FromMinutes(3));
        return (result, gnuTime ? MaxRssKb(report) : sampled);
    }

    private static long VmHwmKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process ended between two samples.
        }
        return 0;
    }

    private static long MaxRssKb(string report)
    {
        const string key = "Maximum resident set size (kbytes):";
        var line = File.ReadLines(report).Single(l => l.Trim().StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line.Trim()[key.Length..].Trim(), CultureInfo.InvariantCulture);
    }
}

/// <summary>A theory that runs on Linux only (it reads the kernel's figures for a process); skipped elsewhere.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the tests do not run on Linux.</summary>
    public LinuxTheoryAttribute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Skip = "the peak resident memory is read from Linux's /proc or /usr/bin/time";
        }
    }
}
