using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Evaluation;

/// <summary>The multiclass part of the evaluation evidence: <c>classes</c>, <c>perClass</c> and the k×k <c>confusionMatrix</c>.</summary>
public static class MulticlassJson
{
    /// <summary>Why a multiclass log loss is undefined.</summary>
    public const string NoProbabilities = "the model gives no class probabilities";

    /// <summary>Adds the classes, the per-class figures and the confusion matrix (rows: true class, columns: predicted class).</summary>
    public static void Add(JsonObject doc, MulticlassResult result)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(result);
        doc["classes"] = new JsonArray(result.Classes.Select(c => (JsonNode?)c).ToArray());
        var perClass = new JsonObject();
        foreach (var f in result.PerClass)
        {
            perClass[f.Class] = new JsonObject
            {
                ["precision"] = EvidenceDocument.Number(f.Precision),
                ["recall"] = EvidenceDocument.Number(f.Recall),
                ["f1"] = EvidenceDocument.Number(f.F1),
                ["support"] = f.Support,
            };
        }
        doc["perClass"] = perClass;
        doc["confusionMatrix"] = new JsonObject
        {
            ["labels"] = new JsonArray(result.Classes.Select(c => (JsonNode?)c).ToArray()),
            ["counts"] = new JsonArray(result.Confusion.Select(row => (JsonNode?)new JsonArray(row.Select(n => (JsonNode?)n).ToArray())).ToArray()),
        };
    }
}
