using System.Collections.Frozen;
using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Evaluation.Planning;

/// <summary>
/// Compiles a model's graph into an <see cref="ExecutionPlan"/>, checking it on the way: binds initializers and
/// inputs to slots, orders the nodes, fuses dense layers, builds each node's kernel for its opset, folds nodes
/// whose inputs are all constant, and plans when intermediates are freed. Every problem is an
/// <see cref="MlOpsException"/> naming the node, input or output concerned.
/// </summary>
/// <remarks>One builder compiles one graph; it is discarded once the plan is built.</remarks>
internal sealed class ExecutionPlanBuilder
{
    private readonly OnnxGraph _graph;
    private readonly string? _source;
    private readonly Dictionary<string, long> _opsets;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    // Initializers, then the values folded at load time; read-only once converted, shared by every run.
    private readonly Dictionary<string, Tensor> _constants = new(StringComparer.Ordinal);

    // Element types known at load time (null when unknown), so kernel factories can check their inputs.
    private readonly Dictionary<string, OnnxDataType?> _types = new(StringComparer.Ordinal);

    private readonly Dictionary<string, PlanInput> _inputs = new(StringComparer.Ordinal);
    private readonly List<OnnxValueInfo> _requiredInputs = [];
    private readonly List<PlanStep> _steps = [];

    private ExecutionPlanBuilder(OnnxGraph graph, Dictionary<string, long> opsets, string? source)
    {
        _graph = graph;
        _opsets = opsets;
        _source = source;
    }

    /// <summary>Checks and compiles <paramref name="model"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="MlOpsException">The graph is invalid or uses something unsupported; the message names what.</exception>
    public static ExecutionPlan Build(OnnxModel model, string? source)
    {
        var graph = model.Graph ?? throw new MlOpsException("The model has no graph.", source, fix: "Re-export the model.");
        return new ExecutionPlanBuilder(graph, ImportedOpsets(model), source).Build();
    }

    private ExecutionPlan Build()
    {
        ConvertInitializers();
        BindInputs();
        var order = TopologicalOrder.Sort(_graph, name => _inputs.ContainsKey(name) || _constants.ContainsKey(name), _source);
        CompileNodes(order);
        var outputSlots = BindOutputs();
        var steps = Liveness.WithReleases(_steps, outputSlots);
        return new ExecutionPlan(steps, _slots.Count, LiveConstants(), _inputs.ToFrozenDictionary(StringComparer.Ordinal),
            FrozenList<OnnxValueInfo>.Own(_requiredInputs.ToArray()), _graph.Outputs, outputSlots);
    }

    private static Dictionary<string, long> ImportedOpsets(OnnxModel model)
    {
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var opset in model.Opsets)
        {
            opsets[DomainKey(opset.Domain)] = opset.Version;
        }
        return opsets;
    }

    // "" and "ai.onnx" name the same domain; the registry and the opset table use "".
    private static string DomainKey(string? domain) => domain is "ai.onnx" ? "" : domain ?? "";

    private int SlotOf(string name)
    {
        if (!_slots.TryGetValue(name, out var slot))
        {
            slot = _slots.Count;
            _slots.Add(name, slot);
        }
        return slot;
    }

    private Tensor? Constant(string name) => _constants.TryGetValue(name, out var c) ? c : null;

    // Initializers are converted once; they are shared (read-only) by every run.
    private void ConvertInitializers()
    {
        foreach (var initializer in _graph.Initializers)
        {
            var tensor = TensorConversion.FromOnnx(initializer, source: _source);
            _constants[initializer.Name] = tensor;
            _types[initializer.Name] = tensor.ElementType;
        }
    }

    // A graph input that an initializer also defines is optional: the initializer is its default.
    private void BindInputs()
    {
        foreach (var input in _graph.Inputs)
        {
            var optional = _constants.ContainsKey(input.Name);
            CheckInputDeclaration(input);
            _inputs[input.Name] = new PlanInput(input, SlotOf(input.Name), optional, _requiredInputs.Count);
            if (!optional)
            {
                _requiredInputs.Add(input);
                _types[input.Name] = input.Type?.ElementType is { } et && et != OnnxDataType.Undefined ? et : null;
            }
        }
    }

    private void CheckInputDeclaration(OnnxValueInfo input)
    {
        if (_inputs.ContainsKey(input.Name))
        {
            throw new MlOpsException($"The graph declares input '{input.Name}' twice.", _source, fix: "Re-export the model.");
        }
        if (input.Type is { Kind: OnnxTypeKind.Tensor } t && !ElementTypes.IsSupported(t.ElementType))
        {
            throw new MlOpsException($"Graph input '{input.Name}' has element type {t.ElementType}, which the evaluator does not support (float, double, int64, int32, bool, string).",
                _source, fix: "Export the model with a supported input type.");
        }
        if (input.Type is { Kind: not OnnxTypeKind.Tensor })
        {
            throw new MlOpsException($"Graph input '{input.Name}' is a {input.Type.Kind}; the evaluator accepts tensor inputs only.",
                _source, fix: "Export the model with tensor inputs (for example a DictVectorizer-free pipeline).");
        }
    }

    private void CompileNodes(List<OnnxNode> order)
    {
        var consumers = Consumers(order);
        var graphOutputs = new HashSet<string>(_graph.Outputs.Select(o => o.Name), StringComparer.Ordinal);
        var absorbed = new HashSet<OnnxNode>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
        {
            if (absorbed.Contains(node) || TryFuseDense(node, consumers, graphOutputs, absorbed))
            {
                continue;
            }
            var kernel = CreateKernel(node);
            if (TryFold(node, kernel))
            {
                continue;
            }
            _steps.Add(new PlanStep(kernel, node, node.Inputs.Select(i => i.Length == 0 ? -1 : SlotOf(i)).ToArray(),
                node.Outputs.Select(o => o.Length == 0 ? -1 : SlotOf(o)).ToArray(), []));
        }
    }

    private static Dictionary<string, List<OnnxNode>> Consumers(List<OnnxNode> order)
    {
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
        return consumers;
    }

    // MatMul + Add (+ Relu) with constant weights run as one kernel, as exported MLP layers are written.
    private bool TryFuseDense(OnnxNode node, Dictionary<string, List<OnnxNode>> consumers, HashSet<string> graphOutputs, HashSet<OnnxNode> absorbed)
    {
        if (FusedDense.TryFuse(node, Constant, name => consumers.TryGetValue(name, out var list) ? list : [], graphOutputs) is not { } fused
            || _constants.ContainsKey(node.Inputs[0]))
        {
            return false;
        }
        foreach (var n in fused.Absorbed)
        {
            absorbed.Add(n);
        }
        _types[fused.Output] = _constants[node.Inputs[1]].ElementType;
        _steps.Add(new PlanStep(fused.Kernel, node, [SlotOf(node.Inputs[0])], [SlotOf(fused.Output)], []));
        return true;
    }

    private Kernel CreateKernel(OnnxNode node)
    {
        var domain = DomainKey(node.Domain);
        var version = ImportedOpset(node, domain);
        var inputTypes = node.Inputs.Select(i => i.Length > 0 && _types.TryGetValue(i, out var t) ? t : null).ToArray();
        var context = new NodeContext(node, version, _source, Constant, inputTypes);
        var kernel = KernelRegistry.Create(domain, context);
        for (var i = 0; i < node.Outputs.Count; i++)
        {
            if (node.Outputs[i].Length > 0)
            {
                _types[node.Outputs[i]] = i < context.OutputTypes.Length ? context.OutputTypes[i] : null;
            }
        }
        return kernel;
    }

    private long ImportedOpset(OnnxNode node, string domain)
    {
        if (_opsets.TryGetValue(domain, out var version))
        {
            return version;
        }
        // ONNX lets models omit the ai.onnx.ml import in old exports; the default ai.onnx one is required.
        if (domain == "ai.onnx.ml")
        {
            return 1;
        }
        throw new MlOpsException($"{NodeNames.Label(node)} uses domain '{(domain.Length == 0 ? "ai.onnx" : domain)}', which the model does not import (no opset_import entry).",
            _source, fix: "Re-export the model; its opset imports are incomplete.");
    }

    // Constant folding for nodes whose inputs are all constant (Constant itself, shape arithmetic on
    // initializers): later nodes then see the values at load time, as Reshape/Slice/Squeeze need.
    // True when every output was folded, so the node needs no step.
    private bool TryFold(OnnxNode node, Kernel kernel)
    {
        if (!node.Inputs.All(i => i.Length == 0 || _constants.ContainsKey(i)))
        {
            return false;
        }
        var outputs = NodeRunner.Run(kernel, node, node.Inputs.Select(i => i.Length == 0 ? null : (OnnxValue)_constants[i]).ToArray(), _source);
        for (var i = 0; i < node.Outputs.Count && i < outputs.Length; i++)
        {
            if (node.Outputs[i].Length > 0 && outputs[i] is Tensor folded)
            {
                _constants[node.Outputs[i]] = folded;
                _types[node.Outputs[i]] = folded.ElementType;
            }
        }
        return node.Outputs.All(o => o.Length == 0 || _constants.ContainsKey(o));
    }

    private (string Name, int Slot)[] BindOutputs()
    {
        foreach (var output in _graph.Outputs)
        {
            if (!_slots.ContainsKey(output.Name) && !_constants.ContainsKey(output.Name))
            {
                throw new MlOpsException($"Graph output '{output.Name}' is not produced by any node, input or initializer.", _source,
                    fix: "Re-export the model; its outputs do not match its nodes.");
            }
        }
        return _graph.Outputs.Select(o => (o.Name, SlotOf(o.Name))).ToArray();
    }

    // Only the constants something reads are kept.
    private (int Slot, Tensor Value)[] LiveConstants() =>
        _constants.Where(c => _slots.ContainsKey(c.Key)).Select(c => (_slots[c.Key], c.Value)).ToArray();
}
