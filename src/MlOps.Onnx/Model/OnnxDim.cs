namespace MlOps.Onnx;

/// <summary>
/// One dimension of a tensor shape: a fixed size (<see cref="Value"/>), a symbolic name such as "N"
/// (<see cref="Param"/>), or neither (unknown). Converts implicitly from numbers and strings so that
/// shapes read naturally: <c>Tensor(OnnxDataType.Float, "N", 4)</c>.
/// </summary>
public readonly record struct OnnxDim
{
    /// <summary>The fixed size, when the dimension has one.</summary>
    public long? Value { get; init; }

    /// <summary>The symbolic name, when the dimension has one.</summary>
    public string? Param { get; init; }

    /// <summary>The optional dimension denotation (for example "DATA_BATCH"); "" when absent.</summary>
    public string Denotation { get => _denotation ?? ""; init => _denotation = value; }

    private readonly string? _denotation;

    /// <summary>An unknown dimension (neither size nor name).</summary>
    public static OnnxDim Unknown => default;

    /// <summary>A fixed-size dimension.</summary>
    public static OnnxDim Fixed(long value) => new() { Value = value };

    /// <summary>A symbolic dimension.</summary>
    public static OnnxDim Symbolic(string param) => new() { Param = param };

    /// <summary>True when neither a size nor a name is known.</summary>
    public bool IsUnknown => Value is null && Param is null;

    /// <summary>A fixed-size dimension.</summary>
    public static implicit operator OnnxDim(long value) => Fixed(value);

    /// <summary>A fixed-size dimension.</summary>
    public static implicit operator OnnxDim(int value) => Fixed(value);

    /// <summary>A symbolic dimension.</summary>
    public static implicit operator OnnxDim(string param) => Symbolic(param);

    /// <summary>The size, the name or "?".</summary>
    public override string ToString() =>
        Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : Param ?? "?";

    /// <summary>Dimensions are equal when size, name and denotation are.</summary>
    public bool Equals(OnnxDim other) =>
        Value == other.Value && Param == other.Param && Denotation == other.Denotation;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Param, Denotation);
}
