using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MlOps.Benchmarks.Evaluation;
using MlOps.Engines.OnnxRuntime;
using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Benchmarks.Engines;

/// <summary>
/// The managed evaluator against ONNX Runtime 1.32 in process (the onnxruntime engine: one intra-op thread,
/// sequential), 100,000 rows in one batch, on the four speed-goal models and two ML.NET exports (SDCA logistic
/// regression, FastTree). Both engines run in the same process on the same inputs.
/// Run: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*EngineBenchmarks*' --job short</c>,
/// or the interleaved quick harness: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- engines [repeats]</c>.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private IModelSession _session = null!;
    private Dictionary<string, OnnxValue> _inputs = null!;

    /// <summary>Every model the benchmark times.</summary>
    public static IEnumerable<string> Models => BenchmarkModels.Names.Concat(MlNetBenchmarkModels.Names);

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "logistic";

    [Params(InferenceSession.EngineName, OnnxRuntimeEngine.EngineName)]
    public string Engine { get; set; } = InferenceSession.EngineName;

    [GlobalSetup]
    public void Setup()
    {
        (_session, _inputs) = Open(Model, Engine);
    }

    [Benchmark]
    public IReadOnlyDictionary<string, OnnxValue> Run100kRows() => _session.Run(_inputs);

    private static (IModelSession Session, Dictionary<string, OnnxValue> Inputs) Open(string model, string engine)
    {
        BenchmarkModels.EnsureWritten();
        MlNetBenchmarkModels.EnsureWritten();
        var file = ModelFile.Open(Path.Combine(BenchmarkModels.Folder, model + ".onnx"));
        IScoringEngine scoring = engine == OnnxRuntimeEngine.EngineName ? OnnxRuntimeEngine.Instance : ManagedEngine.Instance;
        var session = scoring.Open(file);
        var inputs = BenchmarkModels.Names.Contains(model)
            ? new Dictionary<string, OnnxValue> { ["X"] = Tensor.Create(BenchmarkModels.Input(), BenchmarkModels.Rows, BenchmarkModels.Features) }
            : MlNetBenchmarkModels.Input(session);
        return (session, inputs);
    }

    /// <summary>
    /// A quick harness (no BenchmarkDotNet): per model, the managed evaluator, the onnxruntime engine and ONNX Runtime's
    /// bare Run (<see cref="RawOnnxRuntime"/>) take turns <paramref name="repeats"/> times after 3 warm-up runs each, so
    /// a noisy neighbour slows all alike. Prints each one's median (and the managed and bare best) and the ratios of the
    /// medians: above 1 the managed evaluator is faster.
    /// </summary>
    /// <param name="repeats">Timed runs per engine and model.</param>
    /// <param name="only">The models to time (all when empty).</param>
    public static void Quick(int repeats = 15, params string[] only)
    {
        Console.WriteLine($"{"model",-15} {"managed",10} {"ORT engine",11} {"ORT bare",10} {"managed best",13} {"bare best",10} {"vs engine",10} {"vs bare",8}");
        foreach (var model in Models.Where(m => only.Length == 0 || only.Contains(m)))
        {
            var managed = Open(model, InferenceSession.EngineName);
            var ort = Open(model, OnnxRuntimeEngine.EngineName);
            using var bare = new RawOnnxRuntime(Path.Combine(BenchmarkModels.Folder, model + ".onnx"), ort.Inputs);
            for (var i = 0; i < 3; i++)
            {
                managed.Session.Run(managed.Inputs);
                ort.Session.Run(ort.Inputs);
                bare.Run();
            }
            var times = new[] { new List<double>(), new List<double>(), new List<double>() };
            for (var i = 0; i < repeats; i++)
            {
                times[0].Add(Time(() => managed.Session.Run(managed.Inputs)));
                times[1].Add(Time(() => ort.Session.Run(ort.Inputs)));
                times[2].Add(Time(bare.Run));
            }
            foreach (var list in times)
            {
                list.Sort();
            }
            var (m, e, b) = (times[0][repeats / 2], times[1][repeats / 2], times[2][repeats / 2]);
            Console.WriteLine($"{model,-15} {m,7:F2} ms {e,8:F2} ms {b,7:F2} ms {times[0][0],10:F2} ms {times[2][0],7:F2} ms {e / m,9:F2}x {b / m,7:F2}x");
        }
    }

    private static double Time(Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalMilliseconds;
    }
}
