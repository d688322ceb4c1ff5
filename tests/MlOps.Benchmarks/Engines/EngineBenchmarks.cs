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
    /// A quick harness (no BenchmarkDotNet): per model, four contenders take turns <paramref name="repeats"/> times after
    /// 3 warm-up runs each, so a noisy neighbour slows all alike: the managed evaluator's <c>Run</c> (fresh output arrays,
    /// left to the garbage collector), its <c>RunRecycled</c> (outputs disposed after each run, so the next run reuses
    /// their arrays), the onnxruntime engine, and ONNX Runtime's bare Run (<see cref="RawOnnxRuntime"/>: outputs disposed
    /// after each run, so its arena reuses them). Prints each one's median and best, and ratios of the medians (above 1
    /// the managed evaluator is faster): recycled against bare is like for like (both hand their outputs back).
    /// </summary>
    /// <param name="repeats">Timed runs per contender and model.</param>
    /// <param name="only">The models to time (all when empty).</param>
    public static void Quick(int repeats = 15, params string[] only)
    {
        Console.WriteLine($"{"model",-15} {"managed Run",12} {"recycled",10} {"ORT engine",11} {"ORT bare",10}   {"best: Run",10} {"recycled",9} {"bare",9}   {"Run/engine",10} {"Run/bare",8} {"recycled/bare",13}");
        foreach (var model in Models.Where(m => only.Length == 0 || only.Contains(m)))
        {
            var managed = Open(model, InferenceSession.EngineName);
            var session = (InferenceSession)managed.Session;
            // Its own session (and so its own pool of arrays): otherwise Run would take the arrays RunRecycled hands back.
            var recycling = (InferenceSession)Open(model, InferenceSession.EngineName).Session;
            var ort = Open(model, OnnxRuntimeEngine.EngineName);
            using var bare = new RawOnnxRuntime(Path.Combine(BenchmarkModels.Folder, model + ".onnx"), ort.Inputs);
            Action[] contenders =
            [
                () => session.Run(managed.Inputs),
                () =>
                {
                    using var outputs = recycling.RunRecycled(managed.Inputs);
                },
                () => ort.Session.Run(ort.Inputs),
                bare.Run,
            ];
            var times = contenders.Select(_ => new List<double>()).ToArray();
            for (var i = 0; i < 3; i++)
            {
                Array.ForEach(contenders, run => run());
            }
            for (var i = 0; i < repeats; i++)
            {
                for (var c = 0; c < contenders.Length; c++)
                {
                    times[c].Add(Time(contenders[c]));
                }
            }
            Array.ForEach(times, list => list.Sort());
            var (run, recycled, engine, raw) = (times[0][repeats / 2], times[1][repeats / 2], times[2][repeats / 2], times[3][repeats / 2]);
            Console.WriteLine($"{model,-15} {run,9:F2} ms {recycled,7:F2} ms {engine,8:F2} ms {raw,7:F2} ms   {times[0][0],7:F2} ms {times[1][0],6:F2} ms {times[3][0],6:F2} ms   {engine / run,9:F2}x {raw / run,7:F2}x {raw / recycled,12:F2}x");
        }
    }

    private static double Time(Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalMilliseconds;
    }
}
