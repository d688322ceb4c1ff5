using BenchmarkDotNet.Running;
using MlOps.Benchmarks.Engines;

// "engines [repeats [model...]]": the interleaved managed-vs-ONNX Runtime harness (docs/evaluator.md#speed); else BenchmarkDotNet.
if (args.Length > 0 && args[0] == "engines")
{
    EngineBenchmarks.Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, args.Skip(2).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
