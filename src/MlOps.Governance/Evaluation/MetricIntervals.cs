using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;
using MlOps.Governance.Statistics;

namespace MlOps.Governance.Evaluation;

/// <summary>How the evaluation's confidence intervals are bootstrapped (the evaluation's <c>--bootstrap</c>, <c>--seed</c>).</summary>
public sealed record EvaluationBootstrap
{
    /// <summary>Replicates (0 turns the intervals off; at most <see cref="PercentileBootstrap.MaxReplicates"/>).</summary>
    public int Replicates { get; init; } = 200;

    /// <summary>The seed: the same seed and data give the same intervals.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The confidence level of the intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
}

/// <summary>
/// Percentile bootstrap confidence intervals of the evaluation metrics. Resampling uses the Poisson bootstrap:
/// each row is counted Poisson(1) times in a replicate, so a group of c identical rows is counted Poisson(c)
/// times. Classification needs no extra memory: every metric (ROC AUC included) is a function of the rows
/// counted per distinct score and label, which <see cref="ClassificationMetrics"/> already keeps sorted for
/// ROC AUC; a replicate is one pass over those cells. Regression keeps the (label, prediction) pairs,
/// 16 bytes a row (16 MB for a million rows).
/// </summary>
public sealed class MetricIntervals
{
    private MetricIntervals(EvaluationBootstrap bootstrap, IReadOnlyDictionary<string, (double Lower, double Upper)> intervals)
    {
        Bootstrap = bootstrap;
        Intervals = intervals;
    }

    /// <summary>How the intervals were made.</summary>
    public EvaluationBootstrap Bootstrap { get; }

    /// <summary>The interval per metric name; a metric undefined in every replicate has none.</summary>
    public IReadOnlyDictionary<string, (double Lower, double Upper)> Intervals { get; }

    /// <summary>The method, as the evidence states it.</summary>
    public const string Method = "percentile intervals; Poisson bootstrap: each replicate counts every row Poisson(1) times "
        + "(classification: one Poisson draw per distinct score and label; regression: one per row)";

    /// <summary>The intervals of the classification metrics.</summary>
    public static MetricIntervals Classification(ClassificationMetrics metrics, EvaluationBootstrap bootstrap)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var cells = new Cells(metrics.ScoreCounts(), metrics.Threshold);
        var random = new SeededRandom(bootstrap.Seed);
        var samples = new Samples(bootstrap.Replicates);
        var positives = new long[cells.Count];
        var negatives = new long[cells.Count];
        for (var b = 0; b < bootstrap.Replicates; b++)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                positives[i] = random.NextPoisson(cells.Positives[i]);
                negatives[i] = random.NextPoisson(cells.Negatives[i]);
            }
            samples.Add(cells.Replicate(positives, negatives));
        }
        return new MetricIntervals(bootstrap, samples.Intervals(bootstrap.ConfidenceLevel));
    }

    /// <summary>The intervals of the regression metrics.</summary>
    public static MetricIntervals Regression(RegressionPairs pairs, EvaluationBootstrap bootstrap)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var random = new SeededRandom(bootstrap.Seed);
        var samples = new Samples(bootstrap.Replicates);
        for (var b = 0; b < bootstrap.Replicates; b++)
        {
            var replicate = new RegressionMetrics();
            for (var i = 0; i < pairs.Count; i++)
            {
                var (actual, predicted) = pairs[i];
                for (var w = random.NextPoisson(1); w > 0; w--)
                {
                    replicate.Add(actual, predicted);
                }
            }
            samples.Add(EvaluationAnalyzer.Values(replicate));
        }
        return new MetricIntervals(bootstrap, samples.Intervals(bootstrap.ConfidenceLevel));
    }

    /// <summary>Writes <c>bootstrap</c> and <c>confidenceIntervals</c> (metrics in <paramref name="metrics"/>' order) into the evidence.</summary>
    public void WriteTo(JsonObject document, IReadOnlyList<KeyValuePair<string, double>> metrics)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(metrics);
        document["bootstrap"] = new JsonObject
        {
            ["replicates"] = Bootstrap.Replicates,
            ["seed"] = Bootstrap.Seed,
            ["confidenceLevel"] = Bootstrap.ConfidenceLevel,
            ["method"] = Method,
        };
        var intervals = new JsonObject();
        foreach (var (name, _) in metrics)
        {
            if (Intervals.TryGetValue(name, out var ci))
            {
                intervals[name] = new JsonObject { ["lower"] = EvidenceDocument.Number(ci.Lower), ["upper"] = EvidenceDocument.Number(ci.Upper) };
            }
        }
        document["confidenceIntervals"] = intervals;
    }

    // The distinct scores, highest first, with what each row of that score adds to the log loss and the Brier
    // score (computed once: a replicate only reweights them).
    private sealed class Cells
    {
        private readonly bool[] _predictedPositive;
        private readonly double[] _logLossPositive, _logLossNegative, _brierPositive, _brierNegative;

        public Cells(IReadOnlyList<ScoreCount> ascending, double threshold)
        {
            Count = ascending.Count;
            Positives = new long[Count];
            Negatives = new long[Count];
            _predictedPositive = new bool[Count];
            _logLossPositive = new double[Count];
            _logLossNegative = new double[Count];
            _brierPositive = new double[Count];
            _brierNegative = new double[Count];
            for (var i = 0; i < Count; i++)
            {
                var cell = ascending[Count - 1 - i];
                var score = cell.Score;
                var clipped = Math.Clamp(score, ClassificationMetrics.LogLossEpsilon, 1 - ClassificationMetrics.LogLossEpsilon);
                Positives[i] = cell.Positives;
                Negatives[i] = cell.Negatives;
                _predictedPositive[i] = score >= threshold;
                _logLossPositive[i] = -Math.Log(clipped);
                _logLossNegative[i] = -Math.Log(1 - clipped);
                _brierPositive[i] = (score - 1) * (score - 1);
                _brierNegative[i] = score * score;
            }
        }

        public int Count { get; }

        public long[] Positives { get; }

        public long[] Negatives { get; }

        // One replicate's metrics, with the definitions of ClassificationMetrics, from the reweighted cells.
        public List<KeyValuePair<string, double>> Replicate(long[] positives, long[] negatives)
        {
            long tp = 0, fp = 0, allPositives = 0, allNegatives = 0;
            double logLoss = 0, brier = 0, area = 0;
            for (var i = 0; i < Count; i++)
            {
                long p = positives[i], n = negatives[i];
                if (p == 0 && n == 0)
                {
                    continue;
                }
                if (_predictedPositive[i])
                {
                    tp += p;
                    fp += n;
                }
                logLoss += p * _logLossPositive[i] + n * _logLossNegative[i];
                brier += p * _brierPositive[i] + n * _brierNegative[i];
                // Scores descending: the trapezoid of this step, tied scores as one step (as ClassificationMetrics.RocAuc).
                area += n * (2.0 * allPositives + p) / 2;
                allPositives += p;
                allNegatives += n;
            }
            var rows = allPositives + allNegatives;
            var fn = allPositives - tp;
            var tn = allNegatives - fp;
            static double Ratio(double a, double b) => b == 0 ? 0.0 : a / b;
            return
            [
                new("accuracy", rows == 0 ? double.NaN : (double)(tp + tn) / rows),
                new("precision", Ratio(tp, tp + fp)),
                new("recall", Ratio(tp, tp + fn)),
                new("f1", Ratio(2.0 * tp, 2.0 * tp + fp + fn)),
                new("rocAuc", allPositives == 0 || allNegatives == 0 ? double.NaN : area / ((double)allPositives * allNegatives)),
                new("logLoss", rows == 0 ? double.NaN : logLoss / rows),
                new("brier", rows == 0 ? double.NaN : brier / rows),
            ];
        }
    }

    // The replicates' values per metric (undefined values are left out, as the fairness bootstrap does).
    private sealed class Samples(int replicates)
    {
        private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);

        public void Add(IEnumerable<KeyValuePair<string, double>> metrics)
        {
            foreach (var (name, value) in metrics)
            {
                if (double.IsNaN(value))
                {
                    continue;
                }
                if (!_values.TryGetValue(name, out var list))
                {
                    _values[name] = list = new List<double>(replicates);
                }
                list.Add(value);
            }
        }

        public Dictionary<string, (double Lower, double Upper)> Intervals(double confidenceLevel) =>
            _values.ToDictionary(kv => kv.Key, kv => PercentileBootstrap.Interval(kv.Value, confidenceLevel), StringComparer.Ordinal);
    }
}

/// <summary>The (label, prediction) pairs of a regression evaluation, kept for its bootstrap: 16 bytes a row.</summary>
public sealed class RegressionPairs
{
    private readonly List<(double Actual, double Predicted)> _pairs = [];

    /// <summary>Pairs kept.</summary>
    public int Count => _pairs.Count;

    /// <summary>The pair at <paramref name="index"/>.</summary>
    public (double Actual, double Predicted) this[int index] => _pairs[index];

    /// <summary>Keeps one row.</summary>
    public void Add(double actual, double predicted) => _pairs.Add((actual, predicted));
}
