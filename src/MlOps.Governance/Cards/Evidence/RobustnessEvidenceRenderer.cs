using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The robustness section: the card's monotonic constraints with pass/fail (failures marked as failed), a bar chart
/// of each feature's largest flip rate, and the per-feature table of flip rate and mean score change per perturbation.
/// </summary>
public sealed class RobustnessEvidenceRenderer : IEvidenceSectionRenderer
{
    private static readonly string[] Kinds = ["jitter", "swap", "missing"];

    /// <inheritdoc />
    public string Kind => EvidenceKinds.Robustness;

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var root = evidence.Root;
        var section = new SectionBuilder();
        var overall = root.Get("overall");
        section.Text($"Verdict: {evidence.Verdict}. {EvidenceReading.Count(root.Get("data").Get("rows").Number())} rows of "
            + $"{root.Get("data").Get("file").Text() ?? "the evaluation data"}, seed {root.Text("seed") ?? "n/a"}: numeric features jittered by "
            + $"{root.Text("jitter") ?? "n/a"} standard deviations, text swapped to another observed category, values made missing. "
            + $"A flip is a predicted label that changes at the decision threshold {root.Text("decisionThreshold") ?? "n/a"}. "
            + $"Largest flip rate: {EvidenceReading.Figure(overall.Get("maxFlipRate").Number())} ({overall.Get("maxFlipRateAt").Text() ?? "no feature"}).");

        var constraints = root.Get("monotonic").Items().ToList();
        if (constraints.Count > 0)
        {
            section.Heading("Monotonic constraints");
            section.Table("Monotonic constraints of the card, checked on every row", ["feature", "score as it rises", "result", "rows violating", "worst example"],
                constraints.Select(m => (IReadOnlyList<string>)
                [
                    m.Text("feature") ?? "?",
                    m.Text("direction") == "increasing" ? "must not fall" : "must not rise",
                    m.Bool("passed") == true ? "passed" : "FAILED",
                    $"{EvidenceReading.Count(m.Number("violations"))} of {EvidenceReading.Count(m.Number("rows"))}",
                    m.Get("worst") is { } w
                        ? $"row {EvidenceReading.Count(w.Number("row"))}: {EvidenceReading.Figure(w.Number("from"))} → {EvidenceReading.Figure(w.Number("to"))} moves the score {EvidenceReading.Figure(w.Number("scoreFrom"))} → {EvidenceReading.Figure(w.Number("scoreTo"))}"
                        : "none",
                ]).ToList(),
                row => row[2] == "FAILED");
        }

        var features = root.Get("features").Properties().ToList();
        if (features.Count > 0)
        {
            var bars = features.Select(f => new MetricBar(f.Name, Kinds.Select(k => f.Value.Get(k).Get("flipRate").Number()).Where(v => v is not null).Max())).ToList();
            section.Charts([HorizontalBarChart.Render("Largest flip rate per feature", bars, Math.Max(0.05, bars.Max(b => b.Value ?? 0)))]);
            section.Table("Flip rate and mean absolute score change per feature and perturbation",
                ["feature", .. Kinds.Select(k => $"{k}: flip rate"), .. Kinds.Select(k => $"{k}: score change")],
                features.Select(f => (IReadOnlyList<string>)
                [
                    f.Name,
                    .. Kinds.Select(k => Cell(f.Value.Get(k), "flipRate")),
                    .. Kinds.Select(k => Cell(f.Value.Get(k), "meanAbsScoreChange")),
                ]).ToList());
        }
        return section.Build();
    }

    private static string Cell(System.Text.Json.JsonElement? kind, string figure) => kind switch
    {
        null => "n/a",
        { } k when k.Bool("applicable") == false => "—",
        { } k when k.Bool("accepted") == false && k.Number("rows") is 0 => "not accepted",
        { } k => EvidenceReading.Figure(k.Number(figure)) + (k.Bool("accepted") == false ? " (some rows not scored)" : ""),
    };
}
