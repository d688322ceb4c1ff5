using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.IO;

namespace MlOps.Governance.Evidence;

/// <summary>
/// Builds and writes evidence files: camelCase JSON, 2-space indented, LF line ends, a final newline, keys
/// in a fixed order, doubles in their shortest round-trip form, and never NaN or infinity (those become null).
/// </summary>
public static class EvidenceDocument
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The header every evidence file starts with: schema, kind, modelSha256, verdict.</summary>
    public static JsonObject Create(string kind, string? modelSha256, string verdict) => new()
    {
        ["schema"] = EvidenceKinds.SchemaOf(kind),
        ["kind"] = kind,
        ["modelSha256"] = modelSha256,
        ["verdict"] = verdict,
    };

    /// <summary>A JSON number, or null when <paramref name="value"/> is NaN or infinite (JSON has neither).</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>A JSON number, or null.</summary>
    public static JsonNode? Number(double? value) => value is { } v ? Number(v) : null;

    /// <summary>
    /// The data an evidence file is about, the same way in every kind: <c>{ file, sha256, rows }</c>. The file is a
    /// bare name (never a folder or a temporary file: evidence bytes must not depend on the machine); the sha256
    /// identifies the bytes (null when not computed).
    /// </summary>
    public static JsonObject DataReference(string file, string? sha256, long rows) => new()
    {
        ["file"] = Path.GetFileName(file),
        ["sha256"] = sha256,
        ["rows"] = rows,
    };

    /// <summary>A JSON array of numbers (non-finite values become null).</summary>
    public static JsonArray Numbers(IEnumerable<double> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add(Number(v));
        }
        return array;
    }

    /// <summary>The exact bytes of <paramref name="document"/> as written to disk.</summary>
    public static byte[] ToBytes(JsonNode document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            document.WriteTo(writer);
        }
        // Utf8JsonWriter indents with Environment.NewLine before .NET 9: normalise to LF for byte-identical files everywhere.
        var text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    /// <exception cref="MlOpsException">The output folder is missing or not writable.</exception>
    public static void Write(string path, JsonNode document) => AtomicFile.Write(path, ToBytes(document));
}
