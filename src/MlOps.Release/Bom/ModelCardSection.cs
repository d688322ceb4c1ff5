using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;

namespace MlOps.Release.Bom;

/// <summary>
/// The model component's <c>modelCard</c>, mapped from the card and the evidence the artefact carries
/// (docs/bom.md has the table). A field whose source is absent is left out, and an object left empty is left
/// out with it: the schema accepts the omission, and an empty or placeholder value would claim a fact nobody stated.
/// </summary>
internal static class ModelCardSection
{
    public static JsonObject Of(BomSource source, IReadOnlyList<DataSet> dataSets)
    {
        var evaluation = source.Evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.Evaluation);
        var fairness = source.Evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.Fairness);
        var card = new JsonObject();
        AddIfAny(card, "modelParameters", Parameters(source, evaluation, dataSets));
        AddIfAny(card, "quantitativeAnalysis", new JsonObject { ["performanceMetrics"] = PerformanceMetrics.Of(evaluation, fairness) });
        AddIfAny(card, "considerations", Considerations(source.Card, fairness));
        return card;
    }

    private static JsonObject Parameters(BomSource source, EvidenceFile? evaluation, IReadOnlyList<DataSet> dataSets)
    {
        var parameters = new JsonObject();
        var task = evaluation is null ? null : ((JsonElement?)evaluation.Root).Get("task").Text();
        // Classification and regression learn from labelled examples: the task the evaluation measured names the approach.
        if (task is "classification" or "regression")
        {
            parameters["approach"] = new JsonObject { ["type"] = "supervised" };
        }
        if (task is not null)
        {
            parameters["task"] = task;
        }
        parameters["datasets"] = new JsonArray(dataSets.Select(d => (JsonNode)new JsonObject { ["ref"] = d.BomRef }).ToArray());
        parameters["inputs"] = Formats(source.Manifest.Model.Inputs);
        parameters["outputs"] = Formats(source.Manifest.Model.Outputs);
        return parameters;
    }

    /// <summary>One <c>{ "format": "X: float [N, 3]" }</c> per graph input or output: CycloneDX has only a free-text format.</summary>
    private static JsonArray Formats(IReadOnlyList<TensorSignature> signatures) =>
        new(signatures.Select(s => (JsonNode)new JsonObject
        {
            ["format"] = s.Shape is null ? $"{s.Name}: {s.ElementType}" : $"{s.Name}: {s.ElementType} {s.ShapeText}",
        }).ToArray());

    private static JsonObject Considerations(CardSource card, EvidenceFile? fairness) => new()
    {
        // The card has no field for the users apart from the uses: intendedUse ("intended uses and users") is a use case.
        ["useCases"] = Strings(CardText.Items(card.IntendedUse)),
        ["technicalLimitations"] = Strings(CardText.Items(card.Limitations)),
        ["ethicalConsiderations"] = new JsonArray(CardText.Items(card.EthicalConsiderations)
            .Select(e => (JsonNode)new JsonObject { ["name"] = e }).ToArray()),
        ["fairnessAssessments"] = FairnessAssessments.Of(card, fairness),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>Adds <paramref name="value"/> after dropping its empty arrays and objects, unless nothing is left.</summary>
    private static void AddIfAny(JsonObject parent, string name, JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is JsonArray { Count: 0 } or JsonObject { Count: 0 }).Select(p => p.Key).ToList())
        {
            value.Remove(key);
        }
        if (value.Count > 0)
        {
            parent[name] = value;
        }
    }
}
