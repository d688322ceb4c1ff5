namespace MlOps.Governance.Evaluation;

/// <summary>
/// Streams (true label, probability of the positive class) pairs into binary classification metrics with
/// scikit-learn's definitions. Memory: constant, except the ROC curve, which needs the count of positives
/// and negatives per distinct score (at most <see cref="MaxDistinctScores"/>; past that, scores are rounded
/// to 7 significant digits, which moves ROC AUC by less than 1e-6 in practice).
/// </summary>
public sealed class ClassificationMetrics
{
    /// <summary>Distinct scores kept exactly for ROC AUC.</summary>
    public const int MaxDistinctScores = 1 << 20;

    /// <summary>The clip applied to probabilities before the log (scikit-learn ≥ 1.5: float64 machine epsilon).</summary>
    public const double LogLossEpsilon = 2.220446049250313e-16;

    private readonly Dictionary<double, (long Positives, long Negatives)> _byScore = new();
    private bool _rounding;
    private double _logLossSum;
    private double _brierSum;

    /// <summary>Creates an accumulator with the decision threshold (predicted positive when score ≥ threshold).</summary>
    public ClassificationMetrics(double threshold = 0.5) => Threshold = threshold;

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>True positives at the threshold.</summary>
    public long TruePositives { get; private set; }

    /// <summary>False positives at the threshold.</summary>
    public long FalsePositives { get; private set; }

    /// <summary>False negatives at the threshold.</summary>
    public long FalseNegatives { get; private set; }

    /// <summary>True negatives at the threshold.</summary>
    public long TrueNegatives { get; private set; }

    /// <summary>Rows added.</summary>
    public long Count => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Adds one row: the true label and the model's probability of the positive class.</summary>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(bool actual, double score)
    {
        var predicted = score >= Threshold;
        if (actual)
        {
            if (predicted)
            {
                TruePositives++;
            }
            else
            {
                FalseNegatives++;
            }
        }
        else if (predicted)
        {
            FalsePositives++;
        }
        else
        {
            TrueNegatives++;
        }
        var p = Math.Clamp(score, LogLossEpsilon, 1 - LogLossEpsilon);
        _logLossSum -= actual ? Math.Log(p) : Math.Log(1 - p);
        var y = actual ? 1.0 : 0.0;
        _brierSum += (score - y) * (score - y);
        var key = _rounding ? Round7(score) : score;
        ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_byScore, key, out _);
        cell = actual ? (cell.Positives + 1, cell.Negatives) : (cell.Positives, cell.Negatives + 1);
        if (!_rounding && _byScore.Count > MaxDistinctScores)
        {
            Compact();
        }
    }

    private void Compact()
    {
        _rounding = true;
        var old = _byScore.ToList();
        _byScore.Clear();
        foreach (var (score, counts) in old)
        {
            ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_byScore, Round7(score), out _);
            cell = (cell.Positives + counts.Positives, cell.Negatives + counts.Negatives);
        }
    }

    private static double Round7(double x) => x == 0 ? 0 : double.Parse(x.ToString("G7", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>(TP + TN) / n.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Count);

    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's zero_division default).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 without actual positives (scikit-learn's zero_division default).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2·TP / (2·TP + FP + FN); 0 when that denominator is 0.</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Mean negative log-likelihood with probabilities clipped to [ε, 1 − ε].</summary>
    public double LogLoss => Count == 0 ? double.NaN : _logLossSum / Count;

    /// <summary>Mean squared difference between probability and outcome.</summary>
    public double Brier => Count == 0 ? double.NaN : _brierSum / Count;

    /// <summary>
    /// Area under the ROC curve with tied scores as one step (scikit-learn's roc_auc_score: the trapezoid over
    /// the distinct thresholds). NaN (reported as null) when only one class is present.
    /// </summary>
    public double RocAuc
    {
        get
        {
            var positives = TruePositives + FalseNegatives;
            var negatives = FalsePositives + TrueNegatives;
            if (positives == 0 || negatives == 0)
            {
                return double.NaN;
            }
            var scores = _byScore.Keys.ToArray();
            Array.Sort(scores);
            double area = 0, tp = 0, fp = 0;
            for (var i = scores.Length - 1; i >= 0; i--)
            {
                var (p, n) = _byScore[scores[i]];
                var newTp = tp + p;
                var newFp = fp + n;
                area += (newFp - fp) * (tp + newTp) / 2;
                tp = newTp;
                fp = newFp;
            }
            return area / ((double)positives * negatives);
        }
    }

    /// <summary>
    /// The rows counted per distinct score (rounded as described above past <see cref="MaxDistinctScores"/>), in
    /// ascending score order: every classification metric, curve and bootstrap replicate is a function of these.
    /// </summary>
    public IReadOnlyList<ScoreCount> ScoreCounts()
    {
        var list = _byScore.Select(kv => new ScoreCount(kv.Key, kv.Value.Positives, kv.Value.Negatives)).ToList();
        list.Sort((a, b) => a.Score.CompareTo(b.Score));
        return list;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;
}

/// <summary>The rows with one score: how many are actual positives and actual negatives.</summary>
public readonly record struct ScoreCount(double Score, long Positives, long Negatives);

/// <summary>Streams (true value, prediction) pairs into regression metrics.</summary>
public sealed class RegressionMetrics
{
    private readonly Statistics.RunningMoments _labels = new();
    private double _squaredErrors;
    private double _absoluteErrors;

    /// <summary>Rows added.</summary>
    public long Count => _labels.Count;

    /// <summary>Adds one row.</summary>
    public void Add(double actual, double predicted)
    {
        _labels.Add(actual);
        var e = predicted - actual;
        _squaredErrors += e * e;
        _absoluteErrors += Math.Abs(e);
    }

    /// <summary>√(mean squared error).</summary>
    public double Rmse => Count == 0 ? double.NaN : Math.Sqrt(_squaredErrors / Count);

    /// <summary>Mean absolute error.</summary>
    public double Mae => Count == 0 ? double.NaN : _absoluteErrors / Count;

    /// <summary>1 − SSE / SST (scikit-learn's r2_score; NaN, reported as null, when the labels are constant).</summary>
    public double R2
    {
        get
        {
            var sst = _labels.PopulationVariance * Count;
            return Count == 0 || sst == 0 ? double.NaN : 1 - _squaredErrors / sst;
        }
    }
}
