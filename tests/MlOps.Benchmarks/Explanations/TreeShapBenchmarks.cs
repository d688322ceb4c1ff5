using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MlOps.Benchmarks.Evaluation;
using MlOps.Governance.Explanations;
using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Benchmarks.Explanations;

/// <summary>
/// Exact path-dependent TreeSHAP on a 100-tree depth-6 forest (20 features), 10,000 rows in one batch, single thread,
/// covers counted from the 100,000-row benchmark input. The evaluator scoring the same rows is timed beside it.
/// Run: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- treeshap [repeats]</c> (quick harness), or
/// <c>-- --filter '*TreeShapBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class TreeShapBenchmarks
{
    public const int Rows = 10_000;

    private ILocalExplainer _explainer = null!;
    private InferenceSession _session = null!;
    private Dictionary<string, OnnxValue> _inputs = null!;
    private double[] _contributions = null!;
    private double[] _margins = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkModels.EnsureWritten();
        var model = Path.Combine(BenchmarkModels.Folder, "shap-forest.onnx");
        if (!File.Exists(model))
        {
            File.WriteAllBytes(model, BenchmarkModels.Build("shap-forest"));
        }
        _explainer = LocalExplainers.TryCreate(ModelFile.Open(model), Path.Combine(BenchmarkModels.Folder, "X.csv"), "1", null, out var whyNot)
                     ?? throw new InvalidOperationException(whyNot);
        _session = InferenceSession.Load(model);
        _inputs = new() { ["X"] = Tensor.Create(BenchmarkModels.Input()[..(Rows * BenchmarkModels.Features)], Rows, BenchmarkModels.Features) };
        _contributions = new double[Rows * _explainer.Features.Count];
        _margins = new double[Rows];
    }

    [Benchmark]
    public double Explain10kRows()
    {
        _explainer.Explain(_inputs, Rows, _contributions, _margins);
        return _margins[0];
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyDictionary<string, OnnxValue> Score10kRows() => _session.Run(_inputs);

    /// <summary>Best and median of <paramref name="repeats"/> runs of each, rows/s from the best.</summary>
    public static void Quick(int repeats)
    {
        var bench = new TreeShapBenchmarks();
        bench.Setup();
        Time("treeshap", () => bench.Explain10kRows());
        Time("score", () => bench.Score10kRows());

        void Time(string what, Action run)
        {
            run();
            var times = new List<double>();
            var cpu = new List<double>();
            var process = Process.GetCurrentProcess();
            for (var i = 0; i < repeats; i++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                run();
                times.Add(watch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
            times.Sort();
            cpu.Sort();
            // On a shared machine the wall clock waits for other processes; the process's CPU time does not.
            Console.WriteLine($"{what,-9} {Rows} rows  wall best {times[0],9:F1} ms  median {times[times.Count / 2],9:F1} ms  {Rows / (times[0] / 1000),12:N0} rows/s" +
                              $"  cpu best {cpu[0],9:F1} ms  {Rows / (cpu[0] / 1000),12:N0} rows/s");
        }
    }
}
