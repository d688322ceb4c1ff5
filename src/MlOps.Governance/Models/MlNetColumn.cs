using System.Globalization;

namespace MlOps.Governance.Models;

/// <summary>
/// One column of an ML.NET model's input schema, as the binary IDV "Schema" entry describes it: the item type by the
/// name of its ML.NET codec (<c>Single</c>, <c>Double</c>, <c>Int32</c>, <c>Int64</c>, <c>Boolean</c>, <c>TextSpan</c> for
/// strings, <c>DateTime</c>, ...), a key type's cardinality, and a vector's dimensions.
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="ItemType">The codec name of the item type (for a key, of its underlying unsigned type: <c>UInt32</c>).</param>
/// <param name="KeyCount">For a key column, its cardinality; null otherwise.</param>
/// <param name="Dimensions">For a vector column, its dimensions (0 for a size that varies); null for a scalar.</param>
public sealed record MlNetColumn(string Name, string ItemType, ulong? KeyCount, IReadOnlyList<int>? Dimensions)
{
    private static readonly Dictionary<string, string> OnnxNames = new(StringComparer.Ordinal)
    {
        ["Single"] = "float", ["Double"] = "double", ["Int32"] = "int32", ["Int64"] = "int64", ["Boolean"] = "bool",
        ["TextSpan"] = "string", ["SByte"] = "int8", ["Byte"] = "uint8", ["Int16"] = "int16", ["UInt16"] = "uint16",
        ["UInt32"] = "uint32", ["UInt64"] = "uint64",
    };

    /// <summary>The item types a table can feed (the CSV binding's numbers, booleans and strings).</summary>
    private static readonly HashSet<string> Scorable = new(StringComparer.Ordinal) { "Single", "Double", "Int32", "Int64", "Boolean", "TextSpan" };

    /// <summary>Whether the column is a vector.</summary>
    public bool IsVector => Dimensions is not null;

    /// <summary>The number of items of a fixed-size vector (the product of its dimensions); 1 for a scalar; 0 when it varies.</summary>
    public int Width => Dimensions is null ? 1 : Dimensions.Aggregate(1, (a, d) => a * d);

    /// <summary>The type as ML.NET writes it: <c>Single</c>, <c>String</c>, <c>Key&lt;UInt32, 0-3&gt;</c>, <c>Vector&lt;Single, 2&gt;</c>.</summary>
    public string TypeText
    {
        get
        {
            var item = KeyCount is { } count
                ? $"Key<{ItemType}, 0-{(count - 1).ToString(CultureInfo.InvariantCulture)}>"
                : ItemType == "TextSpan" ? "String" : ItemType;
            return Dimensions is null ? item
                : $"Vector<{item}{string.Concat(Dimensions.Select(d => ", " + d.ToString(CultureInfo.InvariantCulture)))}>";
        }
    }

    /// <summary>
    /// Whether a table can feed this column: a scalar or a fixed-size vector of Single, Double, Int32, Int64, Boolean or
    /// String (no keys, dates, times or variable-size vectors).
    /// </summary>
    public bool IsScorable => KeyCount is null && Scorable.Contains(ItemType) && Width > 0;

    /// <summary>
    /// The ONNX element type name the column is exchanged as (<c>float</c>, <c>string</c>, ...); <c>key(uint32, 4)</c>
    /// for a key and <c>mlnet(DateTime)</c> for a type ONNX has no name for.
    /// </summary>
    public string ElementType => KeyCount is { } count
        ? $"key({Onnx(ItemType)}, {count.ToString(CultureInfo.InvariantCulture)})"
        : Onnx(ItemType);

    /// <summary>As a tensor signature: [N, 1] for a scalar, [N, width] for a vector (the batch dimension unknown).</summary>
    public TensorSignature ToSignature() =>
        new(Name, ElementType, [null, Dimensions is null ? 1L : Width == 0 ? null : (object)(long)Width]);

    private static string Onnx(string item) => OnnxNames.TryGetValue(item, out var name) ? name : $"mlnet({item})";
}
