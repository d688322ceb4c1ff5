using System.Text.Json.Nodes;
using MlOps.IO;
using MlOps.Serialization;

namespace MlOps.Governance.Evidence;

/// <summary>
/// Builds and writes evidence files: camelCase JSON in <see cref="JsonForm.Evidence"/> (2-space indented, LF line
/// ends, a final newline, keys in a fixed order, doubles in their shortest round-trip form, and never NaN or
/// infinity: those become null).
/// </summary>
public static class EvidenceDocument
{
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

    /// <summary>The exact bytes of <paramref name="document"/> as written to disk (<see cref="JsonForm.Evidence"/>).</summary>
    public static byte[] ToBytes(JsonNode document) => CanonicalJson.Write(document, JsonForm.Evidence);

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    /// <exception cref="MlOpsException">The output folder is missing or not writable.</exception>
    public static void Write(string path, JsonNode document) => AtomicFile.Write(path, ToBytes(document));
}
