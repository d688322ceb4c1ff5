using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Governance.Json;

/// <summary>
/// Writes JSON deterministically. <see cref="Canonical"/> is the manifest form: object keys sorted ordinally,
/// no insignificant whitespace, UTF-8 without BOM. <see cref="Indented"/> is the human form used for cards and
/// reports: two-space indentation, LF line ends, keys in the order the caller inserted them.
/// Doubles are written in their shortest round-trippable form; non-finite doubles are refused.
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

    private static readonly JsonWriterOptions IndentedOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Canonical bytes: sorted keys, no whitespace, UTF-8.</summary>
    public static byte[] Canonical(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            Write(writer, node, sortKeys: true);
        }
        return buffer.ToArray();
    }

    /// <summary>Indented bytes (two spaces, LF, trailing LF), keys in insertion order.</summary>
    public static byte[] Indented(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, IndentedOptions))
        {
            Write(writer, node, sortKeys: false);
        }
        // net8's writer uses Environment.NewLine; strings never contain a raw CR (it is escaped), so this is safe.
        var text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text + "\n");
    }

    /// <summary>Indented JSON as a string (see <see cref="Indented"/>).</summary>
    public static string IndentedString(JsonNode? node) => Encoding.UTF8.GetString(Indented(node));

    private static void Write(Utf8JsonWriter writer, JsonNode? node, bool sortKeys)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                IEnumerable<KeyValuePair<string, JsonNode?>> properties = obj;
                if (sortKeys)
                {
                    properties = obj.OrderBy(p => p.Key, StringComparer.Ordinal);
                }
                foreach (var (key, value) in properties)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value, sortKeys);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item, sortKeys);
                }
                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON node {node.GetType().Name}.");
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        if (value.TryGetValue<string>(out var s))
        {
            writer.WriteStringValue(s);
        }
        else if (value.TryGetValue<bool>(out var b))
        {
            writer.WriteBooleanValue(b);
        }
        else if (value.TryGetValue<long>(out var l))
        {
            writer.WriteNumberValue(l);
        }
        else if (value.TryGetValue<int>(out var i))
        {
            writer.WriteNumberValue(i);
        }
        else if (value.TryGetValue<double>(out var d))
        {
            WriteDouble(writer, d);
        }
        else if (value.TryGetValue<float>(out var f))
        {
            WriteDouble(writer, f);
        }
        else if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(writer, element);
        }
        else
        {
            // Anything else (decimal, ulong, ...) goes through the serializer's own deterministic path.
            value.WriteTo(writer);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (!double.IsFinite(d))
        {
            throw new InvalidOperationException($"JSON cannot hold the non-finite number {d.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            writer.WriteNumberValue((long)d);
            return;
        }
        writer.WriteRawValue(d.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: false);
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        // Elements from parsed documents: re-walk them so objects are sorted like every other node.
        var node = element.ValueKind switch
        {
            JsonValueKind.Object => (JsonNode?)JsonObject.Create(element),
            JsonValueKind.Array => JsonArray.Create(element),
            _ => null,
        };
        if (node is not null)
        {
            Write(writer, node, sortKeys: true);
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
