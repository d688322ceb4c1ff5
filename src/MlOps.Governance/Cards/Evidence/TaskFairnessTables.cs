using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The fairness section of multiclass evidence (per class, per feature: one-vs-rest rates by group and the
/// between-group metrics) and of regression evidence (per feature: MAE, RMSE and mean residual by group and their
/// spread). Binary evidence has no <c>task</c> field and is rendered as before.
/// </summary>
internal static class TaskFairnessTables
{
    private static readonly string[] OneVsRestMetrics = ["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "disparateImpactRatio"];

    private static readonly string[] RegressionMetrics = ["maeDifference", "maeRatio", "rmseDifference", "rmseRatio", "meanResidualDifference"];

    /// <summary>The section for multiclass or regression evidence; null for binary evidence.</summary>
    public static EvidenceSection? Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var task = root.Text("task");
        if (task is not ("multiclass" or "regression"))
        {
            return null;
        }
        var section = new SectionBuilder();
        section.Text($"Verdict: {evidence.Verdict}. {(task == "multiclass" ? "Multiclass: each class against the rest" : "Regression: errors (prediction − label)")} on "
            + $"{EvidenceReading.Count(root.Get("data").Get("rows").Number())} rows of {root.Get("data").Get("file").Text() ?? "the evaluation data"}; "
            + $"groups smaller than {EvidenceReading.Count(root.Number("minGroupSize"))} rows are flagged"
            + (task == "regression" ? " and left out of the comparisons." : "."));
        if (task == "multiclass")
        {
            foreach (var c in root.Get("perClass").Properties())
            {
                foreach (var feature in c.Value.Get("byFeature").Properties())
                {
                    var f = feature.Value;
                    var groups = f.Get("groups").Properties().ToList();
                    section.Heading($"Class {c.Name} by {feature.Name}");
                    section.Charts(
                    [
                        GroupedBarChart.Render($"Class {c.Name}: rates by {feature.Name}", groups.Select(g => g.Name).ToList(),
                        [
                            new BarSeries("selection rate", groups.Select(g => g.Value.Number("selectionRate")).ToList()),
                            new BarSeries("true positive rate", groups.Select(g => g.Value.Number("truePositiveRate")).ToList()),
                            new BarSeries("false positive rate", groups.Select(g => g.Value.Number("falsePositiveRate")).ToList()),
                        ], maxValue: 1, categoryNotes: groups.Select(g => $"n={EvidenceReading.Count(g.Value.Number("count"))}").ToList()),
                    ]);
                    section.Table($"Class {c.Name}: between-group metrics for {feature.Name}", ["metric", "value", "note"],
                        OneVsRestMetrics.Select(m => (IReadOnlyList<string>)[EvidenceReading.Words(m), EvidenceReading.Figure(f.Number(m)), f.Get("undefined").Get(m).Text() ?? ""]));
                }
            }
            return section.Build();
        }
        foreach (var feature in root.Get("regression").Get("byFeature").Properties())
        {
            var f = feature.Value;
            section.Heading($"By {feature.Name}");
            section.Table($"Errors by {feature.Name}", ["group", "count", "MAE", "RMSE", "mean residual"],
                f.Get("groups").Properties().Select(g => (IReadOnlyList<string>)
                [
                    g.Name + (g.Value.Bool("smallGroup") == true ? " (small)" : ""),
                    EvidenceReading.Count(g.Value.Number("count")),
                    EvidenceReading.Figure(g.Value.Number("mae")),
                    EvidenceReading.Figure(g.Value.Number("rmse")),
                    EvidenceReading.Figure(g.Value.Number("meanResidual")),
                ]));
            section.Table($"Between-group spread for {feature.Name}", ["metric", "value"],
                RegressionMetrics.Select(m => (IReadOnlyList<string>)[EvidenceReading.Words(m), EvidenceReading.Figure(f.Number(m))]));
        }
        return section.Build();
    }
}
