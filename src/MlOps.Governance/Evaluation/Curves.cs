using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Evaluation;

/// <summary>One point of the ROC and precision-recall curves: predicted positive when score ≥ <see cref="Threshold"/>.</summary>
public readonly record struct CurvePoint(double Threshold, double FalsePositiveRate, double TruePositiveRate, double Precision);

/// <summary>One equal-width bin of the calibration (reliability) curve.</summary>
public readonly record struct CalibrationBin(double Lower, double Upper, long Count, double MeanPredicted, double ObservedRate);

/// <summary>
/// The ROC, precision-recall and calibration curves of a binary classifier, from the rows counted per distinct
/// score (<see cref="ClassificationMetrics.ScoreCounts"/>), so they cost no extra pass. The thresholds are
/// distinct scores: all of them when there are at most <see cref="MaxPoints"/>, else the scores at which the
/// rows counted from the top first reach k/<see cref="MaxPoints"/> of all rows (score quantiles): each point is
/// exactly the point scikit-learn's roc_curve and precision_recall_curve give at that threshold. The
/// calibration curve has <see cref="Bins"/> equal-width bins on [0, 1] with scikit-learn's calibration_curve
/// edges (a score on an edge belongs to the lower bin; 0 to the first).
/// </summary>
public sealed class Curves
{
    /// <summary>The most thresholds of the ROC and precision-recall curves.</summary>
    public const int MaxPoints = 100;

    /// <summary>The bins of the calibration curve.</summary>
    public const int Bins = 10;

    private Curves(IReadOnlyList<CurvePoint> points, IReadOnlyList<CalibrationBin> calibration)
    {
        Points = points;
        Calibration = calibration;
    }

    /// <summary>The ROC / precision-recall points in descending threshold order.</summary>
    public IReadOnlyList<CurvePoint> Points { get; }

    /// <summary>The calibration bins, lowest first (empty bins have count 0 and NaN means).</summary>
    public IReadOnlyList<CalibrationBin> Calibration { get; }

    /// <summary>The curves of <paramref name="metrics"/>; null when one class is absent (no ROC curve exists).</summary>
    public static Curves? Of(ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var cells = metrics.ScoreCounts();
        long positives = cells.Sum(c => c.Positives), negatives = cells.Sum(c => c.Negatives);
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var rows = positives + negatives;
        var points = new List<CurvePoint>();
        long tp = 0, fp = 0, seen = 0;
        var next = 1;
        for (var i = cells.Count - 1; i >= 0; i--)
        {
            tp += cells[i].Positives;
            fp += cells[i].Negatives;
            seen += cells[i].Positives + cells[i].Negatives;
            // Integer arithmetic decides which scores are kept, so the choice is exact and the same everywhere.
            var keep = cells.Count <= MaxPoints || i == 0 || seen * MaxPoints >= next * rows;
            if (!keep)
            {
                continue;
            }
            while (next * rows <= seen * MaxPoints)
            {
                next++;
            }
            points.Add(new CurvePoint(cells[i].Score, (double)fp / negatives, (double)tp / positives, (double)tp / (tp + fp)));
        }
        return new Curves(points, Calibrate(cells));
    }

    private static List<CalibrationBin> Calibrate(IReadOnlyList<ScoreCount> cells)
    {
        // numpy's linspace(0, 1, 11) edges (i * 0.1, e.g. 0.30000000000000004), as calibration_curve uses them.
        var edges = Enumerable.Range(0, Bins + 1).Select(i => i == Bins ? 1.0 : i * (1.0 / Bins)).ToArray();
        var counts = new long[Bins];
        var positives = new long[Bins];
        var scoreSums = new double[Bins];
        foreach (var c in cells)
        {
            var bin = 0;
            while (bin < Bins - 1 && c.Score > edges[bin + 1])
            {
                bin++;
            }
            counts[bin] += c.Positives + c.Negatives;
            positives[bin] += c.Positives;
            scoreSums[bin] += c.Score * (c.Positives + c.Negatives);
        }
        return Enumerable.Range(0, Bins).Select(b => new CalibrationBin((double)b / Bins, (b + 1.0) / Bins, counts[b],
            counts[b] == 0 ? double.NaN : scoreSums[b] / counts[b], counts[b] == 0 ? double.NaN : (double)positives[b] / counts[b])).ToList();
    }

    /// <summary>The <c>curves</c> member of the evaluation evidence: column arrays, compact and in a fixed order.</summary>
    public JsonObject ToJson() => new()
    {
        ["roc"] = new JsonObject
        {
            ["thresholds"] = EvidenceDocument.Numbers(Points.Select(p => p.Threshold)),
            ["falsePositiveRate"] = EvidenceDocument.Numbers(Points.Select(p => p.FalsePositiveRate)),
            ["truePositiveRate"] = EvidenceDocument.Numbers(Points.Select(p => p.TruePositiveRate)),
        },
        ["precisionRecall"] = new JsonObject
        {
            ["thresholds"] = EvidenceDocument.Numbers(Points.Select(p => p.Threshold)),
            ["precision"] = EvidenceDocument.Numbers(Points.Select(p => p.Precision)),
            ["recall"] = EvidenceDocument.Numbers(Points.Select(p => p.TruePositiveRate)),
        },
        ["calibration"] = new JsonObject
        {
            ["binEdges"] = EvidenceDocument.Numbers(Calibration.Select(b => b.Lower).Append(1.0)),
            ["count"] = new JsonArray(Calibration.Select(b => (JsonNode?)b.Count).ToArray()),
            ["meanPredicted"] = new JsonArray(Calibration.Select(b => EvidenceDocument.Number(b.MeanPredicted)).ToArray()),
            ["observedRate"] = new JsonArray(Calibration.Select(b => EvidenceDocument.Number(b.ObservedRate)).ToArray()),
        },
    };
}
