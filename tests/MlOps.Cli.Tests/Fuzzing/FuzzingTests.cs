using System.Diagnostics;
using System.Globalization;
using MlOps.Cli.Tests.TestSupport;
using Xunit.Abstractions;

namespace MlOps.Cli.Tests.Fuzzing;

/// <summary>
/// The fuzzing harness as a test: every run replays the seeds (the hostile-input probe's reproductions among them) and
/// then a seeded budget of mutations across ONNX files, CSV files, card YAML, policies, manifests and archives.
/// CI runs the default budget; a longer run is one command away:
/// <c>MLOPS_FUZZ_INPUTS=200000 MLOPS_FUZZ_SEED=7 dotnet test tests/MlOps.Cli.Tests -c Release --filter FullyQualifiedName~Fuzzing</c>
/// (or <c>eng/fuzz.sh 200000 7</c>). Failing inputs are saved under artifacts/fuzz-failures with the edits that made them;
/// if an input kills the test host, artifacts/fuzz-work/&lt;seed&gt; holds it (in/) and says what it was (current.txt).
/// </summary>
public sealed class FuzzingTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The inputs a CI run tries: the issue asks for at least 10,000 per run.</summary>
    private const int DefaultBudget = 10_000;

    private readonly TempDirectory _dir = new("mlops-fuzz-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Mutated_inputs_never_crash_hang_or_leave_output_and_garbage_never_passes()
    {
        var budget = FromEnvironment("MLOPS_FUZZ_INPUTS", DefaultBudget);
        var seed = FromEnvironment("MLOPS_FUZZ_SEED", 20261204);
        var seeds = FuzzSeeds.Create(_dir.File("fixed"));
        var failures = Path.Combine(RepositoryPaths.Root, "artifacts", "fuzz-failures", seed.ToString(CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();

        // The work folder is kept beside the failures, not in the temp folder: if an input kills the test host (a stack
        // overflow cannot be caught), in/ still holds it and current.txt says which target, seed and edits made it.
        var work = Path.Combine(RepositoryPaths.Root, "artifacts", "fuzz-work", seed.ToString(CultureInfo.InvariantCulture));
        var report = new FuzzHarness(seeds, work, failures).Run(budget, seed);
        Directory.Delete(work, recursive: true);

        var summary = report.Summary(seed, clock.Elapsed);
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("MLOPS_FUZZ_REPORT") is { Length: > 0 } reportFile)
        {
            File.WriteAllText(reportFile, summary + "\n");
        }
        Assert.True(report.Inputs >= budget, $"Only {report.Inputs} of {budget} inputs ran.");
        Assert.True(report.Failures.Count == 0,
            $"{summary}\nKinds of failure:\n{string.Join("\n", report.FailureKinds.Select(p => $"  {p.Value} x {p.Key}"))}\n" +
            $"First failures:\n{string.Join("\n", report.Failures.Take(25))}");
    }

    private static int FromEnvironment(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : fallback;
}
