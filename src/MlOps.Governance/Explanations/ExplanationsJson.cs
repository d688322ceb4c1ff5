using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Explanations;

/// <summary>Writes the explanations evidence file (<c>mlops.evidence.explanations/v1</c>).</summary>
public static class ExplanationsJson
{
    /// <summary>The report as an evidence document (verdict <c>info</c>: explanations inform, they do not pass or fail).</summary>
    public static JsonObject ToJson(ExplanationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        var result = report.Importance;
        var doc = EvidenceDocument.Create(EvidenceKinds.Explanations, report.ModelSha256, EvidenceVerdicts.Info);
        doc["data"] = EvidenceDocument.DataReference(report.DataFile, report.DataSha256, result.Rows);
        doc["label"] = o.Label;
        doc["positive"] = o.Metric.NeedsProbability ? o.Positive : null;
        doc["score"] = result.ScoreColumn;
        doc["metric"] = o.Metric.Name;
        if (o.Metric == ImportanceMetric.Accuracy)
        {
            doc["decisionThreshold"] = o.DecisionThreshold;
        }
        doc["repeats"] = o.Repeats;
        doc["seed"] = o.Seed;
        doc["method"] = o.Metric.HigherIsBetter
            ? "permutation importance: baseline metric minus the metric with the feature's column shuffled across the rows, per repeat; mean and population standard deviation over the repeats"
            : "permutation importance: the metric with the feature's column shuffled across the rows minus the baseline metric (an error: positive means the feature helps), per repeat; mean and population standard deviation over the repeats";
        doc["baseline"] = EvidenceDocument.Number(result.Baseline);
        var importance = new JsonObject();
        foreach (var f in result.Features)
        {
            importance[f.Feature] = new JsonObject
            {
                ["mean"] = EvidenceDocument.Number(f.Mean),
                ["std"] = EvidenceDocument.Number(f.Std),
                ["repeats"] = EvidenceDocument.Numbers(f.Values),
            };
        }
        doc["importance"] = importance;
        doc["sensitive"] = new JsonArray(report.Sensitive.Select(s => (JsonNode?)s).ToArray());
        doc["local"] = report.Local is { } local ? Local(local) : new JsonObject { ["supported"] = false, ["reason"] = report.LocalNotSupported };
        return doc;
    }

    private static JsonObject Local(LocalContributionSummary local)
    {
        var groups = new JsonObject();
        foreach (var (column, values) in local.Groups)
        {
            var byValue = new JsonObject();
            foreach (var (value, means) in values)
            {
                byValue[value] = Means(means);
            }
            groups[column] = new JsonObject
            {
                ["modelInput"] = local.Features.Contains(column),
                ["groups"] = byValue,
            };
        }
        return new JsonObject
        {
            ["supported"] = true,
            ["method"] = local.Method,
            ["margin"] = local.Margin,
            ["expectedValue"] = EvidenceDocument.Number(local.ExpectedValue),
            ["rows"] = local.Overall.Rows,
            ["sample"] = local.Seed is { } seed
                ? new JsonObject { ["of"] = local.DataRows, ["seed"] = seed, ["method"] = "uniform without replacement (selection sampling)" }
                : null,
            ["meanAbsoluteContribution"] = Contributions(local.Overall),
            ["sensitive"] = groups,
        };
    }

    private static JsonObject Means(ContributionMeans means) => new()
    {
        ["rows"] = means.Rows,
        ["meanAbsoluteContribution"] = Contributions(means),
    };

    private static JsonObject Contributions(ContributionMeans means)
    {
        var o = new JsonObject();
        foreach (var (feature, value) in means.MeanAbsoluteContribution)
        {
            o[feature] = EvidenceDocument.Number(value);
        }
        return o;
    }

    /// <summary>Writes the evidence file atomically.</summary>
    public static void Write(string path, ExplanationReport report) => EvidenceDocument.Write(path, ToJson(report));
}
