using MlOps.Onnx.Evaluation.Kernels;

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
public sealed class InferenceSession
{
    private readonly Step[] _steps;
    private readonly int _slotCount;
    private readonly (int Slot, Tensor Value)[] _constants;
    private readonly Dictionary<string, InputSlot> _inputs;
    private readonly (string Name, int Slot)[] _outputs;
    private readonly string? _source;
    private readonly Buffers _buffers = new();

    private sealed record Step(Kernel Kernel, OnnxNode Node, int[] Inputs, int[] Outputs, int[] Release);

    private sealed record InputSlot(OnnxValueInfo Info, int Slot, bool Optional, int Position);

    private InferenceSession(OnnxModel model, string? source)
    {
        _source = source;
        Model = model;
        var graph = model.Graph ?? throw new MlOpsException("The model has no graph.", source, fix: "Re-export the model.");
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var opset in model.Opsets)
        {
            var domain = opset.Domain is "ai.onnx" ? "" : opset.Domain ?? "";
            opsets[domain] = opset.Version;
        }

        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int SlotOf(string name)
        {
            if (!slots.TryGetValue(name, out var slot))
            {
                slot = slots.Count;
                slots.Add(name, slot);
            }
            return slot;
        }

        // Initializers are converted once; they are shared (read-only) by every run.
        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializers)
        {
            constants[initializer.Name] = TensorConversion.FromOnnx(initializer, source: source);
        }
        var types = new Dictionary<string, OnnxDataType?>(StringComparer.Ordinal);
        foreach (var (name, tensor) in constants)
        {
            types[name] = tensor.ElementType;
        }

        _inputs = new Dictionary<string, InputSlot>(StringComparer.Ordinal);
        var inputInfos = new List<OnnxValueInfo>();
        foreach (var input in graph.Inputs)
        {
            var optional = constants.ContainsKey(input.Name);
            if (_inputs.ContainsKey(input.Name))
            {
                throw new MlOpsException($"The graph declares input '{input.Name}' twice.", source, fix: "Re-export the model.");
            }
            if (input.Type is { Kind: OnnxTypeKind.Tensor } t && !ElementTypes.IsSupported(t.ElementType))
            {
                throw new MlOpsException($"Graph input '{input.Name}' has element type {t.ElementType}, which the evaluator does not support (float, double, int64, int32, bool, string).",
                    source, fix: "Export the model with a supported input type.");
            }
            if (input.Type is { Kind: not OnnxTypeKind.Tensor })
            {
                throw new MlOpsException($"Graph input '{input.Name}' is a {input.Type.Kind}; the evaluator accepts tensor inputs only.",
                    source, fix: "Export the model with tensor inputs (for example a DictVectorizer-free pipeline).");
            }
            _inputs[input.Name] = new InputSlot(input, SlotOf(input.Name), optional, inputInfos.Count);
            if (!optional)
            {
                inputInfos.Add(input);
                types[input.Name] = input.Type?.ElementType is { } et && et != OnnxDataType.Undefined ? et : null;
            }
        }
        Inputs = inputInfos;
        Outputs = graph.Outputs.ToArray();

        var order = TopologicalOrder(graph, constants, _inputs, source);

        var steps = new List<Step>();
        var consumers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var node in order)
        {
            foreach (var input in node.Inputs.Distinct())
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }
                list.Add(node);
            }
        }
        var graphOutputs = new HashSet<string>(graph.Outputs.Select(o => o.Name), StringComparer.Ordinal);
        var absorbed = new HashSet<OnnxNode>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
        {
            if (absorbed.Contains(node))
            {
                continue;
            }
            // MatMul + Add (+ Relu) with constant weights run as one kernel, as exported MLP layers are written.
            if (FusedDense.TryFuse(node, name => constants.TryGetValue(name, out var c) ? c : null,
                    name => consumers.TryGetValue(name, out var list) ? list : [], graphOutputs) is { } fused
                && !constants.ContainsKey(node.Inputs[0]))
            {
                foreach (var n in fused.Absorbed)
                {
                    absorbed.Add(n);
                }
                types[fused.Output] = constants[node.Inputs[1]].ElementType;
                steps.Add(new Step(fused.Kernel, node, [SlotOf(node.Inputs[0])], [SlotOf(fused.Output)], []));
                continue;
            }
            var domain = node.Domain is "ai.onnx" ? "" : node.Domain ?? "";
            if (!opsets.TryGetValue(domain, out var version))
            {
                // ONNX lets models omit the ai.onnx.ml import in old exports; the default ai.onnx one is required.
                if (domain == "ai.onnx.ml")
                {
                    version = 1;
                }
                else
                {
                    throw new MlOpsException($"{NodeNames.Label(node)} uses domain '{(domain.Length == 0 ? "ai.onnx" : domain)}', which the model does not import (no opset_import entry).",
                        source, fix: "Re-export the model; its opset imports are incomplete.");
                }
            }
            var inputTypes = node.Inputs.Select(i => i.Length > 0 && types.TryGetValue(i, out var t) ? t : null).ToArray();
            var context = new NodeContext(node, version, source, name => constants.TryGetValue(name, out var c) ? c : null, inputTypes);
            var kernel = KernelRegistry.Create(domain, context);
            for (var i = 0; i < node.Outputs.Count; i++)
            {
                if (node.Outputs[i].Length > 0)
                {
                    types[node.Outputs[i]] = i < context.OutputTypes.Length ? context.OutputTypes[i] : null;
                }
            }
            // Constant folding for nodes whose inputs are all constant (Constant itself, shape arithmetic on
            // initializers): later nodes then see the values at load time, as Reshape/Slice/Squeeze need.
            if (node.Inputs.All(i => i.Length == 0 || constants.ContainsKey(i)))
            {
                var outputs = RunKernel(kernel, node, node.Inputs.Select(i => i.Length == 0 ? null : (OnnxValue)constants[i]).ToArray(), source);
                for (var i = 0; i < node.Outputs.Count && i < outputs.Length; i++)
                {
                    if (node.Outputs[i].Length > 0 && outputs[i] is Tensor folded)
                    {
                        constants[node.Outputs[i]] = folded;
                        types[node.Outputs[i]] = folded.ElementType;
                    }
                }
                if (node.Outputs.All(o => o.Length == 0 || constants.ContainsKey(o)))
                {
                    continue;
                }
            }
            steps.Add(new Step(kernel, node, node.Inputs.Select(i => i.Length == 0 ? -1 : SlotOf(i)).ToArray(),
                node.Outputs.Select(o => o.Length == 0 ? -1 : SlotOf(o)).ToArray(), []));
        }

        foreach (var output in graph.Outputs)
        {
            if (!slots.ContainsKey(output.Name) && !constants.ContainsKey(output.Name))
            {
                throw new MlOpsException($"Graph output '{output.Name}' is not produced by any node, input or initializer.", source,
                    fix: "Re-export the model; its outputs do not match its nodes.");
            }
        }
        _outputs = graph.Outputs.Select(o => (o.Name, SlotOf(o.Name))).ToArray();

        // Only the constants something reads are kept.
        _constants = constants.Where(c => slots.ContainsKey(c.Key)).Select(c => (slots[c.Key], c.Value)).ToArray();

        // Free intermediate values after their last reader, so a run holds only live tensors.
        var keep = new HashSet<int>(_outputs.Select(o => o.Slot));
        var lastUse = new Dictionary<int, int>();
        for (var s = 0; s < steps.Count; s++)
        {
            foreach (var slot in steps[s].Inputs)
            {
                if (slot >= 0)
                {
                    lastUse[slot] = s;
                }
            }
        }
        _steps = steps.Select((step, s) => step with
        {
            Release = step.Inputs.Where(slot => slot >= 0 && !keep.Contains(slot) && lastUse[slot] == s).Distinct().ToArray(),
        }).ToArray();
        _slotCount = slots.Count;
    }

    /// <summary>The parsed model.</summary>
    public OnnxModel Model { get; }

    /// <summary>The inputs a caller must supply (graph inputs that are not initializers), in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph outputs, in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

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
            return new InferenceSession(model, source);
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
    public IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new OnnxValue?[_slotCount];
        foreach (var (slot, value) in _constants)
        {
            values[slot] = value;
        }
        foreach (var (name, value) in inputs)
        {
            if (!_inputs.TryGetValue(name, out var input))
            {
                throw new MlOpsException($"The model has no input '{name}'. Its inputs: {string.Join(", ", Inputs.Select(i => $"'{i.Name}'"))}.", _source,
                    fix: "Pass exactly the model's inputs.");
            }
            CheckInput(input.Info, value);
            values[input.Slot] = value;
        }
        foreach (var input in Inputs)
        {
            if (!inputs.ContainsKey(input.Name))
            {
                throw new MlOpsException($"Input '{input.Name}' ({Describe(input)}) is missing.", _source, fix: $"Pass a value for '{input.Name}'.");
            }
        }

        using var run = _buffers.Begin();
        foreach (var step in _steps)
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
            var outputs = RunKernel(step.Kernel, step.Node, args, _source);
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

        var result = new Dictionary<string, OnnxValue>(_outputs.Length, StringComparer.Ordinal);
        foreach (var (name, slot) in _outputs)
        {
            result[name] = values[slot] ?? throw new MlOpsException($"Graph output '{name}' was not computed.", _source,
                fix: "Re-export the model; the output is an unused optional node output.");
        }
        return result;
    }

    /// <summary>Scores a batch given as name/value pairs.</summary>
    public IReadOnlyDictionary<string, OnnxValue> Run(params (string Name, OnnxValue Value)[] inputs) =>
        Run(inputs.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal));

    private static OnnxValue?[] RunKernel(Kernel kernel, OnnxNode node, OnnxValue?[] args, string? source)
    {
        try
        {
            return kernel.Run(args);
        }
        catch (MlOpsException)
        {
            throw;
        }
        catch (EvaluationException e)
        {
            throw new MlOpsException($"{NodeNames.Label(node)}: {e.Message}.", source,
                fix: "Check the input shapes and values against the model's declared inputs.");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException
                                      or InvalidCastException or NullReferenceException or DivideByZeroException or NotSupportedException
                                      or KeyNotFoundException or FormatException or ArrayTypeMismatchException or RankException)
        {
            // A malformed model can reach states the load-time checks did not foresee; report, never crash.
            throw new MlOpsException($"{NodeNames.Label(node)} failed: {e.Message}", source,
                fix: "Check the input shapes against the model; if they are right, the model is inconsistent and must be re-exported.");
        }
    }

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

    private static List<OnnxNode> TopologicalOrder(OnnxGraph graph, Dictionary<string, Tensor> constants, Dictionary<string, InputSlot> inputs, string? source)
    {
        var nodes = graph.Nodes;
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var output in nodes[n].Outputs)
            {
                if (output.Length == 0)
                {
                    continue;
                }
                if (producer.ContainsKey(output) || inputs.ContainsKey(output) || constants.ContainsKey(output))
                {
                    throw new MlOpsException($"{NodeNames.Label(nodes[n])} writes '{output}', which another node, input or initializer already defines.",
                        source, fix: "Re-export the model; every value must have exactly one producer.");
                }
                producer[output] = n;
            }
        }
        var dependents = new List<int>[nodes.Count];
        var pending = new int[nodes.Count];
        for (var n = 0; n < nodes.Count; n++)
        {
            dependents[n] = [];
        }
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var input in nodes[n].Inputs.Distinct())
            {
                if (input.Length == 0 || constants.ContainsKey(input) || inputs.ContainsKey(input))
                {
                    continue;
                }
                if (!producer.TryGetValue(input, out var p))
                {
                    throw new MlOpsException($"{NodeNames.Label(nodes[n])} reads input '{input}', which is not a graph input, an initializer or any node's output.",
                        source, fix: "Re-export the model; an initializer or node is missing.");
                }
                dependents[p].Add(n);
                pending[n]++;
            }
        }
        // Kahn's algorithm, always taking the lowest-numbered ready node, so file order is kept when valid.
        var ready = new PriorityQueue<int, int>();
        for (var n = 0; n < nodes.Count; n++)
        {
            if (pending[n] == 0)
            {
                ready.Enqueue(n, n);
            }
        }
        var order = new List<OnnxNode>(nodes.Count);
        while (ready.TryDequeue(out var n, out _))
        {
            order.Add(nodes[n]);
            foreach (var d in dependents[n])
            {
                if (--pending[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }
        if (order.Count != nodes.Count)
        {
            var stuck = Enumerable.Range(0, nodes.Count).First(n => pending[n] > 0);
            throw new MlOpsException($"The graph has a cycle: {NodeNames.Label(nodes[stuck])} depends (indirectly) on its own output.",
                source, fix: "Re-export the model; ONNX graphs must be acyclic.");
        }
        return order;
    }
}
