using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MlOps.Onnx.Evaluation;

namespace MlOps.Benchmarks.Evaluation;

/// <summary>
/// The managed evaluator on the four speed-goal models, 100,000 rows in one batch, single thread (the
/// evaluator never starts threads). Against ONNX Runtime in the same process: Engines/EngineBenchmarks.cs.
/// Run: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*EvaluatorBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class EvaluatorBenchmarks
{
    private InferenceSession _session = null!;
    private Dictionary<string, OnnxValue> _inputs = null!;

    [Params("logistic", "forest", "boosted", "mlp")]
    public string Model { get; set; } = "logistic";

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkModels.EnsureWritten();
        _session = InferenceSession.Load(Path.Combine(BenchmarkModels.Folder, Model + ".onnx"));
        _inputs = new() { ["X"] = Tensor.Create(BenchmarkModels.Input(), BenchmarkModels.Rows, BenchmarkModels.Features) };
    }

    [Benchmark]
    public IReadOnlyDictionary<string, OnnxValue> Run100kRows() => _session.Run(_inputs);

    /// <summary>A quick timing harness (no BenchmarkDotNet): best and median of <paramref name="repeats"/> runs per model, rows/s from the best.</summary>
    public static void Quick(int repeats = 15)
    {
        BenchmarkModels.EnsureWritten();
        foreach (var name in BenchmarkModels.Names)
        {
            var bench = new EvaluatorBenchmarks { Model = name };
            bench.Setup();
            for (var i = 0; i < 3; i++)
            {
                bench.Run100kRows();
            }
            var times = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                bench.Run100kRows();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            // The best run is the least disturbed by other processes; the median is printed too.
            var best = times[0];
            var median = times[times.Count / 2];
            Console.WriteLine($"managed {name,-9} best {best,8:F2} ms  median {median,8:F2} ms  {BenchmarkModels.Rows / (best / 1000),14:N0} rows/s");
        }
    }
}
