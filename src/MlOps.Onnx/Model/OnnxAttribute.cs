using System.Text;

namespace MlOps.Onnx;

/// <summary>
/// A named node attribute (ONNX <c>AttributeProto</c>). <see cref="Type"/> says which value field is
/// meaningful; create attributes with the <c>Of</c> factories. Immutable and thread-safe.
/// </summary>
public sealed class OnnxAttribute
{
    private IReadOnlyList<ReadOnlyMemory<byte>> _stringsBytes = FrozenList<ReadOnlyMemory<byte>>.Empty;
    private IReadOnlyList<string>? _strings;

    internal OnnxAttribute(string name, OnnxAttributeType type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The attribute's name, for example "coefficients".</summary>
    public string Name { get; }

    /// <summary>Which value field holds the value.</summary>
    public OnnxAttributeType Type { get; internal init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Float"/> attribute.</summary>
    public float Float { get; internal init; }

    /// <summary>The value of an <see cref="OnnxAttributeType.Int"/> attribute.</summary>
    public long Int { get; internal init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.String"/> attribute, decoded as UTF-8.</summary>
    public string String => Encoding.UTF8.GetString(StringBytes.Span);

    /// <summary>The raw bytes of a <see cref="OnnxAttributeType.String"/> attribute (ONNX strings are bytes).</summary>
    public ReadOnlyMemory<byte> StringBytes { get; internal init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Tensor"/> attribute.</summary>
    public OnnxTensor? Tensor { get; internal init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Graph"/> attribute (a subgraph such as an If branch).</summary>
    public OnnxGraph? Graph { get; internal init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Floats"/> attribute.</summary>
    public IReadOnlyList<float> Floats { get; internal init; } = FrozenList<float>.Empty;

    /// <summary>The value of an <see cref="OnnxAttributeType.Ints"/> attribute.</summary>
    public IReadOnlyList<long> Ints { get; internal init; } = FrozenList<long>.Empty;

    /// <summary>The value of a <see cref="OnnxAttributeType.Strings"/> attribute, decoded as UTF-8.</summary>
    public IReadOnlyList<string> Strings =>
        _strings ??= FrozenList<string>.Own(_stringsBytes.Select(b => Encoding.UTF8.GetString(b.Span)).ToArray());

    /// <summary>The raw bytes of a <see cref="OnnxAttributeType.Strings"/> attribute.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> StringsBytes { get => _stringsBytes; internal init => _stringsBytes = value; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Tensors"/> attribute.</summary>
    public IReadOnlyList<OnnxTensor> Tensors { get; internal init; } = FrozenList<OnnxTensor>.Empty;

    /// <summary>The value of a <see cref="OnnxAttributeType.Graphs"/> attribute.</summary>
    public IReadOnlyList<OnnxGraph> Graphs { get; internal init; } = FrozenList<OnnxGraph>.Empty;

    /// <summary>For attributes inside functions: the name of the function attribute this one refers to; "" otherwise.</summary>
    public string RefAttrName { get; internal init; } = "";

    /// <summary>The documentation string; "" when absent.</summary>
    public string DocString { get; internal init; } = "";

    /// <summary>Fields this reader does not model (sparse tensors, type protos), kept byte for byte.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Of(string name, float value) => new(name, OnnxAttributeType.Float) { Float = value };

    /// <summary>A float attribute (ONNX attributes are single precision; the value is rounded).</summary>
    public static OnnxAttribute Of(string name, double value) => Of(name, (float)value);

    /// <summary>An integer attribute (also use it for booleans: 0 or 1).</summary>
    public static OnnxAttribute Of(string name, long value) => new(name, OnnxAttributeType.Int) { Int = value };

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute Of(string name, string value) =>
        new(name, OnnxAttributeType.String) { StringBytes = Encoding.UTF8.GetBytes(value) };

    /// <summary>A tensor attribute.</summary>
    public static OnnxAttribute Of(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor) { Tensor = value };

    /// <summary>A subgraph attribute.</summary>
    public static OnnxAttribute Of(string name, OnnxGraph value) => new(name, OnnxAttributeType.Graph) { Graph = value };

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Of(string name, IEnumerable<float> values) =>
        new(name, OnnxAttributeType.Floats) { Floats = FrozenList<float>.Of(values) };

    /// <summary>A list-of-floats attribute from doubles (each rounded to single precision).</summary>
    public static OnnxAttribute Of(string name, IEnumerable<double> values) => Of(name, values.Select(v => (float)v));

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Of(string name, IEnumerable<long> values) =>
        new(name, OnnxAttributeType.Ints) { Ints = FrozenList<long>.Of(values) };

    /// <summary>A list-of-integers attribute from 32-bit integers.</summary>
    public static OnnxAttribute Of(string name, IEnumerable<int> values) => Of(name, values.Select(v => (long)v));

    /// <summary>A list-of-strings attribute.</summary>
    public static OnnxAttribute Of(string name, IEnumerable<string> values) =>
        new(name, OnnxAttributeType.Strings)
        {
            StringsBytes = FrozenList<ReadOnlyMemory<byte>>.Own(values.Select(v => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(v)).ToArray()),
        };

    /// <summary>A list-of-tensors attribute.</summary>
    public static OnnxAttribute Of(string name, IEnumerable<OnnxTensor> values) =>
        new(name, OnnxAttributeType.Tensors) { Tensors = FrozenList<OnnxTensor>.Of(values) };

    /// <summary>A list-of-subgraphs attribute.</summary>
    public static OnnxAttribute Of(string name, IEnumerable<OnnxGraph> values) =>
        new(name, OnnxAttributeType.Graphs) { Graphs = FrozenList<OnnxGraph>.Of(values) };

    /// <summary>"name=value" for diagnostics.</summary>
    public override string ToString() => Type switch
    {
        OnnxAttributeType.Float => $"{Name}={Float.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
        OnnxAttributeType.Int => $"{Name}={Int.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        OnnxAttributeType.String => $"{Name}=\"{String}\"",
        _ => $"{Name}:{Type}",
    };
}
