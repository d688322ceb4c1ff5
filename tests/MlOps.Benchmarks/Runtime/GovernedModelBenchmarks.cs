using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime;
using MlOps.Runtime.Auditing;
using MlOps.Governance.Lineage;
using MlOps.Governance.Packaging;

namespace MlOps.Benchmarks.Runtime;

/// <summary>
/// What auditing adds to a prediction: <see cref="GovernedModel.Predict(IReadOnlyDictionary{string, OnnxValue})"/>
/// (score + audit record) against <see cref="GovernedModel.ScoreUnaudited(IReadOnlyDictionary{string, OnnxValue})"/>
/// (score only) on a 20-feature logistic regression, one row per call, per durability policy.
/// Run: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*GovernedModelBenchmarks*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
public class GovernedModelBenchmarks
{
    private const int CallsPerInvoke = 2000;
    private const int Features = 20;

    private string _dir = "";
    private AuditLog _log = null!;
    private GovernedModel _model = null!;
    private Dictionary<string, OnnxValue> _input = null!;

    /// <summary>The audit log's fsync policy.</summary>
    [Params("Always", "Batched", "None")]
    public string Durability { get; set; } = "Always";

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-bench-governed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var modelPath = Path.Combine(_dir, "bench.onnx");
        var weights = Enumerable.Range(0, Features).Select(i => (i % 5 - 2) * 0.125f).ToArray();
        File.WriteAllBytes(modelPath, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("X", OnnxDataType.Float, "N", Features)
            .Output("probability", OnnxDataType.Float, "N", 1)
            .Initializer("W", weights, Features, 1)
            .Initializer("B", [0.1f], 1)
            .Node("MatMul", ["X", "W"], ["XW"])
            .Node("Add", ["XW", "B"], ["Z"])
            .Node("Sigmoid", ["Z"], ["probability"])
            .ToBytes());
        var cardPath = Path.Combine(_dir, "card.md");
        File.WriteAllText(cardPath, """
            ---
            name: bench-model
            version: 1.0.0
            owners: [Bench <bench@example.org>]
            description: Benchmark model.
            intendedUse: Benchmarks.
            risk:
              probability: rare
              severity: very low
              euAiActCategory: minimal
            licence: MIT
            ---
            """.Replace("\r\n", "\n"));
        var package = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = modelPath,
            CardPath = cardPath,
            OutputDirectory = Path.Combine(_dir, "out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = _dir,
        });
        var durability = Durability switch
        {
            "Batched" => AuditDurability.Batched(TimeSpan.FromMilliseconds(10), 256),
            "None" => AuditDurability.None,
            _ => AuditDurability.Always,
        };
        _log = AuditLog.Open(Path.Combine(_dir, "predictions.jsonl"), new AuditLogOptions { Durability = durability });
        _model = GovernedModel.Open(package.PackagePath, new GovernedModelOptions { AuditLog = _log, Caller = "bench" });
        _input = new Dictionary<string, OnnxValue>
        {
            ["X"] = Tensor.Create(Enumerable.Range(0, Features).Select(i => i * 0.5f).ToArray(), 1, Features),
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Scoring alone (the baseline).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke)]
    public void ScoreUnaudited()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            _model.ScoreUnaudited(_input);
        }
    }

    /// <summary>Scoring plus an audit record.</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public void Predict()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            _model.Predict(_input);
        }
    }
}
