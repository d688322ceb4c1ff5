using System.Globalization;
using System.Text.Json;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Policy;

/// <summary>
/// The gate's fairness requirements: every bound of the policy applied to every single sensitive feature and to
/// every intersection of sensitive features in the fairness evidence (<c>sex&amp;age_group</c>), with the same
/// thresholds. Every pair of sensitive features must be there: evidence made without intersections cannot pass.
/// An intersection's metrics leave out its groups flagged <c>smallGroup</c> (the fairness stage computes them so);
/// when fewer than two of its groups are large enough, there is nothing to compare and the requirement is met,
/// saying why.
/// </summary>
internal static class FairnessRequirements
{
    /// <summary>The requirements, metric by metric (ordinal), each over the features in evidence order.</summary>
    public static IEnumerable<GateRequirement> Check(EvidenceFile? fairness, IReadOnlyDictionary<string, MetricBound> bounds)
    {
        var features = fairness is null ? [] : Judged(fairness.Root);
        var missingPairs = fairness is null || Task(fairness.Root) != "classification" ? [] : MissingPairs(fairness.Root, features);
        foreach (var (metric, bound) in bounds.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (fairness is null || features.Count == 0)
            {
                yield return new GateRequirement($"fairness.{metric}", $"Fairness {metric} {bound} for every sensitive feature", false,
                    fairness is null ? "no fairness evidence" : "the fairness evidence has no sensitive feature");
                continue;
            }
            foreach (var feature in features)
            {
                yield return Judge(feature.Name, feature.Value, metric, bound);
            }
            foreach (var pair in missingPairs)
            {
                yield return new GateRequirement($"fairness.{pair}.{metric}", $"Fairness {metric} of '{pair}' {bound}", false,
                    $"the fairness evidence has no intersection '{pair}': rerun the fairness stage with intersections on");
            }
        }
    }

    private static string Task(JsonElement root) =>
        root.TryGetProperty("task", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "classification";

    // What the bounds apply to: the binary evidence's features (and intersections); for multiclass evidence every
    // class's features, named '<class>:<feature>' (each class against the rest); for regression evidence its
    // features, whose figures are error differences and ratios (maeRatio, rmseDifference, ...).
    private static List<(string Name, JsonElement Value)> Judged(JsonElement root)
    {
        static IEnumerable<(string Name, JsonElement Value)> Features(JsonElement parent, string prefix) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty("byFeature", out var bf) && bf.ValueKind == JsonValueKind.Object
                ? bf.EnumerateObject().Select(f => (prefix + f.Name, f.Value))
                : [];
        return Task(root) switch
        {
            "multiclass" => root.TryGetProperty("perClass", out var perClass) && perClass.ValueKind == JsonValueKind.Object
                ? perClass.EnumerateObject().SelectMany(c => Features(c.Value, c.Name + ":")).ToList()
                : [],
            "regression" => root.TryGetProperty("regression", out var regression) ? Features(regression, "").ToList() : [],
            _ => Features(root, "").ToList(),
        };
    }

    private static GateRequirement Judge(string name, JsonElement feature, string metric, MetricBound bound)
    {
        var id = $"fairness.{name}.{metric}";
        var description = $"Fairness {metric} of '{name}' {bound}";
        if (name.Contains('&') && CountedGroups(feature) is { } counted and < 2)
        {
            return new GateRequirement(id, description, true,
                $"not judged: {counted} group(s) of '{name}' reach the minimum group size (the others are flagged smallGroup)");
        }
        var value = feature.TryGetProperty(metric, out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : (double?)null;
        if (bound.Figure != BoundedFigure.Estimate)
        {
            var end = bound.Figure == BoundedFigure.Lower ? "lower" : "upper";
            var figure = feature.TryGetProperty("confidenceIntervals", out var cis) && cis.ValueKind == JsonValueKind.Object
                && cis.TryGetProperty(metric, out var ci) && ci.ValueKind == JsonValueKind.Object
                && ci.TryGetProperty(end, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : (double?)null;
            return new GateRequirement(id, description, figure is { } f && bound.Allows(f),
                figure is { } g ? $"{metric} = {(value is { } y ? Show(y) : "undefined")}, {end} confidence bound {Show(g)}"
                    : $"no confidence interval of {metric} for '{name}' in the fairness evidence: rerun the fairness stage with the bootstrap on");
        }
        return new GateRequirement(id, description, value is { } v && bound.Allows(v),
            value is { } x ? $"{metric} = {Show(x)}" : $"{metric} is undefined for '{name}'");
    }

    private static string Show(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    // Groups not flagged smallGroup; null when the evidence lists no groups.
    private static int? CountedGroups(JsonElement feature) =>
        feature.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Object
            ? groups.EnumerateObject().Count(g => !(g.Value.TryGetProperty("smallGroup", out var s) && s.ValueKind == JsonValueKind.True))
            : null;

    // Every pair of the evidence's sensitive features that has no entry of its own, as 'a&b' in option order.
    private static List<string> MissingPairs(JsonElement root, List<(string Name, JsonElement Value)> features)
    {
        var sensitive = root.TryGetProperty("sensitive", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        var present = features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        for (var i = 0; i < sensitive.Count; i++)
        {
            for (var j = i + 1; j < sensitive.Count; j++)
            {
                var key = $"{sensitive[i]}&{sensitive[j]}";
                if (!present.Contains(key))
                {
                    missing.Add(key);
                }
            }
        }
        return missing;
    }
}
