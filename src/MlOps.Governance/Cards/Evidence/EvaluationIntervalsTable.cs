using System.Globalization;
using System.Text.Json;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>The evaluation metrics' bootstrap confidence intervals as a table (evidence without intervals adds none).</summary>
internal static class EvaluationIntervalsTable
{
    /// <summary>Adds the table to <paramref name="section"/>.</summary>
    public static void AddTo(SectionBuilder section, JsonElement root, Func<string, string> label)
    {
        var intervals = root.Get("confidenceIntervals").Properties().ToList();
        if (intervals.Count == 0)
        {
            return;
        }
        var bootstrap = root.Get("bootstrap");
        var level = bootstrap.Get("confidenceLevel").Number() is { } c ? (c * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "";
        section.Table($"Confidence intervals ({level}, {EvidenceReading.Count(bootstrap.Get("replicates").Number())} bootstrap replicates, seed {bootstrap.Get("seed").Number()?.ToString("0", CultureInfo.InvariantCulture)})",
            ["metric", "value", "lower", "upper"],
            intervals.Select(p => (IReadOnlyList<string>)
            [
                label(p.Name),
                EvidenceReading.Figure(root.Get("metrics").Get(p.Name).Number()),
                EvidenceReading.Figure(p.Value.ValueKind == JsonValueKind.Object ? p.Value.Number("lower") : null),
                EvidenceReading.Figure(p.Value.ValueKind == JsonValueKind.Object ? p.Value.Number("upper") : null),
            ]));
    }
}
