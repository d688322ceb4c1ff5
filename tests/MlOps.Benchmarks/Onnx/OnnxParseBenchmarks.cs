using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using MlOps.Onnx;

namespace MlOps.Benchmarks.Onnx;

/// <summary>
/// Parsing a model whose weights are one 100 MB initializer: parsing must not copy raw_data, so its time and
/// allocations should not grow with the weights. Copying the bytes once is the yardstick.
/// Run: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*OnnxParse*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class OnnxParseBenchmarks
{
    private byte[] _model = [];

    /// <summary>Megabytes of float weights in the initializer.</summary>
    [Params(1, 100)]
    public int WeightsMb { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var count = WeightsMb * 1024 * 1024 / sizeof(float);
        var weights = new float[count];
        for (var i = 0; i < count; i++)
        {
            weights[i] = i * 0.001f;
        }

        _model = new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", count)
            .Output("Y", OnnxDataType.Float, "N")
            .Initializer("W", weights, count, 1)
            .Node("MatMul", ["X", "W"], ["Y"])
            .Metadata("mlops.name", "bench")
            .ToBytes();
    }

    /// <summary>The yardstick: one copy of the file's bytes.</summary>
    [Benchmark(Baseline = true)]
    public byte[] CopyBytesOnce() => _model.AsSpan().ToArray();

    [Benchmark]
    public OnnxModel Parse() => OnnxModel.Parse(_model);

    /// <summary>Parse and read the one initializer's values (a deliberate copy).</summary>
    [Benchmark]
    public float[] ParseAndReadWeights() => OnnxModel.Parse(_model).Graph.Initializers[0].ToFloatArray();

    /// <summary>Validate and rewrite with one more metadata entry: one parse plus one output copy.</summary>
    [Benchmark]
    public byte[] WithMetadata() => OnnxMetadataWriter.WithMetadata(_model, [new("mlops.version", "1.0.0")]);
}
