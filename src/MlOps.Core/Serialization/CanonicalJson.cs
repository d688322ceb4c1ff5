using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Serialization;

/// <summary>
/// The one JSON writer of the product: every manifest, card, evidence file and audit record is written here, in
/// one of the forms of <see cref="JsonForm"/>. The product hashes its JSON (the artefact digest is the sha256 of
/// manifest.json; audit records chain sha256 digests), so the rules live in one place and are written down.
/// </summary>
public static class CanonicalJson
{
    // Relaxed escaping keeps non-ASCII text readable; the set of escaped characters is fixed, so bytes are stable.
    private static readonly JsonWriterOptions CompactOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private static readonly JsonWriterOptions IndentedOptions = CompactOptions with { Indented = true };

    /// <summary>The writer settings of <paramref name="form"/>, for callers that stream with their own <see cref="Utf8JsonWriter"/>.</summary>
    public static JsonWriterOptions WriterOptions(JsonForm form) => form.Indented ? IndentedOptions : CompactOptions;

    /// <summary>The bytes of <paramref name="node"/> (null: JSON null) in <paramref name="form"/>.</summary>
    /// <exception cref="InvalidOperationException">A non-finite number where the form refuses them.</exception>
    public static byte[] Write(JsonNode? node, JsonForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(form)))
        {
            WriteNode(writer, node, form);
        }
        if (!form.Indented)
        {
            return buffer.ToArray();
        }
        // net8's writer indents with Environment.NewLine; strings never hold a raw CR (it is escaped), so this is safe.
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Replace("\r\n", "\n", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text + "\n");
    }

    /// <summary>The manifest form (<see cref="JsonForm.Manifest"/>): sorted keys, no whitespace.</summary>
    public static byte[] Canonical(JsonNode? node) => Write(node, JsonForm.Manifest);

    /// <summary>The document form (<see cref="JsonForm.Document"/>): two spaces, LF, trailing LF, keys in insertion order.</summary>
    public static byte[] Indented(JsonNode? node) => Write(node, JsonForm.Document);

    /// <summary>The document form as a string.</summary>
    public static string IndentedString(JsonNode? node) => Encoding.UTF8.GetString(Indented(node));

    /// <summary>Writes <paramref name="node"/> with <paramref name="writer"/> in <paramref name="form"/>.</summary>
    public static void WriteNode(Utf8JsonWriter writer, JsonNode? node, JsonForm form)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                IEnumerable<KeyValuePair<string, JsonNode?>> members = form.SortKeys ? obj.OrderBy(p => p.Key, StringComparer.Ordinal) : obj;
                foreach (var (key, value) in members)
                {
                    writer.WritePropertyName(key);
                    WriteNode(writer, value, form);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNode(writer, item, form);
                }
                writer.WriteEndArray();
                break;
            case JsonValue value when form.Numbers == NumberSpelling.IntegersFirst:
                WriteIntegersFirst(writer, value, form);
                break;
            case JsonValue value:
                WriteShortest(writer, value, form);
                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON node {node.GetType().Name}.");
        }
    }

    /// <summary>Writes a double as <paramref name="form"/> spells numbers (and treats NaN and the infinities).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value, JsonForm form)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
        {
            WriteNonFinite(writer, value, form);
        }
        else if (form.Numbers == NumberSpelling.IntegersFirst && value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            writer.WriteNumberValue((long)value);
        }
        else if (form.Numbers == NumberSpelling.IntegersFirst)
        {
            // double.ToString("R"), as manifests and cards have always been written (Utf8JsonWriter gives the same
            // digits on the runtimes tested; CanonicalJsonTests pins both).
            writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: false);
        }
        else
        {
            // The writer's shortest round-trip text, as evidence and audit records have always been written.
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>
    /// Writes a float: in <see cref="NumberSpelling.Shortest"/> as the float's own shortest text (what the model
    /// produced: 0.1f is 0.1, not 0.10000000149011612), otherwise as the double it widens to.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter writer, float value, JsonForm form)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (form.Numbers != NumberSpelling.Shortest || !float.IsFinite(value))
        {
            WriteNumber(writer, (double)value, form);
            return;
        }
        // Formatted straight to UTF-8: no string per value on the audit log's hot path.
        Span<byte> utf8 = stackalloc byte[32];
        if (!value.TryFormat(utf8, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A float's shortest form did not fit 32 bytes.");
        }
        writer.WriteRawValue(utf8[..written], skipInputValidation: true);
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, double value, JsonForm form)
    {
        switch (form.NonFinite)
        {
            case NonFiniteNumbers.Null:
                writer.WriteNullValue();
                break;
            case NonFiniteNumbers.String:
                writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
                break;
            default:
                throw new InvalidOperationException($"JSON cannot hold the non-finite number {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    // The order of the checks is part of the form: a value backed by a parsed JsonElement answers several of them.
    private static void WriteIntegersFirst(Utf8JsonWriter writer, JsonValue value, JsonForm form)
    {
        if (value.TryGetValue<string>(out var s)) { writer.WriteStringValue(s); }
        else if (value.TryGetValue<bool>(out var b)) { writer.WriteBooleanValue(b); }
        else if (value.TryGetValue<long>(out var l)) { writer.WriteNumberValue(l); }
        else if (value.TryGetValue<int>(out var i)) { writer.WriteNumberValue(i); }
        else if (value.TryGetValue<double>(out var d)) { WriteNumber(writer, d, form); }
        else if (value.TryGetValue<float>(out var f)) { WriteNumber(writer, f, form); }
        else if (value.TryGetValue<JsonElement>(out var element)) { WriteElement(writer, element, form); }
        else
        {
            // Anything else (decimal, ulong, ...) goes through the serializer's own deterministic path.
            value.WriteTo(writer);
        }
    }

    private static void WriteShortest(Utf8JsonWriter writer, JsonValue value, JsonForm form)
    {
        if (value.TryGetValue<double>(out var d)) { WriteNumber(writer, d, form); }
        else if (value.TryGetValue<float>(out var f)) { WriteNumber(writer, f, form); }
        else if (value.TryGetValue<long>(out var l)) { writer.WriteNumberValue(l); }
        else if (value.TryGetValue<int>(out var i)) { writer.WriteNumberValue(i); }
        else if (value.TryGetValue<decimal>(out var m)) { writer.WriteNumberValue(m); }
        else if (value.TryGetValue<bool>(out var b)) { writer.WriteBooleanValue(b); }
        else if (value.TryGetValue<string>(out var s)) { writer.WriteStringValue(s); }
        else if (value.TryGetValue<JsonElement>(out var element)) { WriteElement(writer, element, form); }
        else
        {
            // Any other CLR value: let System.Text.Json write it, then write the result in this form.
            using var document = JsonDocument.Parse(value.ToJsonString());
            WriteElement(writer, document.RootElement, form);
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element, JsonForm form)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                IEnumerable<JsonProperty> properties = form.SortKeys ? element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal) : element.EnumerateObject();
                foreach (var p in properties)
                {
                    writer.WritePropertyName(p.Name);
                    WriteElement(writer, p.Value, form);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, form);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number when form.Numbers == NumberSpelling.IntegersFirst:
                // The number's own digits, as it was parsed.
                element.WriteTo(writer);
                break;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l)) { writer.WriteNumberValue(l); }
                else { WriteNumber(writer, element.GetDouble(), form); }
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
