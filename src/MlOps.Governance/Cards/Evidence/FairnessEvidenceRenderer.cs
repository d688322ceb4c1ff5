using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The fairness section: per sensitive feature (and intersection) a bar chart of each group's selection
/// rate, true positive rate and false positive rate, then the between-group metrics with their bootstrap
/// intervals, the four-fifths check, and the reason wherever a metric is undefined.
/// </summary>
public sealed class FairnessEvidenceRenderer : IEvidenceSectionRenderer
{
    private static readonly string[] BetweenGroupMetrics =
    [
        "demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio",
        "equalOpportunityDifference", "disparateImpactRatio",
    ];

    /// <inheritdoc />
    public string Kind => "fairness";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        if (TaskFairnessTables.Render(evidence) is { } multiclassOrRegression)
        {
            return multiclassOrRegression;
        }
        var root = evidence.Root;
        var section = new SectionBuilder();
        var positive = root.Text("positive") ?? "1";
        var rows = root.Get("data").Get("rows").Number();
        var fourFifths = root.Number("fourFifthsBound");
        section.Text($"Verdict: {evidence.Verdict}. Evaluated on {EvidenceReading.Count(rows)} rows of "
            + $"{root.Get("data").Get("file").Text() ?? "the evaluation data"}; positive (favourable) outcome: '{positive}'; "
            + $"groups smaller than {EvidenceReading.Count(root.Number("minGroupSize"))} rows are flagged.");

        foreach (var feature in root.Get("byFeature").Properties())
        {
            var f = feature.Value;
            var groups = f.Get("groups").Properties().ToList();
            section.Heading($"By {feature.Name}");
            var names = groups.Select(g => g.Name).ToList();
            var notes = groups.Select(g => $"n={EvidenceReading.Count(g.Value.Number("count"))}" + (g.Value.Bool("smallGroup") == true ? " (small)" : "")).ToList();
            section.Charts(
            [
                GroupedBarChart.Render($"Rates by {feature.Name}", names,
                [
                    new BarSeries("selection rate", groups.Select(g => g.Value.Number("selectionRate")).ToList()),
                    new BarSeries("true positive rate", groups.Select(g => g.Value.Number("truePositiveRate")).ToList()),
                    new BarSeries("false positive rate", groups.Select(g => g.Value.Number("falsePositiveRate")).ToList()),
                ], maxValue: 1, categoryNotes: notes),
            ]);
            section.Table($"Groups by {feature.Name}",
                ["group", "count", "selection rate", "TPR", "FPR", "accuracy", "disparate impact"],
                groups.Select(g => (IReadOnlyList<string>)
                [
                    g.Name + (g.Name == f.Text("privilegedGroup") ? " (privileged)" : "") + (g.Value.Bool("smallGroup") == true ? " (small)" : ""),
                    EvidenceReading.Count(g.Value.Number("count")),
                    EvidenceReading.Figure(g.Value.Number("selectionRate")),
                    EvidenceReading.Figure(g.Value.Number("truePositiveRate")),
                    EvidenceReading.Figure(g.Value.Number("falsePositiveRate")),
                    EvidenceReading.Figure(g.Value.Number("accuracy")),
                    EvidenceReading.Figure(g.Value.Number("disparateImpactRatio")),
                ]));

            var intervals = f.Get("confidenceIntervals");
            var undefined = f.Get("undefined");
            section.Table($"Between-group metrics for {feature.Name}", ["metric", "value", "confidence interval", "note"],
                BetweenGroupMetrics.Select(m =>
                {
                    var ci = intervals.Get(m);
                    var interval = ci is null ? "" : $"[{EvidenceReading.Figure(ci.Get("lower").Number())}, {EvidenceReading.Figure(ci.Get("upper").Number())}]";
                    var note = undefined.Get(m).Text() ?? "";
                    if (m == "disparateImpactRatio" && f.Bool("fourFifthsRule") is { } rule)
                    {
                        note = (rule ? "meets" : "fails") + $" the four-fifths rule (≥ {EvidenceReading.Figure(fourFifths ?? 0.8)})";
                    }
                    return (IReadOnlyList<string>)[EvidenceReading.Words(m), EvidenceReading.Figure(f.Number(m)), interval, note];
                }));
            foreach (var note in f.Get("notes").Items().Select(n => n.GetString()).OfType<string>())
            {
                section.Text(note);
            }
        }
        return section.Build();
    }
}
