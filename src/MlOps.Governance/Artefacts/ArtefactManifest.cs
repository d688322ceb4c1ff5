using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Serialization;
using MlOps.Diagnostics;
using MlOps.Governance.Lineage;
using MlOps.Governance.Models;
using MlOps.Governance.Risk;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// manifest.json (docs/artefact-format.md): pins every member by sha256 and size and records the model's
/// signature, the source model and data-set digests, lineage, risk and the evidence index. Written as
/// canonical JSON; its sha256 is the artefact digest.
/// </summary>
public sealed record ArtefactManifest
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The SemVer 2 version.</summary>
    public required string Version { get; init; }

    /// <summary>The model's format and signature.</summary>
    public required ModelDescription Model { get; init; }

    /// <summary>sha256 of the source model file as trained (before the card was embedded): the ONNX file or the ML.NET .zip.</summary>
    public required string SourceModelSha256 { get; init; }

    /// <summary>Every member except manifest.json, ordinally sorted by path.</summary>
    public required IReadOnlyList<ManifestMember> Members { get; init; }

    /// <summary>The data sets, in the order given (training first, then evaluation).</summary>
    public IReadOnlyList<DataSetDigest> Data { get; init; } = [];

    /// <summary>Commit, dirty flag, timestamp, tool versions.</summary>
    public required ManifestLineage Lineage { get; init; }

    /// <summary>The risk assessment from the card.</summary>
    public required RiskAssessment Risk { get; init; }

    /// <summary>Evidence members with kind and verdict, ordinally sorted by path.</summary>
    public IReadOnlyList<ManifestEvidence> Evidence { get; init; } = [];

    /// <summary>The member called <paramref name="path"/>, or null.</summary>
    public ManifestMember? Member(string path) => Members.FirstOrDefault(m => m.Path == path);

    /// <summary>The canonical bytes.</summary>
    public byte[] ToCanonicalBytes() => CanonicalJson.Canonical(ToJson());

    /// <summary>The manifest as a JSON object (key order does not matter: serialization sorts).</summary>
    public JsonObject ToJson()
    {
        var model = new JsonObject
        {
            ["path"] = ArtefactPaths.ModelFor(Model.Format),
            ["format"] = Model.Format,
            ["irVersion"] = Model.IrVersion,
            ["opsets"] = new JsonArray(Model.Opsets.Select(o => (JsonNode)new JsonObject { ["domain"] = o.Domain, ["version"] = o.Version }).ToArray()),
            ["producer"] = new JsonObject { ["name"] = Model.ProducerName, ["version"] = Model.ProducerVersion },
            ["inputs"] = Signatures(Model.Inputs),
            ["outputs"] = Signatures(Model.Outputs),
            ["sourceSha256"] = SourceModelSha256,
        };
        var tools = new JsonObject();
        foreach (var (tool, version) in Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tools[tool] = version;
        }
        return new JsonObject
        {
            ["schema"] = ArtefactPaths.ManifestSchema,
            ["name"] = Name,
            ["version"] = Version,
            ["model"] = model,
            ["card"] = new JsonObject { ["markdown"] = ArtefactPaths.CardMarkdown, ["html"] = ArtefactPaths.CardHtml, ["json"] = ArtefactPaths.CardJson },
            ["members"] = new JsonArray(Members.Select(m => (JsonNode)new JsonObject { ["path"] = m.Path, ["sha256"] = m.Sha256, ["size"] = m.Size }).ToArray()),
            ["data"] = new JsonArray(Data.Select(d => (JsonNode)new JsonObject
            {
                ["role"] = d.RoleName, ["path"] = d.Path, ["sha256"] = d.Sha256, ["size"] = d.Size, ["rows"] = d.Rows,
            }).ToArray()),
            ["lineage"] = new JsonObject
            {
                ["commit"] = Lineage.Commit,
                ["dirty"] = Lineage.Dirty,
                ["sourceDateEpoch"] = Lineage.SourceDateEpoch,
                ["tools"] = tools,
            },
            ["risk"] = new JsonObject
            {
                ["probability"] = RiskWords.Of(Risk.Probability),
                ["severity"] = RiskWords.Of(Risk.Severity),
                ["level"] = RiskWords.Of(Risk.Level),
                ["euAiActCategory"] = RiskWords.Of(Risk.EuAiActCategory),
            },
            ["evidence"] = new JsonArray(Evidence.Select(e => (JsonNode)new JsonObject
            {
                ["path"] = e.Path, ["kind"] = e.Kind, ["verdict"] = e.Verdict, ["sha256"] = e.Sha256, ["modelSha256"] = e.ModelSha256,
            }).ToArray()),
        };
    }

    /// <summary>
    /// Parses manifest bytes; anything that is not a v1 manifest is MLOPS112 naming <paramref name="source"/>, never
    /// another exception: this is the one parser every command and the runtime read an artefact's manifest with,
    /// and the bytes may be damaged or hostile (invalid UTF-8 in a key, a duplicated key, a number where a string
    /// belongs).
    /// </summary>
    public static ArtefactManifest Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return ReadV1(bytes, source);
        }
        catch (JsonException e)
        {
            throw Bad(source, $"manifest.json is not valid JSON ({e.Message})");
        }
        // System.Text.Json reports invalid UTF-8 in a name and a wrong value kind as InvalidOperationException,
        // a duplicated key as ArgumentException, a number out of range as FormatException or OverflowException;
        // a missing value surfaces as NullReferenceException through the null-forgiving reads below.
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException
            or NullReferenceException or KeyNotFoundException or InvalidCastException)
        {
            throw Bad(source, $"manifest.json does not follow the v1 schema ({e.Message})");
        }
        catch (MlOpsException e) when (e.Diagnostic == DiagnosticCatalog.UnknownRiskWord)
        {
            throw Bad(source, $"manifest.json has an invalid risk ({e.Message})");
        }
    }

    private static ArtefactManifest ReadV1(byte[] bytes, string source)
    {
        var root = JsonNode.Parse(bytes) as JsonObject ?? throw Bad(source, "manifest.json is not a JSON object");
        var schema = Str(root, "schema", source);
        if (schema != ArtefactPaths.ManifestSchema)
        {
            throw Bad(source, $"manifest.json has schema '{schema}', not '{ArtefactPaths.ManifestSchema}'");
        }
        var model = Obj(root, "model", source);
        var lineage = Obj(root, "lineage", source);
        var risk = Obj(root, "risk", source);
        var manifest = new ArtefactManifest
        {
            Name = Str(root, "name", source),
            Version = Str(root, "version", source),
            SourceModelSha256 = Str(model, "sourceSha256", source),
            Model = new ModelDescription
            {
                Format = Str(model, "format", source),
                IrVersion = model["irVersion"]!.GetValue<long>(),
                Opsets = Arr(model, "opsets", source).Select(o => (Str(o!.AsObject(), "domain", source), o!["version"]!.GetValue<long>())).ToList(),
                ProducerName = model["producer"]?["name"]?.GetValue<string>() ?? "",
                ProducerVersion = model["producer"]?["version"]?.GetValue<string>() ?? "",
                Inputs = ParseSignatures(Arr(model, "inputs", source), source),
                Outputs = ParseSignatures(Arr(model, "outputs", source), source),
            },
            Members = Arr(root, "members", source).Select(m => new ManifestMember(
                Str(m!.AsObject(), "path", source), Str(m!.AsObject(), "sha256", source), m!["size"]!.GetValue<long>())).ToList(),
            Data = Arr(root, "data", source).Select(d => new DataSetDigest(
                Str(d!.AsObject(), "role", source) == "training" ? DataSetRole.Training : DataSetRole.Evaluation,
                Str(d!.AsObject(), "path", source), Str(d!.AsObject(), "sha256", source),
                d!["size"]!.GetValue<long>(), d!["rows"]?.GetValue<long>())).ToList(),
            Lineage = new ManifestLineage(
                lineage["commit"]?.GetValue<string>(),
                lineage["dirty"]?.GetValue<bool>(),
                lineage["sourceDateEpoch"]!.GetValue<long>(),
                (lineage["tools"] as JsonObject ?? []).ToDictionary(t => t.Key, t => t.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)),
            Risk = new RiskAssessment(
                RiskWords.Probability(Str(risk, "probability", source), source),
                RiskWords.Severity(Str(risk, "severity", source), source),
                RiskWords.EuAiAct(Str(risk, "euAiActCategory", source), source)),
            Evidence = Arr(root, "evidence", source).Select(e => new ManifestEvidence(
                Str(e!.AsObject(), "path", source), Str(e!.AsObject(), "kind", source), Str(e!.AsObject(), "verdict", source),
                Str(e!.AsObject(), "sha256", source), e!["modelSha256"]?.GetValue<string>())).ToList(),
        };
        // Readers look members up by path: a path listed twice would leave open which entry the manifest pins.
        if (manifest.Members.GroupBy(m => m.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Bad(source, $"manifest.json lists the member '{twice.Key}' twice");
        }
        return manifest;
    }

    private static JsonArray Signatures(IEnumerable<TensorSignature> signatures) =>
        new(signatures.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["elementType"] = s.ElementType,
            ["shape"] = s.Shape is null ? null : new JsonArray(s.Shape.Select(d => d switch
            {
                null => null,
                long l => (JsonNode)JsonValue.Create(l),
                _ => JsonValue.Create(Convert.ToString(d, CultureInfo.InvariantCulture)),
            }).ToArray()),
        }).ToArray());

    private static List<TensorSignature> ParseSignatures(JsonArray array, string source) =>
        array.Select(s =>
        {
            var o = s!.AsObject();
            var shape = o["shape"] as JsonArray;
            return new TensorSignature(Str(o, "name", source), Str(o, "elementType", source),
                shape?.Select(d => d is null ? null : d.GetValueKind() == JsonValueKind.Number ? (object?)d.GetValue<long>() : d.GetValue<string>()).ToList());
        }).ToList();

    private static string Str(JsonObject o, string name, string source) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad(source, $"manifest.json lacks the string '{name}'");

    private static JsonObject Obj(JsonObject o, string name, string source) =>
        o[name] as JsonObject ?? throw Bad(source, $"manifest.json lacks the object '{name}'");

    private static JsonArray Arr(JsonObject o, string name, string source) =>
        o[name] as JsonArray ?? throw Bad(source, $"manifest.json lacks the array '{name}'");

    private static MlOpsException Bad(string source, string why) =>
        new($"Not an .mlpkg artefact: {why}.", file: source,
            fix: "Pass a .mlpkg written by MlOps.Build (format v1); if it is one, it is damaged: obtain it again.", diagnostic: DiagnosticCatalog.NotAnArtefact);
}

/// <summary>One member pinned by the manifest.</summary>
/// <param name="Path">Entry path.</param>
/// <param name="Sha256">Lowercase hex sha256 of the uncompressed bytes.</param>
/// <param name="Size">Uncompressed size in bytes.</param>
public sealed record ManifestMember(string Path, string Sha256, long Size);

/// <summary>Lineage: where and with what the artefact was built.</summary>
/// <param name="Commit">The git commit, or null outside a repository.</param>
/// <param name="Dirty">Whether tracked files differed from the commit, or null outside a repository.</param>
/// <param name="SourceDateEpoch">The one timestamp inside the artefact (Unix seconds).</param>
/// <param name="Tools">Tool name to version.</param>
public sealed record ManifestLineage(string? Commit, bool? Dirty, long SourceDateEpoch, IReadOnlyDictionary<string, string> Tools);

/// <summary>One evidence member in the manifest's index.</summary>
/// <param name="Path">evidence/&lt;kind&gt;.json.</param>
/// <param name="Kind">The evidence kind.</param>
/// <param name="Verdict">passed, failed or info.</param>
/// <param name="Sha256">sha256 of the member.</param>
/// <param name="ModelSha256">The model digest the evidence names, or null for data-only evidence.</param>
public sealed record ManifestEvidence(string Path, string Kind, string Verdict, string Sha256, string? ModelSha256);
