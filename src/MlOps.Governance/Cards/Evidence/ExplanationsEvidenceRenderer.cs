using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The explanations section: the global permutation importance (a bar chart of the mean drop in the metric and a
/// table of mean ± standard deviation), and how much each feature moves the score per group of each sensitive
/// feature, or why the model has no exact local contributions.
/// </summary>
public sealed class ExplanationsEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => EvidenceKinds.Explanations;

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var section = new SectionBuilder();
        var metric = root.Text("metric") ?? "the metric";
        var repeats = root.Number("repeats");
        section.Text($"Permutation importance: how much {metric} drops when a feature's values are shuffled across the rows "
            + $"({EvidenceReading.Count(repeats)} seeded repeats, seed {root.Get("seed")?.ToString() ?? "?"}; {metric} without shuffling: {EvidenceReading.Figure(root.Number("baseline"))}). "
            + "Positive means the model relies on the feature; near zero means it does not.");
        var features = root.Get("importance").Properties()
            .Select(p => (Name: p.Name, Mean: p.Value.Number("mean"), Std: p.Value.Number("std")))
            .OrderByDescending(f => f.Mean ?? double.NegativeInfinity).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        var max = features.Select(f => Math.Abs(f.Mean ?? 0) + (f.Std ?? 0)).DefaultIfEmpty(0).Max();
        section.Charts([HorizontalBarChart.Render($"Drop in {metric} when shuffled", features.Select(f => new MetricBar(f.Name, f.Mean)).ToList(), max > 0 ? max : 1)]);
        section.Table($"Permutation importance (drop in {metric})", ["feature", "mean", "std"],
            features.Select(f => (IReadOnlyList<string>)[f.Name, EvidenceReading.Figure(f.Mean), EvidenceReading.Figure(f.Std)]));

        var local = root.Get("local");
        if (local?.Bool("supported") != true)
        {
            section.Text($"Local contributions: not supported: {local?.Text("reason") ?? "no reason given"}.");
            return section.Build();
        }
        var l = local.Value;
        section.Text($"Local contributions ({l.Text("method") ?? "?"}): each prediction's {l.Text("margin") ?? "margin"} is the expected value "
            + $"{EvidenceReading.Figure(l.Number("expectedValue"))} plus one contribution per feature.");
        var overall = l.Get("meanAbsoluteContribution").Properties().OrderByDescending(p => ((System.Text.Json.JsonElement?)p.Value).Number() ?? 0).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        section.Table("Mean absolute contribution per feature", ["feature", "mean |contribution|"],
            overall.Select(p => (IReadOnlyList<string>)[p.Name, EvidenceReading.Figure(((System.Text.Json.JsonElement?)p.Value).Number())]));
        foreach (var sensitive in l.Get("sensitive").Properties())
        {
            var own = sensitive.Value.Bool("modelInput") == true;
            // The sensitive feature's own contribution first when the model reads it, then the features that move the score most overall.
            var shown = (own ? new[] { sensitive.Name } : []).Concat(overall.Select(p => p.Name).Where(n => n != sensitive.Name).Take(own ? 3 : 4)).ToList();
            section.Table($"Mean absolute contribution per {sensitive.Name} group" + (own ? $" (how much {sensitive.Name} itself moves the score)" : $" ({sensitive.Name} is not a model input)"),
                [sensitive.Name, "rows", .. shown],
                sensitive.Value.Get("groups").Properties().Select(g => (IReadOnlyList<string>)
                    [g.Name, EvidenceReading.Count(g.Value.Number("rows")), .. shown.Select(f => EvidenceReading.Figure(g.Value.Get("meanAbsoluteContribution").Get(f).Number()))]));
        }
        return section.Build();
    }
}
