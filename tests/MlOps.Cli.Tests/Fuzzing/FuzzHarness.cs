using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Fuzzing;

/// <summary>What a fuzzing run found: its figures and every failure, each with the input saved to reproduce it.</summary>
internal sealed class FuzzReport
{
    /// <summary>Inputs run, per target.</summary>
    public SortedDictionary<string, int> RunsByTarget { get; } = new(StringComparer.Ordinal);

    /// <summary>Exit codes seen, per code.</summary>
    public SortedDictionary<int, int> ExitCodes { get; } = [];

    /// <summary>The failures: what went wrong, the command, and where the input was saved.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>The failures grouped by target and kind of problem (a crash by its exception type), with their counts.</summary>
    public SortedDictionary<string, int> FailureKinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Crashes (exit 70 or an exception out of the command line) among the failures.</summary>
    public int Crashes { get; set; }

    /// <summary>Inputs run in all.</summary>
    public int Inputs => RunsByTarget.Values.Sum();

    /// <summary>The slowest input's time, for the summary (never asserted on).</summary>
    public TimeSpan Slowest { get; set; }

    /// <summary>The one-paragraph summary for the test log and CI.</summary>
    public string Summary(int seed, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Fuzzing: {Inputs} inputs (seed {seed}), {Crashes} crashes, {Failures.Count} failures, in {elapsed.TotalSeconds:F0} s (slowest input {Slowest.TotalMilliseconds:F0} ms). ") +
        "Exit codes: " + string.Join(", ", ExitCodes.Select(p => $"{p.Key}×{p.Value}")) + ". Targets: " +
        string.Join(", ", RunsByTarget.Select(p => $"{p.Key} {p.Value}")) + ".";
}

/// <summary>
/// Runs the CLI in-process on seeded mutations of the seeds, target by target in proportion to their weight, and
/// checks the contract every command owes any input: no crash, no hang, one error line, an allowed exit code, and no
/// output left behind by a failed run. Every seed runs unmutated first, so the probe's reproductions always run.
/// </summary>
internal sealed class FuzzHarness(FuzzSeeds seeds, string workFolder, string failureFolder)
{
    /// <summary>How long one input may run before the harness calls it a hang.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="budget"/> inputs from <paramref name="seed"/>.</summary>
    public FuzzReport Run(int budget, int seed)
    {
        var random = new Random(seed);
        var mutator = new Mutator(random);
        var report = new FuzzReport();
        var targets = FuzzTarget.All;
        var totalWeight = targets.Sum(t => t.Weight);
        var n = 0;
        foreach (var target in targets)
        {
            foreach (var s in seeds.Families[target.Family])
            {
                RunOne(target, s, s.Bytes, "unmutated", report, n++);
            }
        }
        while (n < budget)
        {
            var pick = random.Next(totalWeight);
            var target = targets.First(t => (pick -= t.Weight) < 0);
            var family = seeds.Families[target.Family];
            var s = family[random.Next(family.Count)];
            var (bytes, edits) = mutator.Mutate(s.Bytes, target.Family is not FuzzFamily.Onnx and not FuzzFamily.Archive, family.Select(f => f.Bytes).ToList());
            RunOne(target, s, bytes, edits, report, n++);
        }
        return report;
    }

    private void RunOne(FuzzTarget target, FuzzSeed seed, byte[] bytes, string edits, FuzzReport report, int index)
    {
        var inputFolder = Fresh(Path.Combine(workFolder, "in"));
        var outputFolder = Fresh(Path.Combine(workFolder, "out"));
        var input = Path.Combine(inputFolder, target.FileName);
        File.WriteAllBytes(input, target.Family == FuzzFamily.Manifest ? seeds.ArtefactWithManifest(bytes) : bytes);
        if (target.Family == FuzzFamily.Archive)
        {
            File.Copy(seeds.Artefact + ".sha256", input + ".sha256");
        }
        var inputsBefore = Directory.GetFileSystemEntries(inputFolder).Order(StringComparer.Ordinal).ToArray();
        var args = target.Arguments(seeds, input, outputFolder);
        File.WriteAllText(Path.Combine(workFolder, "current.txt"),
            $"#{index} {target.Name}: seed '{seed.Name}', edits: {edits}\nmlops {string.Join(' ', args)}\n");

        var clock = Stopwatch.StartNew();
        var run = Run(args);
        string? problem = null;
        CliResult? result = null;
        if (run is null)
        {
            problem = $"no answer within {HangLimit.TotalSeconds:F0} s (a hang)";
        }
        else if (run.Value.Escaped is { } escaped)
        {
            problem = $"an exception escaped the command line: {escaped}";
            report.Crashes++;
        }
        else
        {
            result = run.Value.Result!;
            problem = Judge(target, seed, bytes, result, outputFolder, inputFolder, inputsBefore);
            if (result.ExitCode == Shell.ExitCodes.InternalError)
            {
                report.Crashes++;
            }
        }
        report.Slowest = clock.Elapsed > report.Slowest ? clock.Elapsed : report.Slowest;
        report.RunsByTarget[target.Name] = report.RunsByTarget.GetValueOrDefault(target.Name) + 1;
        if (result is not null)
        {
            report.ExitCodes[result.ExitCode] = report.ExitCodes.GetValueOrDefault(result.ExitCode) + 1;
        }
        if (problem is not null)
        {
            report.Failures.Add(Save(target, seed, bytes, edits, index, problem, result));
            var kind = $"{target.Name}: {problem}{(result?.ExitCode == Shell.ExitCodes.InternalError ? " " + CrashType(result.StdErr) : "")}";
            report.FailureKinds[kind] = report.FailureKinds.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>
    /// Runs the command on a thread of its own so that a hang can be called one. Not the thread pool: other test
    /// classes block pool threads while this runs, and waiting for the pool to grow made each input wait too.
    /// </summary>
    /// <returns>The result or the exception that escaped; null when the command did not finish in time.</returns>
    private static (CliResult? Result, Exception? Escaped)? Run(string[] args)
    {
        CliResult? result = null;
        Exception? escaped = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = CliRunner.Run(args);
            }
            catch (Exception e)
            {
                escaped = e;
            }
        })
        { IsBackground = true, Name = "fuzz input" };
        thread.Start();
        return thread.Join(HangLimit) ? (result, escaped) : null;
    }

    private static string? Judge(FuzzTarget target, FuzzSeed seed, byte[] bytes, CliResult result, string outputFolder,
        string inputFolder, string[] inputsBefore)
    {
        var errorLines = result.StdErr.Split('\n').Count(line => line.StartsWith("error:", StringComparison.Ordinal));
        var pristine = seed.Bytes.AsSpan().SequenceEqual(bytes) && seed.Name is "artefact" or "manifest";
        if (result.ExitCode == Shell.ExitCodes.InternalError)
        {
            return "crashed (exit 70)";
        }
        if (result.StdErr.Contains("   at ", StringComparison.Ordinal) || result.StdErr.Contains("Unhandled", StringComparison.Ordinal))
        {
            return "printed a stack trace";
        }
        if (!target.Allowed.Contains(result.ExitCode) && !(pristine && result.ExitCode == 0))
        {
            return $"answered exit {result.ExitCode}, allowed: {string.Join("/", target.Allowed)}";
        }
        if (result.ExitCode == 2 && errorLines != 1)
        {
            return $"exit 2 with {errorLines} error lines instead of one";
        }
        if (result.ExitCode != 0 && result.ExitCode != 1 && Directory.EnumerateFileSystemEntries(outputFolder).Any())
        {
            return "a failed run left output behind: " + string.Join(", ", Directory.EnumerateFileSystemEntries(outputFolder).Select(Path.GetFileName));
        }
        var inputsAfter = Directory.GetFileSystemEntries(inputFolder).Order(StringComparer.Ordinal).ToArray();
        if (!inputsAfter.SequenceEqual(inputsBefore))
        {
            return "files appeared or vanished beside the input: " + string.Join(", ", inputsAfter.Except(inputsBefore).Concat(inputsBefore.Except(inputsAfter)).Select(Path.GetFileName));
        }
        return null;
    }

    private string Save(FuzzTarget target, FuzzSeed seed, byte[] bytes, string edits, int index, string problem, CliResult? result)
    {
        Directory.CreateDirectory(failureFolder);
        var saved = Path.Combine(failureFolder, $"{index:D6}-{target.Name.Replace(' ', '-')}-{target.FileName}");
        File.WriteAllBytes(saved, target.Family == FuzzFamily.Manifest ? seeds.ArtefactWithManifest(bytes) : bytes);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{index} {target.Name}: {problem}. Seed '{seed.Name}', edits: {edits}. Input saved: {saved}.");
        if (result is not null)
        {
            var firstLines = string.Join(" | ", result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3));
            text.Append(CultureInfo.InvariantCulture, $" Exit {result.ExitCode}; stderr: {firstLines}");
        }
        return text.ToString();
    }

    // "internal error in mlops (InvalidOperationException: ...)" -> "InvalidOperationException".
    private static string CrashType(string stderr)
    {
        var start = stderr.IndexOf('(', StringComparison.Ordinal) + 1;
        var end = stderr.IndexOf(':', start);
        return start > 0 && end > start ? stderr[start..end] : "";
    }

    private static string Fresh(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        return folder;
    }
}
