using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Serialization;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// A JSON value in the audit log's canonical form, <see cref="JsonForm.Audit"/>: UTF-8, no insignificant whitespace,
/// object members in ordinal key order, doubles in shortest round-trip form, non-finite doubles as the strings
/// "NaN", "Infinity" and "-Infinity" (JSON has no literal for them). Input digests are sha256 of these bytes,
/// so an investigator can recompute a digest from a retained input. Written by the product's one JSON writer,
/// <see cref="CanonicalJson"/>.
/// </summary>
public sealed class AuditJson
{
    /// <summary>The writer settings every audit JSON value and record uses.</summary>
    internal static readonly JsonWriterOptions WriterOptions = CanonicalJson.WriterOptions(JsonForm.Audit);

    private readonly byte[] _utf8;

    private AuditJson(byte[] utf8) => _utf8 = utf8;

    /// <summary>JSON <c>null</c>.</summary>
    public static AuditJson Null { get; } = new("null"u8.ToArray());

    /// <summary>The canonical UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8;

    /// <summary>Builds a value with a writer; the callback must write exactly one JSON value.</summary>
    /// <remarks>Use <see cref="WriteNumber(Utf8JsonWriter, double)"/> for doubles so that non-finite values stay representable.</remarks>
    public static AuditJson Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
            writer.Flush();
            if (writer.CurrentDepth != 0 || buffer.WrittenCount == 0)
            {
                throw new ArgumentException("The callback must write exactly one complete JSON value.", nameof(write));
            }
        }
        return new AuditJson(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Canonicalises a <see cref="JsonNode"/> (null means JSON null): members sorted, doubles round-trip.</summary>
    public static AuditJson From(JsonNode? node) => node is null ? Null : new AuditJson(CanonicalJson.Write(node, JsonForm.Audit));

    /// <summary>A string value.</summary>
    public static AuditJson FromString(string? value) => value is null ? Null : Write(w => w.WriteStringValue(value));

    /// <summary>An array of doubles.</summary>
    public static AuditJson FromNumbers(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var v in copy)
            {
                WriteNumber(w, v);
            }
            w.WriteEndArray();
        });
    }

    /// <summary>Writes a double the canonical way: shortest round-trip, or a string for NaN and infinities.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value) => CanonicalJson.WriteNumber(writer, value, JsonForm.Audit);

    /// <summary>Writes a float as the float it is (shortest form of the float, so 0.1f stays 0.1).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, float value) => CanonicalJson.WriteNumber(writer, value, JsonForm.Audit);

    /// <summary>The JSON text.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(_utf8);
}
