using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Scoring;
using MlOps.Governance.Packaging;

namespace MlOps.Cli.Tests.Golden;

/// <summary>
/// The bytes the product writes, pinned: every evidence kind, the gate evidence, the .mlpkg with its sidecar and
/// the cards beside it, `inspect` output and audit records. Made from fixed inputs, they must equal the files in
/// Golden/expected/ to the byte, so a refactoring of the writers (JSON, ZIP, cards) cannot change them unnoticed.
/// To accept a deliberate format change, run the tests once with MLOPS_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class GoldenBytesTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Produced = new(Produce);

    private static string ExpectedFolder =>
        Path.Combine(RepositoryPaths.Root, "tests", "MlOps.Cli.Tests", "Golden", "expected");

    public static TheoryData<string> Names => new(Produce().Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void Output_is_byte_identical_to_the_golden_file(string name)
    {
        var actual = Produced.Value[name];
        var expected = Path.Combine(ExpectedFolder, name);
        if (Environment.GetEnvironmentVariable("MLOPS_UPDATE_GOLDEN") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Directory.CreateDirectory(ExpectedFolder);
            File.WriteAllBytes(expected, actual);
        }
        Assert.True(File.Exists(expected), $"Golden file {name} is missing (run once with MLOPS_UPDATE_GOLDEN=1 to create it).");
        var golden = File.ReadAllBytes(expected);
        if (!golden.AsSpan().SequenceEqual(actual))
        {
            var at = golden.AsSpan().CommonPrefixLength(actual);
            Assert.Fail($"{name} differs from its golden file at byte {at} (golden {golden.Length} bytes, now {actual.Length}).");
        }
    }

    [Fact]
    public void Every_golden_file_is_still_produced()
    {
        var produced = Produced.Value.Keys.ToHashSet(StringComparer.Ordinal);
        var stale = Directory.GetFiles(ExpectedFolder).Select(Path.GetFileName).Where(n => !produced.Contains(n!)).ToList();
        Assert.Empty(stale);
    }

    private static IReadOnlyDictionary<string, byte[]> Produce()
    {
        using var dir = new TempDirectory("mlops-golden-");
        var outputs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var model = dir.File("model.onnx");
        File.WriteAllBytes(model, ToyEvidence.Model());
        var champion = dir.File("champion.onnx");
        File.WriteAllBytes(champion, ToyEvidence.Model(w0: 0.3f));
        var retrained = dir.File("retrained.onnx");
        File.WriteAllBytes(retrained, ToyEvidence.Model(w0: 0.5000001f));
        var eval = dir.File("eval.csv");
        File.WriteAllText(eval, EvaluationData(rows: 240, shift: 0));
        var shifted = dir.File("shifted.csv");
        File.WriteAllText(shifted, EvaluationData(rows: 180, shift: 1.5));
        var predictions = dir.File("predictions.csv");
        File.WriteAllText(predictions, "label,prediction,score,sex\n" + string.Concat(Enumerable.Range(0, 90).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i % 2},{i % 3 % 2},{(i % 10) / 10.0 + 0.05},{(i % 4 < 2 ? "f" : "m")}\n"))));
        var regression = dir.File("regression.csv");
        File.WriteAllText(regression, "y,prediction\n" + string.Concat(Enumerable.Range(0, 50).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i * 0.5},{i * 0.5 + Math.Sin(i) / 3}\n"))));

        var evidence = Directory.CreateDirectory(dir.File("evidence")).FullName;
        string E(string name) => Path.Combine(evidence, name);
        Cli(0, 1, "evaluate", "--model", model, "--data", eval, "--label", "label", "--champion", champion,
            "--threshold", "accuracy>=0.6", "--threshold", "logLoss<=0.9", "--out", E("evaluation.json"));
        Cli(0, 1, "fairness", "--model", model, "--data", eval, "--label", "label", "--sensitive", "sex,grp",
            "--privileged", "sex=m", "--bootstrap", "20", "--out", E("fairness.json"));
        Cli(0, 0, "drift", "baseline", "--data", eval, "--categorical", "grp", "--out", E("drift-baseline.json"));
        Cli(0, 1, "drift", "compare", "--baseline", E("drift-baseline.json"), "--data", shifted,
            "--out", E("drift-report.json"), "--html", dir.File("drift-report.html"));
        Cli(0, 1, "repro", "--baseline", model, "--candidate", retrained, "--data", eval, "--out", E("reproducibility.json"));
        File.WriteAllText(dir.File("model-card.md"), ToyEvidence.Card(version: null));
        Cli(0, 1, "gate", evidence, "--card", dir.File("model-card.md"), "--model", model, "--version", "1.0.0", "--out", E("gate.json"));
        foreach (var file in Directory.GetFiles(evidence))
        {
            outputs["evidence." + Path.GetFileName(file)] = File.ReadAllBytes(file);
        }
        outputs["drift-report.html"] = File.ReadAllBytes(dir.File("drift-report.html"));

        Cli(0, 1, "evaluate", "--predictions", predictions, "--label", "label", "--out", dir.File("evaluation-predictions.json"));
        outputs["evaluation-predictions.json"] = File.ReadAllBytes(dir.File("evaluation-predictions.json"));
        Cli(0, 1, "evaluate", "--predictions", regression, "--label", "y", "--task", "regression", "--threshold", "rmse<=0.5",
            "--out", dir.File("evaluation-regression.json"));
        outputs["evaluation-regression.json"] = File.ReadAllBytes(dir.File("evaluation-regression.json"));
        Cli(0, 1, "fairness", "--predictions", predictions, "--label", "label", "--sensitive", "sex", "--score", "score",
            "--bootstrap", "0", "--out", dir.File("fairness-predictions.json"));
        outputs["fairness-predictions.json"] = File.ReadAllBytes(dir.File("fairness-predictions.json"));

        var result = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = dir.File("model-card.md"),
            Version = "1.0.0",
            TrainingData = [eval],
            EvaluationData = [shifted],
            EvidenceDirectory = evidence,
            OutputDirectory = dir.File("out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = dir.Path,
            ToolVersions = new Dictionary<string, string> { ["MlOps.Build"] = "9.9.9", ["dotnet-sdk"] = "10.0.100" },
            GovernanceVersion = "9.9.9-golden",
        });
        foreach (var file in result.Files)
        {
            outputs[Path.GetFileName(file)] = File.ReadAllBytes(file);
        }
        outputs["inspect.json"] = Encoding.UTF8.GetBytes(Cli(0, 0, "inspect", result.PackagePath, "--json").StdOut);
        outputs["inspect.txt"] = Encoding.UTF8.GetBytes(Cli(0, 0, "inspect", result.PackagePath).StdOut);
        outputs["audit.jsonl"] = AuditRecords(dir);
        return outputs;
    }

    /// <summary>Three columns of numbers, a binary label, two sensitive columns; <paramref name="shift"/> moves column a.</summary>
    private static string EvaluationData(int rows, double shift) =>
        "a,b,c,label,sex,grp\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
        {
            var a = (i % 10) * 0.3 - 1 + shift;
            var c = (i % 3) - 1;
            var label = a + c + Math.Sin(i) > 0.5 ? 1 : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{a},{i % 7 - 3},{c},{label},{(i % 2 == 0 ? "f" : "m")},{(char)('x' + i % 3)}\n");
        }));

    /// <summary>An audit log of records whose inputs and outputs hold the values the canonical form must keep exact.</summary>
    private static byte[] AuditRecords(TempDirectory dir)
    {
        var path = dir.File("audit.jsonl");
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using (var log = AuditLog.Open(path, new AuditLogOptions { TimeProvider = clock }))
        {
            var digest = new string('d', 64);
            log.Append(new AuditEntry("toy", "1.0.0", digest, AuditJson.FromNumbers([0.1, 1e-7, 123456789012345678, -0.0, double.NaN, double.PositiveInfinity]),
                AuditJson.FromNumbers([0.5]))
            { RecordRawInput = true, Caller = "golden", CorrelationId = "c1", Rows = 2, Latency = TimeSpan.FromMilliseconds(1.5) });
            var node = JsonNode.Parse("""{"z":1.50,"a":[1,2.0,"x",null,true],"m":{"k":1e3,"j":-0}}""");
            node!["f"] = 0.1f;
            node["d"] = 2.0;
            node["l"] = long.MaxValue;
            node["s"] = "Größe \u00e9 <&>";
            log.Append(new AuditEntry("toy", "1.0.0", digest, AuditJson.From(node), AuditJson.FromString("ok")) { RecordRawInput = true, CorrelationId = "c2" });
            var tensor = new Tensor<float>([0.1f, -3.4028235e38f, float.NaN, 1e-5f, 7f, 0f], [2, 3]);
            var labels = new Tensor<string>(["good", "bad"], [2]);
            var values = new Dictionary<string, OnnxValue> { ["X"] = tensor, ["label"] = labels };
            log.Append(new AuditEntry("toy", "1.0.0", digest, ValueJson.Of(values), ValueJson.Of(values)) { RecordRawInput = true, CorrelationId = "c3" });
        }
        return File.ReadAllBytes(path);
    }

    private static CliResult Cli(int allowedLow, int allowedHigh, params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode >= allowedLow && run.ExitCode <= allowedHigh, run.ToString());
        return run;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
