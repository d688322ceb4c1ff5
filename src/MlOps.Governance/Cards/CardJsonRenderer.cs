using System.Text.Json.Nodes;
using MlOps.Serialization;
using MlOps.Governance.Models;
using MlOps.Governance.Risk;

namespace MlOps.Governance.Cards;

/// <summary>
/// Renders the structured card (card/model-card.json, schema "mlops.card/v1"): the author's fields plus the
/// generated sections, two-space indented with LF. docs/card-mapping.md maps it onto Model Card Toolkit and
/// Hugging Face model-card fields.
/// </summary>
public static class CardJsonRenderer
{
    /// <summary>The schema id of the structured card.</summary>
    public const string Schema = "mlops.card/v1";

    /// <summary>The structured card as a JSON object (field order as documented).</summary>
    public static JsonObject ToJson(CardDocument card)
    {
        var s = card.Source;
        var risk = s.Risk!;
        var json = new JsonObject
        {
            ["schema"] = Schema,
            ["name"] = card.Name,
            ["version"] = card.Version,
            ["owners"] = Strings(s.Owners),
            ["licence"] = s.Licence,
            ["description"] = s.Description,
            ["intendedUse"] = s.IntendedUse,
            ["outOfScopeUse"] = s.OutOfScopeUse,
            ["limitations"] = s.Limitations,
            ["ethicalConsiderations"] = s.EthicalConsiderations,
            ["humanOversight"] = s.HumanOversight,
            ["sensitiveFeatures"] = Strings(s.SensitiveFeatures),
            ["label"] = s.Label,
            ["risk"] = new JsonObject
            {
                ["probability"] = RiskWords.Of(risk.Probability),
                ["severity"] = RiskWords.Of(risk.Severity),
                ["level"] = RiskWords.Of(risk.Level),
                ["euAiActCategory"] = RiskWords.Of(risk.EuAiActCategory),
            },
            ["notes"] = string.IsNullOrWhiteSpace(s.Body) ? null : s.Body.Trim('\n') + "\n",
        };
        var identity = new JsonObject
        {
            ["sourceModelSha256"] = card.SourceModelSha256,
            ["members"] = new JsonArray(CardMarkdownRenderer.AllMembers(card)
                .Select(m => (JsonNode)new JsonObject { ["path"] = m.Path, ["sha256"] = m.Sha256, ["size"] = m.Size }).ToArray()),
        };
        if (card.Packaging is { } p)
        {
            identity["artefact"] = p.PackageFileName;
            identity["digest"] = p.Digest;
            identity["fileSha256"] = p.PackageSha256;
        }
        json["identity"] = identity;
        json["model"] = new JsonObject
        {
            ["format"] = card.Model.Format,
            ["irVersion"] = card.Model.IrVersion,
            ["opsets"] = new JsonArray(card.Model.Opsets.Select(o => (JsonNode)new JsonObject { ["domain"] = o.Domain, ["version"] = o.Version }).ToArray()),
            ["producer"] = new JsonObject { ["name"] = card.Model.ProducerName, ["version"] = card.Model.ProducerVersion },
            ["inputs"] = Signatures(card.Model.Inputs),
            ["outputs"] = Signatures(card.Model.Outputs),
        };
        var tools = new JsonObject();
        foreach (var (tool, version) in card.Lineage.Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tools[tool] = version;
        }
        json["lineage"] = new JsonObject
        {
            ["commit"] = card.Lineage.Lineage.Commit,
            ["dirty"] = card.Lineage.Lineage.Dirty,
            ["sourceDateEpoch"] = card.Lineage.Lineage.SourceDateEpoch,
            ["tools"] = tools,
            ["data"] = new JsonArray(card.Lineage.Data.Select(d => (JsonNode)new JsonObject
            {
                ["role"] = d.RoleName, ["path"] = d.Path, ["sha256"] = d.Sha256, ["size"] = d.Size, ["rows"] = d.Rows,
            }).ToArray()),
        };
        json["evidence"] = new JsonArray(card.Evidence.Select(e => (JsonNode)new JsonObject
        {
            ["kind"] = e.Kind, ["verdict"] = e.Verdict, ["path"] = e.MemberPath, ["sha256"] = e.Sha256, ["modelSha256"] = e.ModelSha256,
        }).ToArray());
        return json;
    }

    /// <summary>The structured card's bytes.</summary>
    public static byte[] Render(CardDocument card) => CanonicalJson.Indented(ToJson(card));

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonArray Signatures(IEnumerable<TensorSignature> signatures) =>
        new(signatures.Select(sig => (JsonNode)new JsonObject
        {
            ["name"] = sig.Name,
            ["elementType"] = sig.ElementType,
            ["shape"] = sig.Shape is null ? null : new JsonArray(sig.Shape.Select(d => d switch
            {
                null => null,
                long l => (JsonNode)JsonValue.Create(l),
                _ => JsonValue.Create(d.ToString()),
            }).ToArray()),
        }).ToArray());
}
