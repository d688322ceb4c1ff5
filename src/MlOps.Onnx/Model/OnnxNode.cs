namespace MlOps.Onnx;

/// <summary>
/// One operator call in a graph (ONNX <c>NodeProto</c>). An input name "" marks an omitted optional
/// input. Immutable and thread-safe.
/// </summary>
public sealed class OnnxNode
{
    private readonly IReadOnlyList<string> _inputs = FrozenList<string>.Empty;
    private readonly IReadOnlyList<string> _outputs = FrozenList<string>.Empty;
    private readonly IReadOnlyList<OnnxAttribute> _attributes = FrozenList<OnnxAttribute>.Empty;

    /// <summary>Creates a node; set <see cref="Name"/>, <see cref="Domain"/> and <see cref="DocString"/> with an object initializer.</summary>
    public OnnxNode(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, IEnumerable<OnnxAttribute>? attributes = null)
    {
        OpType = opType;
        _inputs = FrozenList<string>.Of(inputs);
        _outputs = FrozenList<string>.Of(outputs);
        _attributes = FrozenList<OnnxAttribute>.Of(attributes);
    }

    /// <summary>The node's name; "" when the file gives none.</summary>
    public string Name { get; init; } = "";

    /// <summary>The operator, for example "Gemm" or "TreeEnsembleClassifier".</summary>
    public string OpType { get; init; }

    /// <summary>The operator domain: "" (ai.onnx) or, for example, "ai.onnx.ml".</summary>
    public string Domain { get; init; } = "";

    /// <summary>Input value names in order ("" for an omitted optional input).</summary>
    public IReadOnlyList<string> Inputs { get => _inputs; init => _inputs = FrozenList<string>.Of(value); }

    /// <summary>Output value names in order.</summary>
    public IReadOnlyList<string> Outputs { get => _outputs; init => _outputs = FrozenList<string>.Of(value); }

    /// <summary>Attributes in file order.</summary>
    public IReadOnlyList<OnnxAttribute> Attributes { get => _attributes; init => _attributes = FrozenList<OnnxAttribute>.Of(value); }

    /// <summary>The documentation string; "" when absent.</summary>
    public string DocString { get; init; } = "";

    /// <summary>Fields this reader does not model (overload, metadata_props), kept byte for byte.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>The attribute with this name, or null.</summary>
    public OnnxAttribute? Attribute(string name)
    {
        foreach (var a in _attributes)
        {
            if (a.Name == name)
            {
                return a;
            }
        }

        return null;
    }

    /// <summary>"domain:OpType(name)" for diagnostics.</summary>
    public override string ToString() =>
        (Domain.Length == 0 ? "" : Domain + ":") + OpType + (Name.Length == 0 ? "" : $" '{Name}'");
}
