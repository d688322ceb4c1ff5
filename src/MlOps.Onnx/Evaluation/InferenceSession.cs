using MlOps.Onnx.Evaluation.Kernels;
using MlOps.Onnx.Evaluation.Planning;

namespace MlOps.Onnx.Evaluation;

/// <summary>
/// A loaded, validated ONNX model ready to score batches: the managed evaluator.
/// </summary>
/// <remarks>
/// <para>
/// Loading checks the whole graph before anything runs: the nodes are sorted topologically (a cycle is an
/// error naming a node on it), every node input must be a graph input, an initializer or another node's
/// output (an error names the node and the input), every operator must be supported for the imported
/// opset (an error names domain, operator, opset and node), and attributes and known element types are
/// checked. Run-time input checks name the input.
/// </para>
/// <para>
/// A session is immutable and thread-safe: <see cref="Run(IReadOnlyDictionary{string, OnnxValue})"/> may be
/// called concurrently, and for the same inputs it returns the same bits on every run, machine thread count
/// and call order (see docs/evaluator.md for the summation order).
/// </para>
/// </remarks>
public sealed class InferenceSession : IModelSession
{
    /// <summary>The engine name of the managed evaluator, as <c>--engine</c> and audit records spell it.</summary>
    public const string EngineName = "managed";

    private readonly ExecutionPlan _plan;
    private readonly string? _source;
    private readonly Buffers _buffers = new();

    // Checking and compiling the graph is ExecutionPlanBuilder's job; a session only runs the plan it made.
    private InferenceSession(OnnxModel model, ExecutionPlan plan, string? source)
    {
        Model = model;
        _plan = plan;
        _source = source;
    }

    /// <summary>The parsed model.</summary>
    public OnnxModel Model { get; }

    /// <inheritdoc />
    public string Engine => EngineName;

    /// <inheritdoc />
    public string? Metadata(string key) => Model.Metadata(key);

    /// <summary>The inputs a caller must supply (graph inputs that are not initializers), in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs => _plan.Inputs;

    /// <summary>The graph outputs, in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs => _plan.Outputs;

    /// <summary>Loads and validates the model at <paramref name="path"/>.</summary>
    /// <exception cref="MlOpsException">The file is not a valid ONNX model or uses something unsupported.</exception>
    public static InferenceSession Load(string path) => Create(OnnxModel.Load(path), path);

    /// <summary>Loads and validates a model from its bytes; <paramref name="source"/> names it in errors.</summary>
    public static InferenceSession Load(ReadOnlyMemory<byte> bytes, string? source = null) => Create(ParseModel(bytes, source), source);

    /// <summary>Validates and compiles an already parsed model; <paramref name="source"/> names it in errors.</summary>
    public static InferenceSession Create(OnnxModel model, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            return new InferenceSession(model, ExecutionPlanBuilder.Build(model, source), source);
        }
        catch (MlOpsException)
        {
            throw;
        }
        catch (Exception e) when (e is EvaluationException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
                                      or OverflowException or NotSupportedException or KeyNotFoundException or NullReferenceException
                                      or InvalidCastException or FormatException)
        {
            throw new MlOpsException($"The model cannot be loaded: {e.Message}", source,
                fix: "Re-export the model; it is inconsistent (attribute sizes or tensor shapes do not match).");
        }
    }

    private static OnnxModel ParseModel(ReadOnlyMemory<byte> bytes, string? source)
    {
        try
        {
            return OnnxModel.Parse(bytes);
        }
        catch (MlOpsException e) when (e.File is null && source is not null)
        {
            throw new MlOpsException(e.Message, source, e.Line, e.Fix, e.Diagnostic, e.Column, e);
        }
    }

    /// <summary>Scores a batch: <paramref name="inputs"/> maps each graph input name to a value.</summary>
    /// <returns>Every graph output by name.</returns>
    /// <exception cref="MlOpsException">An input is missing, unknown, of the wrong type or shape, or a node fails; the message names it.</exception>
    public IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs) => Run(inputs, recycle: null);

    /// <summary>
    /// Scores a batch like <see cref="Run(IReadOnlyDictionary{string, OnnxValue})"/>, into arrays the session takes
    /// back when the result is disposed (see <see cref="RecycledOutputs"/>): for callers that score batch after batch.
    /// </summary>
    /// <returns>Every graph output by name; dispose it once its tensors are no longer read.</returns>
    /// <exception cref="MlOpsException">An input is missing, unknown, of the wrong type or shape, or a node fails; the message names it.</exception>
    public RecycledOutputs RunRecycled(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        var arrays = new List<Array>();
        var outputs = Run(inputs, arrays);
        return new RecycledOutputs(outputs, _buffers, [.. arrays]);
    }

    // recycle, when given, receives the arrays of the outputs that this run rented from the pool (each once).
    private IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs, List<Array>? recycle)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var plan = _plan;
        var values = new OnnxValue?[plan.SlotCount];
        foreach (var (slot, value) in plan.Constants)
        {
            values[slot] = value;
        }
        foreach (var (name, value) in inputs)
        {
            if (!plan.InputSlots.TryGetValue(name, out var input))
            {
                throw new MlOpsException($"The model has no input '{name}'. Its inputs: {string.Join(", ", Inputs.Select(i => $"'{i.Name}'"))}.", _source,
                    fix: "Pass exactly the model's inputs.");
            }
            CheckInput(input.Info, value);
            values[input.Slot] = value;
        }
        foreach (var input in plan.Inputs.Span)
        {
            if (!inputs.ContainsKey(input.Name))
            {
                throw new MlOpsException($"Input '{input.Name}' ({Describe(input)}) is missing.", _source, fix: $"Pass a value for '{input.Name}'.");
            }
        }

        using var run = _buffers.Begin();
        foreach (var step in plan.Steps)
        {
            var args = new OnnxValue?[step.Inputs.Length];
            for (var i = 0; i < args.Length; i++)
            {
                if (step.Inputs[i] >= 0)
                {
                    args[i] = values[step.Inputs[i]] ?? throw new MlOpsException(
                        $"{NodeNames.Label(step.Node)}: input '{step.Node.Inputs[i]}' has no value.", _source,
                        fix: "Re-export the model; an optional output is used as an input.");
                }
            }
            var outputs = NodeRunner.Run(step.Kernel, step.Node, args, _source);
            for (var i = 0; i < step.Outputs.Length; i++)
            {
                if (step.Outputs[i] >= 0)
                {
                    values[step.Outputs[i]] = i < outputs.Length ? outputs[i] : null;
                }
            }
            foreach (var slot in step.Release)
            {
                var released = values[slot];
                values[slot] = null;
                if (released is Tensor tensor)
                {
                    run.Release(tensor.Buffer, values);
                }
            }
        }

        var result = new Dictionary<string, OnnxValue>(plan.OutputSlots.Length, StringComparer.Ordinal);
        foreach (var (name, slot) in plan.OutputSlots)
        {
            var value = result[name] = values[slot] ?? throw new MlOpsException($"Graph output '{name}' was not computed.", _source,
                fix: "Re-export the model; the output is an unused optional node output.");
            // Only arrays this run rented: never an input, a constant or (twice) one array behind two outputs.
            if (recycle is not null && value is Tensor tensor && run.IsRented(tensor.Buffer) && !recycle.Contains(tensor.Buffer, ReferenceEqualityComparer.Instance))
            {
                recycle.Add(tensor.Buffer);
            }
        }
        return result;
    }

    /// <summary>Scores a batch given as name/value pairs.</summary>
    public IReadOnlyDictionary<string, OnnxValue> Run(params (string Name, OnnxValue Value)[] inputs) =>
        Run(inputs.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal));

    private void CheckInput(OnnxValueInfo info, OnnxValue value)
    {
        if (value is not Tensor tensor)
        {
            throw new MlOpsException($"Input '{info.Name}' must be a tensor ({Describe(info)}) but is {value?.Describe() ?? "null"}.", _source,
                fix: $"Pass a tensor for '{info.Name}'.");
        }
        var type = info.Type;
        if (type is null)
        {
            return;
        }
        if (type.ElementType != OnnxDataType.Undefined && type.ElementType != tensor.ElementType)
        {
            throw new MlOpsException($"Input '{info.Name}' must be {Describe(info)} but is {tensor.Describe()}.", _source,
                fix: $"Pass {ElementTypes.Name(type.ElementType)} values for '{info.Name}'.");
        }
        if (type.Shape is { } shape)
        {
            var ok = shape.Count == tensor.Rank;
            for (var d = 0; ok && d < shape.Count; d++)
            {
                if (shape[d].Value is { } fixedSize && fixedSize >= 0 && fixedSize != tensor.Shape[d] && shape[d].Param is null)
                {
                    ok = false;
                }
            }
            if (!ok)
            {
                throw new MlOpsException($"Input '{info.Name}' must have shape {Describe(info)} but has {tensor.Describe()}.", _source,
                    fix: $"Pass a tensor of the declared shape for '{info.Name}'.");
            }
        }
    }

    /// <summary>Describes a declared value, for example <c>tensor(float)[N,4]</c>.</summary>
    public static string Describe(OnnxValueInfo info)
    {
        var type = info.Type;
        if (type is null)
        {
            return "a value of unknown type";
        }
        if (type.Kind != OnnxTypeKind.Tensor)
        {
            return type.Kind.ToString().ToLowerInvariant();
        }
        var dims = type.Shape is null ? "" : "[" + string.Join(",", type.Shape.Select(d => d.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? d.Param ?? "?")) + "]";
        return $"tensor({ElementTypes.Name(type.ElementType)}){dims}";
    }
}
