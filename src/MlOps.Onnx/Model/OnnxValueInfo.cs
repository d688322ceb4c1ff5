namespace MlOps.Onnx;

/// <summary>A named, typed graph value: a graph input, output or intermediate (ONNX <c>ValueInfoProto</c>).</summary>
public sealed class OnnxValueInfo
{
    /// <summary>Creates a value description.</summary>
    public OnnxValueInfo(string name, OnnxTypeInfo? type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The value's name, unique in its graph.</summary>
    public string Name { get; init; }

    /// <summary>The value's type; null when the file does not say.</summary>
    public OnnxTypeInfo? Type { get; init; }

    /// <summary>The documentation string; "" when absent.</summary>
    public string DocString { get; init; } = "";

    /// <summary>Fields this reader does not model (for example metadata_props), kept byte for byte.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>"name: type".</summary>
    public override string ToString() => $"{Name}: {Type?.ToString() ?? "unknown"}";
}
