using MlOps.Diagnostics;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;
using Microsoft.ML.OnnxRuntime;
using OrtSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace MlOps.Engines.OnnxRuntime;

/// <summary>
/// A model opened in an ONNX Runtime session, exchanging the toolkit's ONNX values (<see cref="Tensor"/>,
/// <see cref="MapSequence"/>) so that the CSV binding, output columns and evidence stages work as on the managed
/// evaluator.
/// </summary>
/// <remarks>
/// <para>
/// Session options (see <see cref="Options"/>): one intra-op and one inter-op thread, sequential execution, all graph
/// optimisations, and ONNX Runtime's own logging limited to fatal errors (its failures reach the caller as MLOPS145 and
/// MLOPS146 instead). One thread keeps results the same on every machine, as the managed evaluator's are, and lets
/// several scoring calls share the cores instead of each claiming all of them.
/// </para>
/// <para>Thread-safe: ONNX Runtime allows concurrent <c>Run</c> calls on one session.</para>
/// </remarks>
public sealed class OnnxRuntimeSession : IModelSession, IDisposable
{
    private readonly OrtSession _session;
    private readonly OnnxModel _model;
    private readonly string? _source;
    private readonly HashSet<string> _inputNames;
    private readonly IReadOnlyDictionary<string, OnnxNode> _zipMaps;

    private OnnxRuntimeSession(OrtSession session, OnnxModel model, string? source)
    {
        _session = session;
        _model = model;
        _source = source;
        Inputs = Describe(session.InputNames, model);
        Outputs = Describe(session.OutputNames, model);
        _inputNames = new HashSet<string>(session.InputNames, StringComparer.Ordinal);
        _zipMaps = model.Graph.Nodes
            .Where(n => n.OpType == "ZipMap" && n.Domain == "ai.onnx.ml" && n.Outputs.Count == 1)
            .GroupBy(n => n.Outputs[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Engine => OnnxRuntimeEngine.EngineName;

    /// <inheritdoc />
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <inheritdoc />
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The session options every session uses: single-threaded, sequential, fully optimised, quiet.</summary>
    public static SessionOptions Options() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
    };

    /// <summary>Opens the ONNX model <paramref name="onnx"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="MlOpsException">Not an ONNX model our reader accepts, or ONNX Runtime cannot load it (MLOPS145).</exception>
    public static OnnxRuntimeSession Load(byte[] onnx, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        return Create(onnx, OnnxModel.Parse(onnx, source), source);
    }

    /// <summary>Opens <paramref name="onnx"/>, already parsed as <paramref name="model"/>.</summary>
    /// <exception cref="MlOpsException">ONNX Runtime cannot load the model (MLOPS145).</exception>
    public static OnnxRuntimeSession Create(byte[] onnx, OnnxModel model, string? source)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(model);
        using var options = Options();
        OrtSession session;
        try
        {
            session = new OrtSession(onnx, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlOpsException($"ONNX Runtime cannot load the model '{source ?? "(bytes)"}': {OneLine(e.Message)}", source,
                fix: "Export a model ONNX Runtime 1.32 opens (valid ONNX, operators and opsets it implements), or score it with the managed evaluator if that can run it.",
                diagnostic: DiagnosticCatalog.OnnxRuntimeCannotLoad, inner: e,
                inputs: [UserInputs.Engine.Example(MlOps.Onnx.Evaluation.InferenceSession.EngineName)]);
        }
        return new OnnxRuntimeSession(session, model, source);
    }

    /// <inheritdoc />
    public string? Metadata(string key) => _model.Metadata(key);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs) => Run(inputs, null);

    /// <summary>Scores a batch and returns only <paramref name="outputNames"/> (all outputs when null).</summary>
    /// <exception cref="MlOpsException">An input is missing or unknown, or ONNX Runtime fails (MLOPS146); the message names it.</exception>
    public IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs, IReadOnlyList<string>? outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckNames(inputs);
        var names = new List<string>(inputs.Count);
        using var values = new DisposableValues();
        foreach (var (name, value) in inputs)
        {
            names.Add(name);
            values.Add(OrtValues.ToOrt(name, value, _source));
        }
        var fetch = outputNames ?? _session.OutputNames;
        try
        {
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, names, values.Items, fetch);
            var outputs = new Dictionary<string, OnnxValue>(fetch.Count, StringComparer.Ordinal);
            var i = 0;
            foreach (var result in results)
            {
                var name = fetch[i++];
                outputs[name] = OrtValues.FromOrt(name, result, _zipMaps.GetValueOrDefault(name), _source);
            }
            return outputs;
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlOpsException($"ONNX Runtime could not score the data with the model '{_source ?? "(bytes)"}': {OneLine(e.Message)}", _source,
                fix: "Check the data matches the model's inputs (types and shapes); re-export the model if it does.",
                diagnostic: DiagnosticCatalog.OnnxRuntimeRunFailed, inner: e, inputs: [UserInputs.Data]);
        }
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose() => _session.Dispose();

    private void CheckNames(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        foreach (var name in inputs.Keys)
        {
            if (!_inputNames.Contains(name))
            {
                throw new MlOpsException($"The model has no input '{name}'. Its inputs: {string.Join(", ", Inputs.Select(i => $"'{i.Name}'"))}.", _source,
                    fix: "Pass exactly the model's inputs.");
            }
        }
        foreach (var input in Inputs)
        {
            if (!inputs.ContainsKey(input.Name))
            {
                throw new MlOpsException($"Input '{input.Name}' ({MlOps.Onnx.Evaluation.InferenceSession.Describe(input)}) is missing.", _source, fix: $"Pass a value for '{input.Name}'.");
            }
        }
    }

    // The model's own declarations where it has them (the CSV binding reads element types and shapes from them);
    // ONNX Runtime decides which graph inputs are real inputs (initializers are not).
    private static OnnxValueInfo[] Describe(IReadOnlyList<string> names, OnnxModel model)
    {
        var declared = model.Graph.Inputs.Concat(model.Graph.Outputs)
            .GroupBy(v => v.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return names.Select(n => declared.TryGetValue(n, out var info) ? info : new OnnxValueInfo(n, null)).ToArray();
    }

    // ONNX Runtime messages can span lines (a stack of contexts); a diagnostic is one line.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class DisposableValues : IDisposable
    {
        public List<OrtValue> Items { get; } = [];

        public void Add(OrtValue value) => Items.Add(value);

        public void Dispose()
        {
            foreach (var item in Items)
            {
                item.Dispose();
            }
        }
    }
}
