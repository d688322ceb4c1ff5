using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The evaluation section: the metrics on a 0..1 scale as bars (with their minimum thresholds), every
/// metric with its threshold check in a table, the confusion matrix at the decision threshold, the ROC,
/// precision-recall and calibration curves, and the metrics' confidence intervals.
/// </summary>
public sealed class EvaluationEvidenceRenderer : IEvidenceSectionRenderer
{
    // Metrics that live on [0, 1] with higher better: drawn as bars. The rest (log loss, Brier, RMSE, ...) are tabled.
    private static readonly string[] UnitMetrics = ["accuracy", "precision", "recall", "f1", "rocAuc", .. MulticlassEvidenceTables.UnitMetrics];

    /// <inheritdoc />
    public string Kind => "evaluation";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var section = new SectionBuilder();
        var positive = root.Text("positive");
        section.Text($"Verdict: {evidence.Verdict}. {Capitalise(root.Text("task") ?? "evaluation")} on "
            + $"{EvidenceReading.Count(root.Get("data").Get("rows").Number())} rows of {root.Get("data").Get("file").Text() ?? "the evaluation data"}, "
            + $"label '{root.Text("label")}'"
            + (positive is null ? "." : $", positive class '{positive}' at decision threshold {EvidenceReading.Figure(root.Number("decisionThreshold"))}."));

        var metrics = root.Get("metrics").Properties().ToList();
        var thresholds = root.Get("thresholds").Items().ToList();
        double? ThresholdOf(string metric) =>
            thresholds.FirstOrDefault(t => t.Text("metric") == metric) is { ValueKind: System.Text.Json.JsonValueKind.Object } t ? t.Number("threshold") : null;

        var charts = new List<string>();
        var bars = UnitMetrics.Where(m => metrics.Any(p => p.Name == m))
            .Select(m => new MetricBar(Label(m), root.Get("metrics").Get(m).Number(), ThresholdOf(m))).ToList();
        if (bars.Count > 0)
        {
            charts.Add(HorizontalBarChart.Render("Metrics (higher is better; red tick: required minimum)", bars));
        }
        if (MulticlassEvidenceTables.ConfusionMatrix(root) is { } matrix)
        {
            charts.Add(matrix);
        }
        else if (root.Get("confusionMatrix") is { } cm)
        {
            var p = positive ?? "positive";
            charts.Add(ConfusionMatrixChart.Render("Confusion matrix", [p, $"not {p}"],
            [
                [(long)(cm.Number("truePositives") ?? 0), (long)(cm.Number("falseNegatives") ?? 0)],
                [(long)(cm.Number("falsePositives") ?? 0), (long)(cm.Number("trueNegatives") ?? 0)],
            ]));
        }
        charts.AddRange(EvaluationCurveCharts.Render(root));
        section.Charts(charts);

        var undefined = root.Get("undefined");
        section.Table("Metrics", ["metric", "value", "champion", "threshold", "check"],
            metrics.Select(m =>
            {
                var check = thresholds.FirstOrDefault(t => t.Text("metric") == m.Name);
                var hasCheck = check.ValueKind == System.Text.Json.JsonValueKind.Object;
                var failures = hasCheck ? string.Join("; ", check.Get("failures").Items().Select(f => f.GetString())) : "";
                var verdict = !hasCheck ? "" : check.Bool("passed") == true ? "passed" : "failed" + (failures.Length > 0 ? ": " + failures : "");
                var value = root.Get("metrics").Get(m.Name).Number();
                return (IReadOnlyList<string>)
                [
                    Label(m.Name),
                    value is null && undefined.Get(m.Name).Text() is { } reason ? $"n/a ({reason})" : EvidenceReading.Figure(value),
                    EvidenceReading.Figure(root.Get("champion").Get("metrics").Get(m.Name).Number()),
                    hasCheck ? EvidenceReading.Figure(check.Number("threshold")) : "",
                    verdict,
                ];
            }));
        EvaluationIntervalsTable.AddTo(section, root, Label);
        MulticlassEvidenceTables.PerClass(section, root);
        return section.Build();
    }

    private static string Label(string metric) => metric switch
    {
        "rocAuc" => "ROC AUC",
        "f1" => "F1",
        "logLoss" => "log loss",
        "rmse" => "RMSE",
        "mae" => "MAE",
        "r2" => "R²",
        "macroF1" => "macro F1",
        "microF1" => "micro F1",
        "weightedF1" => "weighted F1",
        _ => EvidenceReading.Words(metric),
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
