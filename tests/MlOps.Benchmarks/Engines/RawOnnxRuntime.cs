using Microsoft.ML.OnnxRuntime;
using MlOps.Engines.OnnxRuntime;
using MlOps.Onnx.Evaluation;
using OrtSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace MlOps.Benchmarks.Engines;

/// <summary>
/// ONNX Runtime's own Run with nothing of ours around it: inputs made into OrtValues once, outside the timing, and
/// outputs left as native values. What ONNX Runtime costs at best, beside what the engine costs as used (which also
/// copies strings in and every output back into the toolkit's tensors).
/// </summary>
internal sealed class RawOnnxRuntime : IDisposable
{
    private readonly OrtSession _session;
    private readonly List<string> _names = [];
    private readonly List<OrtValue> _values = [];
    private readonly RunOptions _runOptions = new();

    public RawOnnxRuntime(string modelPath, IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        using var options = OnnxRuntimeSession.Options();
        _session = new OrtSession(modelPath, options);
        foreach (var (name, value) in inputs)
        {
            _names.Add(name);
            var shape = ((Tensor)value).Dimensions.Select(d => (long)d).ToArray();
            _values.Add(value switch
            {
                Tensor<float> t => OrtValue.CreateTensorValueFromMemory(t.Data, shape),
                Tensor<string> t => Strings(t.Data, shape),
                _ => throw new NotSupportedException(value.Describe()),
            });
        }
    }

    /// <summary>Runs the model once, asking for every output, and releases the outputs.</summary>
    public void Run()
    {
        using var outputs = _session.Run(_runOptions, _names, _values, _session.OutputNames);
    }

    public void Dispose()
    {
        _values.ForEach(v => v.Dispose());
        _runOptions.Dispose();
        _session.Dispose();
    }

    private static OrtValue Strings(string[] data, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < data.Length; i++)
        {
            value.StringTensorSetElementAt(data[i].AsSpan(), i);
        }
        return value;
    }
}
