namespace MlOps.Onnx;

/// <summary>
/// A computation graph (ONNX <c>GraphProto</c>): the model's main graph or a subgraph attribute.
/// Immutable and thread-safe; build one with an object initializer for subgraphs.
/// </summary>
public sealed class OnnxGraph
{
    private readonly IReadOnlyList<OnnxNode> _nodes = FrozenList<OnnxNode>.Empty;
    private readonly IReadOnlyList<OnnxTensor> _initializers = FrozenList<OnnxTensor>.Empty;
    private readonly IReadOnlyList<OnnxValueInfo> _inputs = FrozenList<OnnxValueInfo>.Empty;
    private readonly IReadOnlyList<OnnxValueInfo> _outputs = FrozenList<OnnxValueInfo>.Empty;
    private readonly IReadOnlyList<OnnxValueInfo> _valueInfo = FrozenList<OnnxValueInfo>.Empty;

    /// <summary>The graph's name; "" when absent.</summary>
    public string Name { get; init; } = "";

    /// <summary>The nodes in file order (ONNX requires topological order, but files do not always keep it).</summary>
    public IReadOnlyList<OnnxNode> Nodes { get => _nodes; init => _nodes = FrozenList<OnnxNode>.Of(value); }

    /// <summary>Constant tensors (weights), by name.</summary>
    public IReadOnlyList<OnnxTensor> Initializers { get => _initializers; init => _initializers = FrozenList<OnnxTensor>.Of(value); }

    /// <summary>
    /// The graph inputs. Before IR version 4 initializers were also listed here; use
    /// <see cref="RuntimeInputs"/> for the inputs a caller must feed.
    /// </summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get => _inputs; init => _inputs = FrozenList<OnnxValueInfo>.Of(value); }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get => _outputs; init => _outputs = FrozenList<OnnxValueInfo>.Of(value); }

    /// <summary>Types of intermediate values, where the file records them.</summary>
    public IReadOnlyList<OnnxValueInfo> ValueInfo { get => _valueInfo; init => _valueInfo = FrozenList<OnnxValueInfo>.Of(value); }

    /// <summary>The documentation string; "" when absent.</summary>
    public string DocString { get; init; } = "";

    /// <summary>Fields this reader does not model (sparse initializers, quantization annotations, metadata), kept byte for byte.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>The inputs that are not also initializers: what a caller has to supply.</summary>
    public IEnumerable<OnnxValueInfo> RuntimeInputs
    {
        get
        {
            var constants = new HashSet<string>(_initializers.Select(i => i.Name), StringComparer.Ordinal);
            return _inputs.Where(i => !constants.Contains(i.Name));
        }
    }
}
