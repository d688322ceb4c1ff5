using System.Globalization;
using System.Text.Json;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Policy;

/// <summary>
/// The gate's evaluation-metric requirements. A bound checks the metric's value, or with <c>bound: lower</c> /
/// <c>bound: upper</c> an end of its bootstrap confidence interval (<c>confidenceIntervals.&lt;metric&gt;</c> of the
/// evaluation evidence): "the model is at least this good, with 95% confidence", not "it scored this once".
/// Evidence without the interval (made before intervals existed, or with the bootstrap off) cannot meet such a
/// requirement: the detail says to rerun the evaluation stage.
/// </summary>
internal static class MetricRequirements
{
    /// <summary>One requirement per bounded metric, in ordinal metric order.</summary>
    public static IEnumerable<GateRequirement> Check(EvidenceFile? evaluation, IReadOnlyDictionary<string, MetricBound> bounds)
    {
        foreach (var (metric, bound) in bounds.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var id = $"metrics.{metric}";
            var description = $"Evaluation metric {metric} {bound}";
            if (evaluation is null)
            {
                yield return new GateRequirement(id, description, false, "no evaluation evidence");
                continue;
            }
            var root = evaluation.Root;
            var value = Evaluation.EvaluationMetricNames.IsPerClass(metric) ? PerClassValue(root, metric) : Number(root, "metrics", metric);
            if (bound.Figure == BoundedFigure.Estimate)
            {
                yield return new GateRequirement(id, description, value is { } v && bound.Allows(v),
                    value is { } x ? $"{metric} = {Show(x)}" : $"{metric} is not reported (or undefined) in the evaluation evidence");
                continue;
            }
            var interval = root.TryGetProperty("confidenceIntervals", out var cis) && cis.ValueKind == JsonValueKind.Object ? cis : default;
            var lower = interval.ValueKind == JsonValueKind.Object ? Number(interval, metric, "lower") : null;
            var upper = interval.ValueKind == JsonValueKind.Object ? Number(interval, metric, "upper") : null;
            if (lower is null || upper is null)
            {
                yield return new GateRequirement(id, description, false,
                    $"no confidence interval of {metric} in the evaluation evidence: rerun the evaluation stage (with the bootstrap on)");
                continue;
            }
            var checkedFigure = bound.Figure == BoundedFigure.Lower ? lower.Value : upper.Value;
            yield return new GateRequirement(id, description, bound.Allows(checkedFigure),
                $"{metric} = {(value is { } y ? Show(y) : "undefined")}, {Level(root)} confidence interval [{Show(lower.Value)}, {Show(upper.Value)}]{Replicates(root)}; "
                + $"{(bound.Figure == BoundedFigure.Lower ? "lower" : "upper")} bound {Show(checkedFigure)}");
        }
    }

    private static string Level(JsonElement root) =>
        Number(root, "bootstrap", "confidenceLevel") is { } c ? Show(c * 100) + "%" : "bootstrap";

    private static string Replicates(JsonElement root) =>
        Number(root, "bootstrap", "replicates") is { } n ? $" ({Show(n)} bootstrap replicates)" : "";

    // perClass.<class>.<figure> (a class name may itself hold dots: the figure is after the last one).
    private static double? PerClassValue(JsonElement root, string metric)
    {
        var last = metric.LastIndexOf('.');
        return root.TryGetProperty("perClass", out var perClass) && perClass.ValueKind == JsonValueKind.Object
            && perClass.TryGetProperty(metric["perClass.".Length..last], out var figures)
            && figures.ValueKind == JsonValueKind.Object && figures.TryGetProperty(metric[(last + 1)..], out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : null;
    }

    private static double? Number(JsonElement root, string obj, string name) =>
        root.TryGetProperty(obj, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : null;

    private static string Show(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
}
