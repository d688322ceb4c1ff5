using MlOps.Diagnostics;

namespace MlOps.Governance.Explanations;

/// <summary>
/// The metric permutation importance is measured in: the gate's names, <c>rocAuc</c> and <c>accuracy</c> for a binary
/// classifier (on the positive class's probability), <c>rmse</c> for a regressor.
/// </summary>
public sealed class ImportanceMetric
{
    /// <summary>ROC AUC of the positive class's probability (ties count one half, as scikit-learn's roc_auc_score).</summary>
    public static ImportanceMetric RocAuc { get; } = new("rocAuc", higherIsBetter: true, needsProbability: true);

    /// <summary>Accuracy of the decision "probability ≥ threshold".</summary>
    public static ImportanceMetric Accuracy { get; } = new("accuracy", higherIsBetter: true, needsProbability: true);

    /// <summary>Root mean squared error of a regressor's prediction.</summary>
    public static ImportanceMetric Rmse { get; } = new("rmse", higherIsBetter: false, needsProbability: false);

    /// <summary>Every metric, by name.</summary>
    public static IReadOnlyList<ImportanceMetric> All { get; } = [RocAuc, Accuracy, Rmse];

    private ImportanceMetric(string name, bool higherIsBetter, bool needsProbability)
    {
        Name = name;
        HigherIsBetter = higherIsBetter;
        NeedsProbability = needsProbability;
    }

    /// <summary>The name, as the gate and the evidence spell it.</summary>
    public string Name { get; }

    /// <summary>True when a larger value is a better model (ROC AUC, accuracy); false for errors (RMSE).</summary>
    public bool HigherIsBetter { get; }

    /// <summary>True for the classification metrics, which read the positive class's probability.</summary>
    public bool NeedsProbability { get; }

    /// <summary>The metric called <paramref name="name"/>.</summary>
    /// <exception cref="MlOpsException">No metric has that name.</exception>
    public static ImportanceMetric Parse(string name) =>
        All.FirstOrDefault(m => m.Name == name) ?? throw new MlOpsException(
            $"The importance metric '{name}' is unknown; the metrics are {string.Join(", ", All.Select(m => m.Name))}.",
            fix: "Measure importance in rocAuc or accuracy for a binary classifier, rmse for a regressor.",
            diagnostic: DiagnosticCatalog.UnknownImportanceMetric, inputs: [UserInputs.ImportanceMetric]);

    /// <summary>
    /// The importance of a feature from the metric without and with it permuted, signed so that a positive value
    /// means the feature helps: baseline − permuted for a score, permuted − baseline for an error (scikit-learn's
    /// <c>neg_root_mean_squared_error</c> convention).
    /// </summary>
    public double Importance(double baseline, double permuted) => HigherIsBetter ? baseline - permuted : permuted - baseline;

    /// <summary>The metric of <paramref name="scores"/> against <paramref name="targets"/> (1/0 for a classifier's labels).</summary>
    /// <param name="scores">The positive class's probability, or the regressor's prediction, per row.</param>
    /// <param name="targets">The label per row: 1 positive, 0 negative; or the regression target.</param>
    /// <param name="threshold">The decision threshold of <see cref="Accuracy"/>.</param>
    public double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<double> targets, double threshold)
    {
        if (this == RocAuc)
        {
            return RankedAuc(scores, targets);
        }
        if (this == Accuracy)
        {
            long right = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                right += (scores[i] >= threshold) == (targets[i] == 1) ? 1 : 0;
            }
            return (double)right / scores.Length;
        }
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            var d = scores[i] - targets[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / scores.Length);
    }

    // The Mann-Whitney statistic with average ranks for ties: sort once, walk the groups of equal scores.
    private static double RankedAuc(ReadOnlySpan<double> scores, ReadOnlySpan<double> targets)
    {
        var keys = scores.ToArray();
        var labels = targets.ToArray();
        Array.Sort(keys, labels);
        double positives = 0, rankSum = 0;
        var i = 0;
        while (i < keys.Length)
        {
            var j = i;
            var groupPositives = 0;
            while (j < keys.Length && keys[j] == keys[i])
            {
                groupPositives += labels[j] == 1 ? 1 : 0;
                j++;
            }
            // Ranks i+1..j share their average.
            rankSum += groupPositives * ((i + 1 + j) / 2.0);
            positives += groupPositives;
            i = j;
        }
        var negatives = keys.Length - positives;
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
