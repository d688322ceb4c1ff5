using System.Text.Json;
using MlOps.Governance.Cards.Charts;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The multiclass parts of the evaluation section: the k×k confusion matrix and the per-class table. Binary and
/// regression evidence has no <c>classes</c>, so nothing here changes their section.
/// </summary>
internal static class MulticlassEvidenceTables
{
    /// <summary>The multiclass summary metrics drawn as bars (all on [0, 1], higher better).</summary>
    public static readonly string[] UnitMetrics = ["macroPrecision", "macroRecall", "macroF1", "microF1", "weightedF1"];

    /// <summary>The k×k confusion matrix chart, or null for evidence without classes.</summary>
    public static string? ConfusionMatrix(JsonElement root)
    {
        if (root.Get("classes") is not { ValueKind: JsonValueKind.Array } classes)
        {
            return null;
        }
        var labels = classes.EnumerateArray().Select(c => c.GetString() ?? "").ToList();
        var counts = root.Get("confusionMatrix").Get("counts").Items()
            .Select(r => (IReadOnlyList<long>)r.EnumerateArray().Select(n => n.GetInt64()).ToList()).ToList();
        return ConfusionMatrixChart.Render("Confusion matrix (rows: true class, columns: predicted)", labels, counts);
    }

    /// <summary>Adds the per-class table (precision, recall, F1, support) when the evidence has classes.</summary>
    public static void PerClass(SectionBuilder section, JsonElement root)
    {
        if (root.Get("perClass") is not { ValueKind: JsonValueKind.Object } perClass)
        {
            return;
        }
        section.Table("Per class (one class against the rest)", ["class", "precision", "recall", "F1", "support"],
            perClass.EnumerateObject().Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                EvidenceReading.Figure(c.Value.Number("precision")),
                EvidenceReading.Figure(c.Value.Number("recall")),
                EvidenceReading.Figure(c.Value.Number("f1")),
                EvidenceReading.Count(c.Value.Number("support")),
            ]));
    }
}
