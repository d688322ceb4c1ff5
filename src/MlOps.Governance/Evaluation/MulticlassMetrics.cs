using MlOps.Governance.Scoring;

namespace MlOps.Governance.Evaluation;

/// <summary>
/// Streams (true class, predicted class, class probabilities) rows into a k×k confusion matrix and the log-loss sum,
/// from which <see cref="MulticlassResult"/> derives scikit-learn's metrics. Memory: k² counts. The classes are the
/// model's (fixed, in the model's order) or, without class probabilities, every label and prediction seen (sorted at
/// the end, as scikit-learn's <c>unique_labels</c> does).
/// </summary>
public sealed class MulticlassMetrics
{
    private long[,] _matrix;
    private double _logLossSum;

    /// <summary>An accumulator over <paramref name="classes"/> (the model's, or collected as seen).</summary>
    public MulticlassMetrics(ClassTable classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        Table = classes;
        var size = Math.Max(classes.Classes.Count, 4);
        _matrix = new long[size, size];
        classes.Added += Grow;
    }

    /// <summary>The classes and their indexes.</summary>
    public ClassTable Table { get; }

    /// <summary>Rows added.</summary>
    public long Count { get; private set; }

    private void Grow(int index)
    {
        if (index < _matrix.GetLength(0))
        {
            return;
        }
        var grown = new long[index * 2, index * 2];
        for (var a = 0; a < index; a++)
        {
            for (var p = 0; p < index; p++)
            {
                grown[a, p] = _matrix[a, p];
            }
        }
        _matrix = grown;
    }

    /// <summary>Adds one row without probabilities.</summary>
    public void Add(int actual, int predicted)
    {
        _matrix[actual, predicted]++;
        Count++;
    }

    /// <summary>
    /// Adds one row with the model's class probabilities (in class order): the prediction is their argmax (the first
    /// class on a tie, as numpy's argmax), and the log loss is scikit-learn's: each probability clipped to
    /// [ε, 1 − ε] (ε = <see cref="ClassificationMetrics.LogLossEpsilon"/>, as the binary log loss), then the row
    /// renormalised.
    /// </summary>
    public void Add(int actual, ReadOnlySpan<double> probabilities)
    {
        var predicted = 0;
        var sum = 0.0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[predicted])
            {
                predicted = k;
            }
            sum += Math.Clamp(probabilities[k], ClassificationMetrics.LogLossEpsilon, 1 - ClassificationMetrics.LogLossEpsilon);
        }
        var own = Math.Clamp(probabilities[actual], ClassificationMetrics.LogLossEpsilon, 1 - ClassificationMetrics.LogLossEpsilon);
        _logLossSum -= Math.Log(own / sum);
        Add(actual, predicted);
    }

    /// <summary>
    /// The metrics; <paramref name="withProbabilities"/>: whether every row came with probabilities (else the log loss
    /// is undefined). Collected classes are sorted (numbers by value when every class is a number, else ordinally).
    /// </summary>
    public MulticlassResult Result(bool withProbabilities)
    {
        var order = Table.Order();
        var confusion = order.Select(a => order.Select(p => _matrix[a, p]).ToArray()).ToArray();
        return new MulticlassResult(order.Select(i => Table.Classes[i]).ToList(), confusion,
            withProbabilities && Count > 0 ? _logLossSum / Count : double.NaN);
    }
}

/// <summary>One class's one-vs-rest figures.</summary>
/// <param name="Class">The class name.</param>
/// <param name="Precision">TP / (TP + FP); 0 when the class is never predicted (scikit-learn's zero_division default).</param>
/// <param name="Recall">TP / support; 0 without support.</param>
/// <param name="F1">2·P·R / (P + R); 0 when both are 0.</param>
/// <param name="Support">Rows whose true label is the class.</param>
public sealed record ClassFigures(string Class, double Precision, double Recall, double F1, long Support);

/// <summary>
/// Multiclass metrics with scikit-learn's definitions (<c>classification_report</c> over every class, <c>log_loss</c>,
/// <c>confusion_matrix</c>): rows of <see cref="Confusion"/> are true classes, columns predicted classes.
/// </summary>
public sealed record MulticlassResult
{
    /// <summary>Creates the result from the confusion matrix and the mean log loss (NaN: no probabilities).</summary>
    public MulticlassResult(IReadOnlyList<string> classes, long[][] confusion, double logLoss)
    {
        Classes = classes;
        Confusion = confusion;
        LogLoss = logLoss;
        var k = classes.Count;
        Rows = confusion.Sum(r => r.Sum());
        var perClass = new List<ClassFigures>(k);
        long correct = 0;
        for (var c = 0; c < k; c++)
        {
            var tp = confusion[c][c];
            correct += tp;
            var support = confusion[c].Sum();
            var predicted = confusion.Sum(r => r[c]);
            var precision = Ratio(tp, predicted);
            var recall = Ratio(tp, support);
            perClass.Add(new ClassFigures(classes[c], precision, recall, FScore(precision, recall), support));
        }
        PerClass = perClass;
        Accuracy = Ratio(correct, Rows);
        MacroPrecision = k == 0 ? double.NaN : perClass.Average(f => f.Precision);
        MacroRecall = k == 0 ? double.NaN : perClass.Average(f => f.Recall);
        MacroF1 = k == 0 ? double.NaN : perClass.Average(f => f.F1);
        // Over every class, micro precision and micro recall are both correct / rows.
        MicroF1 = FScore(Accuracy, Accuracy);
        WeightedF1 = Rows == 0 ? double.NaN : perClass.Sum(f => f.F1 * f.Support) / Rows;
    }

    /// <summary>The classes, in the order of the matrix.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Counts: [true class][predicted class].</summary>
    public IReadOnlyList<long[]> Confusion { get; }

    /// <summary>Rows counted.</summary>
    public long Rows { get; }

    /// <summary>Share of rows predicted right.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of the per-class precisions.</summary>
    public double MacroPrecision { get; }

    /// <summary>Unweighted mean of the per-class recalls.</summary>
    public double MacroRecall { get; }

    /// <summary>Unweighted mean of the per-class F1 scores.</summary>
    public double MacroF1 { get; }

    /// <summary>F1 of the pooled counts (equals the accuracy when every class is counted).</summary>
    public double MicroF1 { get; }

    /// <summary>Mean of the per-class F1 scores weighted by support.</summary>
    public double WeightedF1 { get; }

    /// <summary>Mean negative log-likelihood of the true class; NaN when the model gives no probabilities.</summary>
    public double LogLoss { get; }

    /// <summary>Per-class figures, in class order.</summary>
    public IReadOnlyList<ClassFigures> PerClass { get; }

    /// <summary>The summary metrics in contract order.</summary>
    public List<KeyValuePair<string, double>> Values() =>
    [
        new("accuracy", Accuracy), new("macroPrecision", MacroPrecision), new("macroRecall", MacroRecall), new("macroF1", MacroF1),
        new("microF1", MicroF1), new("weightedF1", WeightedF1), new("logLoss", LogLoss),
    ];

    /// <summary>The per-class figures under their dotted names (<c>perClass.&lt;class&gt;.recall</c>), for rules and the gate.</summary>
    public IEnumerable<KeyValuePair<string, double>> PerClassValues() => PerClass.SelectMany(f => new KeyValuePair<string, double>[]
    {
        new($"perClass.{f.Class}.precision", f.Precision), new($"perClass.{f.Class}.recall", f.Recall),
        new($"perClass.{f.Class}.f1", f.F1), new($"perClass.{f.Class}.support", f.Support),
    });

    // scikit-learn's F-score from precision and recall (0 when both are 0).
    private static double FScore(double precision, double recall) => precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;
}
