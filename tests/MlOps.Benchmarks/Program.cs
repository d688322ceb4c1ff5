using BenchmarkDotNet.Running;
using MlOps.Benchmarks.Engines;

// "engines [repeats [model...]]": the interleaved managed-vs-ONNX Runtime harness (docs/evaluator.md#speed); else BenchmarkDotNet.
if (args.Length > 0 && args[0] == "engines")
{
    EngineBenchmarks.Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, args.Skip(2).ToArray());
    return;
}
// "treeshap [repeats]": exact TreeSHAP on a 100-tree depth-6 forest, 10,000 rows (docs/explanations.md#speed).
if (args.Length > 0 && args[0] == "treeshap")
{
    MlOps.Benchmarks.Explanations.TreeShapBenchmarks.Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
