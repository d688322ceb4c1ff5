using System.Globalization;
using System.Text.Json;
using MlOps.Governance.Cards.Charts;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The evaluation's ROC, precision-recall and calibration charts, drawn from the <c>curves</c> member of the
/// evaluation evidence (binary classification); evidence without curves draws none.
/// </summary>
internal static class EvaluationCurveCharts
{
    /// <summary>The charts, in the order ROC, precision-recall, calibration.</summary>
    public static IEnumerable<string> Render(JsonElement root)
    {
        var curves = root.Get("curves");
        if (curves is not { ValueKind: JsonValueKind.Object })
        {
            yield break;
        }
        var auc = root.Get("metrics").Get("rocAuc").Number();
        var roc = curves.Get("roc");
        // The stored points start at the highest score; the curve itself starts at (0, 0) (threshold above every score).
        var rocPoints = Zip(roc.Get("falsePositiveRate").Numbers(), roc.Get("truePositiveRate").Numbers()).Prepend((0.0, 0.0)).ToList();
        if (rocPoints.Count > 1)
        {
            yield return LineChart.Render("ROC curve",
                $"True positive rate against false positive rate at {rocPoints.Count - 1} decision thresholds; ROC AUC {EvidenceReading.Figure(auc)}. The dashed diagonal is a model that guesses.",
                "false positive rate", "true positive rate", [new LineSeries($"model (AUC {EvidenceReading.Figure(auc)})", rocPoints)], diagonal: "chance");
        }
        var pr = curves.Get("precisionRecall");
        var prPoints = Zip(pr.Get("recall").Numbers(), pr.Get("precision").Numbers()).ToList();
        if (prPoints.Count > 0)
        {
            var rate = PositiveRate(root);
            yield return LineChart.Render("Precision-recall curve",
                $"Precision against recall at {prPoints.Count} decision thresholds; the share of positives is {EvidenceReading.Figure(rate)}.",
                "recall", "precision", [new LineSeries("model", prPoints)]);
        }
        var calibration = curves.Get("calibration");
        var counts = calibration.Get("count").Numbers();
        var bins = Zip(calibration.Get("meanPredicted").Numbers(), calibration.Get("observedRate").Numbers())
            .Where((_, i) => i < counts.Count && counts[i] > 0).ToList();
        if (bins.Count > 0)
        {
            yield return LineChart.Render("Calibration (reliability)",
                $"Observed rate of positives against mean predicted probability in {bins.Count} non-empty bins of width 0.1 "
                + $"({string.Join(", ", counts.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))} rows per bin). The dashed diagonal is perfect calibration.",
                "mean predicted probability", "observed rate", [new LineSeries("model", bins, Markers: true)], diagonal: "perfectly calibrated");
        }
    }

    private static IEnumerable<(double X, double Y)> Zip(IReadOnlyList<double> xs, IReadOnlyList<double> ys) => xs.Zip(ys, (x, y) => (x, y));

    private static double? PositiveRate(JsonElement root)
    {
        var cm = root.Get("confusionMatrix");
        var positives = (cm.Get("truePositives").Number() ?? 0) + (cm.Get("falseNegatives").Number() ?? 0);
        var rows = root.Get("data").Get("rows").Number();
        return rows is > 0 ? positives / rows : null;
    }
}
