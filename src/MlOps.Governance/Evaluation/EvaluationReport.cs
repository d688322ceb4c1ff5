namespace MlOps.Governance.Evaluation;

/// <summary>The kind of model evaluated.</summary>
public enum EvaluationTask
{
    /// <summary>Binary classification (a probability of the positive class).</summary>
    Classification,

    /// <summary>Regression (a number).</summary>
    Regression,

    /// <summary>Multiclass classification (a probability per class, or the predicted class).</summary>
    Multiclass,
}

/// <summary>The evaluation evidence: metrics, the confusion matrix, and the threshold checks.</summary>
public sealed record EvaluationReport
{
    /// <summary>The source digest of the model evaluated, or null when only predictions were given.</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>Classification or regression.</summary>
    public required EvaluationTask Task { get; init; }

    /// <summary>The evaluation data's file name (no folder: evidence must not depend on where it was made).</summary>
    public required string DataFile { get; init; }

    /// <summary>The sha256 of the evaluation data file the user gave (null when not computed).</summary>
    public string? DataSha256 { get; init; }

    /// <summary>Rows scored.</summary>
    public required long Rows { get; init; }

    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>Classification: the positive label.</summary>
    public string? Positive { get; init; }

    /// <summary>Classification: the decision threshold of the confusion matrix.</summary>
    public double? DecisionThreshold { get; init; }

    /// <summary>Metric values by name (NaN = undefined).</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> Metrics { get; init; }

    /// <summary>Classification: TP, FP, FN, TN at the decision threshold.</summary>
    public (long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)? Confusion { get; init; }

    /// <summary>Multiclass: the classes, the k×k confusion matrix and the per-class figures; null otherwise.</summary>
    public MulticlassResult? Multiclass { get; init; }

    /// <summary>Every value a rule can name: the metrics, and for multiclass <c>perClass.&lt;class&gt;.&lt;figure&gt;</c>.</summary>
    public IEnumerable<KeyValuePair<string, double>> RuleMetrics => Multiclass is null ? Metrics : Metrics.Concat(Multiclass.PerClassValues());

    /// <summary>The champion's metric values on the same data, when a champion was given.</summary>
    public IReadOnlyList<KeyValuePair<string, double>>? ChampionMetrics { get; init; }

    /// <summary>The champion's source digest.</summary>
    public string? ChampionSha256 { get; init; }

    /// <summary>Each rule with its failures.</summary>
    public IReadOnlyList<(MetricThreshold Rule, double Value, double? Champion, IReadOnlyList<string> Failures)> Checks { get; init; } = [];

    /// <summary>Bootstrap confidence intervals of the metrics (null when not computed, e.g. a report built by hand).</summary>
    public MetricIntervals? Intervals { get; init; }

    /// <summary>Binary classification: ROC, precision-recall and calibration curves (null otherwise or with one class).</summary>
    public Curves? Curves { get; init; }

    /// <summary>True when every rule passed.</summary>
    public bool Passed => Checks.All(c => c.Failures.Count == 0);

    /// <summary>A metric by name (NaN when absent).</summary>
    public double Metric(string name) => Metrics.FirstOrDefault(m => m.Key == name) is { Key: not null } m ? m.Value : double.NaN;
}
