using System.Text.Json.Nodes;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Risk;

namespace MlOps.Release.Bom;

/// <summary>
/// The model as a <c>machine-learning-model</c> component: the .mlpkg's name, version and sha256, the card's
/// description and licence, the model card, and the packaged ONNX model as a nested <c>file</c> component with its
/// own sha256. Facts CycloneDX has no field for (the artefact digest, the source model digest, risk, owners,
/// out-of-scope use, human oversight, commit, evidence verdicts) are <c>mlops:</c> properties.
/// </summary>
internal static class ModelComponent
{
    public static JsonObject Of(BomSource source, IReadOnlyList<DataSet> dataSets)
    {
        var m = source.Manifest;
        var card = source.Card;
        var bomRef = $"{m.Name}@{m.Version}";
        var component = new JsonObject
        {
            ["type"] = "machine-learning-model",
            ["bom-ref"] = bomRef,
            ["name"] = m.Name,
            ["version"] = m.Version,
        };
        if (card.Description is { } description)
        {
            component["description"] = description;
        }
        // The component is the .mlpkg as distributed; its hashes are of those bytes only. The ONNX member has other
        // bytes, so it is a nested component with its own hash (two SHA-256 values for one component would contradict
        // each other for any tool that checks them).
        component["hashes"] = Hashes(source.FileSha256);
        if (card.Licence is { } licence)
        {
            // A name, not an SPDX id: the card's licence is free text, and an id the SPDX list lacks fails the schema.
            component["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["name"] = licence } });
        }
        component["properties"] = Properties(source);
        var modelCard = ModelCardSection.Of(source, dataSets);
        if (modelCard.Count > 0)
        {
            component["modelCard"] = modelCard;
        }
        if (m.Member(ArtefactPaths.ModelFor(m.Model.Format)) is { } onnx)
        {
            component["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "file",
                ["bom-ref"] = $"{bomRef}/{onnx.Path}",
                ["name"] = onnx.Path,
                ["description"] = $"The packaged model ({m.Model.Format}) inside {source.FileName}, with the model card embedded in its metadata.",
                ["hashes"] = Hashes(onnx.Sha256),
            });
        }
        return component;
    }

    private static JsonArray Hashes(string sha256) =>
        new(new JsonObject { ["alg"] = CycloneDx.Sha256, ["content"] = sha256 });

    private static JsonArray Properties(BomSource source)
    {
        var m = source.Manifest;
        var card = source.Card;
        var properties = new JsonArray();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties.Add(new JsonObject { ["name"] = CycloneDx.PropertyPrefix + name, ["value"] = value });
            }
        }
        Add("artefact:file", source.FileName);
        Add("artefact:digest", "sha256:" + source.Digest);
        Add("model:sourceSha256", m.SourceModelSha256);
        Add("risk:level", RiskWords.Of(m.Risk.Level));
        Add("risk:probability", RiskWords.Of(m.Risk.Probability));
        Add("risk:severity", RiskWords.Of(m.Risk.Severity));
        Add("risk:euAiActCategory", RiskWords.Of(m.Risk.EuAiActCategory));
        foreach (var owner in card.Owners)
        {
            Add("card:owner", owner);
        }
        Add("card:outOfScopeUse", card.OutOfScopeUse);
        Add("card:humanOversight", card.HumanOversight);
        Add("card:label", card.Label);
        foreach (var feature in card.SensitiveFeatures)
        {
            Add("card:sensitiveFeature", feature);
        }
        Add("lineage:commit", m.Lineage.Commit);
        Add("lineage:dirty", m.Lineage.Dirty is { } dirty ? (dirty ? "true" : "false") : null);
        foreach (var e in m.Evidence)
        {
            Add($"evidence:{e.Kind}", $"{e.Verdict} sha256:{e.Sha256}");
        }
        return properties;
    }
}
