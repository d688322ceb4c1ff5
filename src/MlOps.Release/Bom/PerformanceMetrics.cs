using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Release.Bom;

/// <summary>
/// <c>modelCard.quantitativeAnalysis.performanceMetrics</c>: every metric of the evaluation evidence (the whole
/// evaluation set, so no slice), then per sensitive feature of the fairness evidence its between-group metrics
/// (slice: the feature, with the bootstrap confidence interval) and each group's rates (slice:
/// <c>feature=group</c>). Values are the evidence's numbers as written there; an undefined metric (null in the
/// evidence) is left out.
/// </summary>
internal static class PerformanceMetrics
{
    /// <summary>The per-group rates the fairness evidence records, in its order.</summary>
    private static readonly string[] GroupRates = ["selectionRate", "truePositiveRate", "falsePositiveRate", "accuracy", "disparateImpactRatio"];

    /// <summary>The between-group metrics the fairness evidence records, in its order.</summary>
    private static readonly string[] BetweenGroup =
    [
        "demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio",
        "equalOpportunityDifference", "disparateImpactRatio",
    ];

    public static JsonArray Of(EvidenceFile? evaluation, EvidenceFile? fairness)
    {
        var metrics = new JsonArray();
        if (evaluation is not null)
        {
            foreach (var metric in ((JsonElement?)evaluation.Root).Get("metrics").Properties())
            {
                Add(metrics, metric.Name, ((JsonElement?)metric.Value).NumberText(), slice: null, interval: null);
            }
        }
        if (fairness is not null)
        {
            foreach (var feature in ((JsonElement?)fairness.Root).Get("byFeature").Properties())
            {
                JsonElement? f = feature.Value;
                foreach (var name in BetweenGroup)
                {
                    Add(metrics, name, f.Get(name).NumberText(), feature.Name, f.Get("confidenceIntervals").Get(name));
                }
                foreach (var group in f.Get("groups").Properties())
                {
                    JsonElement? g = group.Value;
                    foreach (var name in GroupRates)
                    {
                        Add(metrics, name, g.Get(name).NumberText(), $"{feature.Name}={group.Name}", interval: null);
                    }
                }
            }
        }
        return metrics;
    }

    private static void Add(JsonArray metrics, string type, string? value, string? slice, JsonElement? interval)
    {
        if (value is null)
        {
            return;
        }
        var metric = new JsonObject { ["type"] = type, ["value"] = value };
        if (slice is not null)
        {
            metric["slice"] = slice;
        }
        var lower = interval.Get("lower").NumberText();
        var upper = interval.Get("upper").NumberText();
        if (lower is not null || upper is not null)
        {
            var bounds = new JsonObject();
            if (lower is not null)
            {
                bounds["lowerBound"] = lower;
            }
            if (upper is not null)
            {
                bounds["upperBound"] = upper;
            }
            metric["confidenceInterval"] = bounds;
        }
        metrics.Add(metric);
    }
}
