using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// A JSON value in the audit log's canonical form: UTF-8, no insignificant whitespace, object members
/// in ordinal key order, doubles in shortest round-trip form, non-finite doubles as the strings
/// "NaN", "Infinity" and "-Infinity" (JSON has no literal for them). Input digests are sha256 of these bytes,
/// so an investigator can recompute a digest from a retained input.
/// </summary>
public sealed class AuditJson
{
    /// <summary>The writer settings every audit JSON value and record uses.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        // Relaxed escaping keeps names and text readable; the log is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

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
    public static AuditJson From(JsonNode? node) => node is null ? Null : Write(w => WriteCanonical(w, node));

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
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Writes a float as the double it denotes exactly (shortest form of the float, so 0.1f stays 0.1).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (float.IsFinite(value))
        {
            // The float's own shortest round-trip text, so the log shows what the model produced, not its
            // double widening (0.1f, not 0.10000000149011612). Formatted straight to UTF-8: no string per value.
            Span<byte> utf8 = stackalloc byte[32];
            if (!value.TryFormat(utf8, out var written, default, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("A float's shortest form did not fit 32 bytes.");
            }
            writer.WriteRawValue(utf8[..written], skipInputValidation: true);
        }
        else
        {
            WriteNumber(writer, (double)value);
        }
    }

    /// <summary>The JSON text.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(_utf8);

    private static void WriteCanonical(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject obj:
                w.WriteStartObject();
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(pair.Key);
                    WriteCanonical(w, pair.Value);
                }
                w.WriteEndObject();
                break;
            case JsonArray array:
                w.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(w, item);
                }
                w.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(w, value);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter w, JsonValue value)
    {
        if (value.TryGetValue<double>(out var d)) { WriteNumber(w, d); return; }
        if (value.TryGetValue<float>(out var f)) { WriteNumber(w, f); return; }
        if (value.TryGetValue<long>(out var l)) { w.WriteNumberValue(l); return; }
        if (value.TryGetValue<int>(out var i)) { w.WriteNumberValue(i); return; }
        if (value.TryGetValue<decimal>(out var m)) { w.WriteNumberValue(m); return; }
        if (value.TryGetValue<bool>(out var b)) { w.WriteBooleanValue(b); return; }
        if (value.TryGetValue<string>(out var s)) { w.WriteStringValue(s); return; }
        if (value.TryGetValue<JsonElement>(out var e))
        {
            WriteCanonical(w, e);
            return;
        }
        // Any other CLR value: let System.Text.Json write it, then canonicalise the result.
        using var doc = JsonDocument.Parse(value.ToJsonString());
        WriteCanonical(w, doc.RootElement);
    }

    private static void WriteCanonical(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    WriteCanonical(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    WriteCanonical(w, item);
                }
                w.WriteEndArray();
                break;
            case JsonValueKind.Number:
                if (e.TryGetInt64(out var l)) { w.WriteNumberValue(l); }
                else { WriteNumber(w, e.GetDouble()); }
                break;
            case JsonValueKind.String:
                w.WriteStringValue(e.GetString());
                break;
            case JsonValueKind.True:
                w.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                w.WriteBooleanValue(false);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }
}
