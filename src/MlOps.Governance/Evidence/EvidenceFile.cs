using System.Text.Json;
using MlOps.Diagnostics;
using MlOps.Hashing;

namespace MlOps.Governance.Evidence;

/// <summary>
/// One evidence file (COMMON contract): a JSON object with <c>schema</c> "mlops.evidence.&lt;kind&gt;/v1",
/// <c>kind</c>, <c>modelSha256</c> (or null for data-only evidence) and <c>verdict</c>, then kind-specific content.
/// In an artefact it is the member evidence/&lt;kind&gt;.json, byte for byte as the stage wrote it.
/// </summary>
public sealed class EvidenceFile
{
    /// <summary>The kinds the contract defines.</summary>
    public static IReadOnlyList<string> Kinds => EvidenceKinds.All;

    /// <summary>The verdicts the contract defines.</summary>
    public static IReadOnlyList<string> Verdicts { get; } = ["passed", "failed", "info"];

    private EvidenceFile(string source, byte[] bytes, JsonElement root, string kind, string schema, string? modelSha256, string verdict)
    {
        Source = source;
        Bytes = bytes;
        Root = root;
        Kind = kind;
        Schema = schema;
        ModelSha256 = modelSha256;
        Verdict = verdict;
        Sha256 = Sha256Hex.Of(bytes);
    }

    /// <summary>Where it was read from (a file path, or "artefact!evidence/x.json").</summary>
    public string Source { get; }

    /// <summary>The file's bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>The parsed document's root object.</summary>
    public JsonElement Root { get; }

    /// <summary>The kind ("evaluation", "fairness", ...).</summary>
    public string Kind { get; }

    /// <summary>The schema id.</summary>
    public string Schema { get; }

    /// <summary>The source-model digest the evidence is about, or null for data-only evidence.</summary>
    public string? ModelSha256 { get; }

    /// <summary>"passed", "failed" or "info".</summary>
    public string Verdict { get; }

    /// <summary>sha256 of <see cref="Bytes"/>.</summary>
    public string Sha256 { get; }

    /// <summary>The member path inside an artefact.</summary>
    public string MemberPath => $"evidence/{Kind}.json";

    /// <summary>Reads and validates an evidence file from disk (MLOPS111 when malformed).</summary>
    public static EvidenceFile Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Validates evidence bytes (MLOPS111 when malformed, with line and column where JSON breaks).</summary>
    public static EvidenceFile Parse(byte[] bytes, string source)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new MlOpsException($"The evidence file is not valid JSON: {e.Message}", file: source,
                line: e.LineNumber + 1, column: e.BytePositionInLine + 1,
                fix: "Regenerate the evidence with the pipeline stage that writes it.",
                diagnostic: DiagnosticCatalog.EvidenceMalformed, inner: e);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(source, "the top level is not a JSON object");
        }
        var kind = RequiredString(root, "kind", source);
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            throw Malformed(source, $"'kind' is '{kind}'; allowed: {string.Join(", ", Kinds)}");
        }
        var schema = RequiredString(root, "schema", source);
        if (schema != $"mlops.evidence.{kind}/v1")
        {
            throw Malformed(source, $"'schema' is '{schema}' but kind '{kind}' needs 'mlops.evidence.{kind}/v1'");
        }
        var verdict = RequiredString(root, "verdict", source);
        if (!Verdicts.Contains(verdict, StringComparer.Ordinal))
        {
            throw Malformed(source, $"'verdict' is '{verdict}'; allowed: {string.Join(", ", Verdicts)}");
        }
        if (!root.TryGetProperty("modelSha256", out var sha))
        {
            throw Malformed(source, "'modelSha256' is missing (null is allowed for data-only evidence)");
        }
        string? modelSha256 = null;
        if (sha.ValueKind == JsonValueKind.String)
        {
            modelSha256 = sha.GetString()!;
            if (modelSha256.Length != 64 || !modelSha256.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                throw Malformed(source, "'modelSha256' is not 64 lowercase hex digits");
            }
        }
        else if (sha.ValueKind != JsonValueKind.Null)
        {
            throw Malformed(source, "'modelSha256' must be a string or null");
        }
        return new EvidenceFile(source, bytes, root, kind, schema, modelSha256, verdict);
    }

    /// <summary>Throws MLOPS110 when the evidence names another model than <paramref name="sourceModelSha256"/>.</summary>
    public void EnsureAbout(string sourceModelSha256, string modelPath)
    {
        if (ModelSha256 is not null && ModelSha256 != sourceModelSha256)
        {
            throw new MlOpsException(
                $"The {Kind} evidence was produced for model {ModelSha256}, but {Path.GetFileName(modelPath)} is {sourceModelSha256}.",
                file: Source,
                fix: "Re-run the pipeline stage for the current model (evidence must come from the model being packaged), or remove the stale file.",
                diagnostic: DiagnosticCatalog.EvidenceFromAnotherModel);
        }
    }

    private static string RequiredString(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Malformed(source, $"'{name}' is missing or not a string");

    private static MlOpsException Malformed(string source, string why) =>
        new($"The evidence file is malformed: {why}.", file: source,
            fix: "Regenerate it with the pipeline stage that writes it; evidence files follow docs/artefact-format.md (schema, kind, modelSha256, verdict).",
            diagnostic: DiagnosticCatalog.EvidenceMalformed);
}
