namespace MlOps.Governance.Evaluation;

/// <summary>
/// A validation rule for one metric with MLflow's MetricThreshold semantics: <c>threshold</c> — the value must be
/// ≥ it (≤ when lower is better); <c>minAbsoluteChange</c> — the candidate must beat the champion by more than this
/// (candidate &gt; champion + change, or &lt; champion − change); <c>minRelativeChange</c> — by more than this share
/// of the champion's value (candidate &gt; champion · (1 + change); a champion value of 0 needs any improvement).
/// A champion rule without a champion value fails, as in MLflow ("missing baseline").
/// </summary>
public sealed record MetricThreshold(string Metric, double? Threshold = null, double? MinAbsoluteChange = null,
    double? MinRelativeChange = null, bool? GreaterIsBetter = null)
{
    /// <summary>Whether higher values are better: as given, else the metric's natural direction.</summary>
    public bool HigherIsBetter => GreaterIsBetter ?? !EvaluationMetricNames.LowerIsBetter.Contains(Metric);

    /// <summary>Every reason the candidate value fails this rule (empty when it passes).</summary>
    public IReadOnlyList<string> Check(double candidate, double? champion)
    {
        var failures = new List<string>();
        var higher = HigherIsBetter;
        if (double.IsNaN(candidate))
        {
            failures.Add($"{Metric} is undefined on the evaluation data");
            return failures;
        }
        if (Threshold is { } t && !(higher ? candidate >= t : candidate <= t))
        {
            failures.Add($"{Metric} {Show(candidate)} is {(higher ? "below" : "above")} the threshold {Show(t)}");
        }
        if (MinAbsoluteChange is { } abs)
        {
            if (champion is not { } c || double.IsNaN(c))
            {
                failures.Add($"{Metric}: no champion value to compare with (minAbsoluteChange {Show(abs)})");
            }
            else
            {
                var bound = higher ? c + abs : c - abs;
                if (!(higher ? candidate > bound : candidate < bound))
                {
                    failures.Add($"{Metric} {Show(candidate)} does not beat the champion's {Show(c)} by more than {Show(abs)} (needs {(higher ? ">" : "<")} {Show(bound)})");
                }
            }
        }
        if (MinRelativeChange is { } rel)
        {
            if (champion is not { } c || double.IsNaN(c))
            {
                failures.Add($"{Metric}: no champion value to compare with (minRelativeChange {Show(rel)})");
            }
            else
            {
                var bound = c == 0 ? 0 : c * (higher ? 1 + rel : 1 - rel);
                if (!(higher ? candidate > bound : candidate < bound))
                {
                    failures.Add($"{Metric} {Show(candidate)} does not beat the champion's {Show(c)} by more than {Show(rel * 100)}% (needs {(higher ? ">" : "<")} {Show(bound)})");
                }
            }
        }
        return failures;
    }

    private static string Show(double x) => x.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The metric names of the evaluation evidence.</summary>
public static class EvaluationMetricNames
{
    /// <summary>Classification metrics.</summary>
    public static IReadOnlyList<string> Classification { get; } = ["accuracy", "precision", "recall", "f1", "rocAuc", "logLoss", "brier"];

    /// <summary>Multiclass metrics (besides <c>perClass.&lt;class&gt;.precision|recall|f1|support</c>).</summary>
    public static IReadOnlyList<string> Multiclass { get; } = ["accuracy", "macroPrecision", "macroRecall", "macroF1", "microF1", "weightedF1", "logLoss"];

    /// <summary>Whether <paramref name="metric"/> names one class's figure: <c>perClass.&lt;class&gt;.precision|recall|f1|support</c>.</summary>
    public static bool IsPerClass(string metric) =>
        metric is not null && metric.StartsWith("perClass.", StringComparison.Ordinal) && metric.LastIndexOf('.') > "perClass.".Length
        && metric[(metric.LastIndexOf('.') + 1)..] is "precision" or "recall" or "f1" or "support";

    /// <summary>Regression metrics.</summary>
    public static IReadOnlyList<string> Regression { get; } = ["rmse", "mae", "r2"];

    /// <summary>Metrics where smaller is better.</summary>
    public static IReadOnlySet<string> LowerIsBetter { get; } = new HashSet<string>(StringComparer.Ordinal) { "logLoss", "brier", "rmse", "mae" };
}
