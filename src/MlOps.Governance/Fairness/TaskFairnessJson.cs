using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Fairness;

/// <summary>
/// The multiclass and regression parts of the fairness evidence: <c>task</c>, then <c>classes</c> and
/// <c>perClass.&lt;class&gt;.byFeature</c>, or <c>regression.byFeature</c>. Binary evidence gets none of them (it stays
/// byte-identical).
/// </summary>
public static class TaskFairnessJson
{
    /// <summary>Adds <c>task</c> for multiclass and regression reports.</summary>
    public static void AddTask(JsonObject doc, FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(report);
        if (report.PerClass is not null)
        {
            doc["task"] = "multiclass";
        }
        else if (report.Regression is not null)
        {
            doc["task"] = "regression";
        }
    }

    /// <summary>Adds the per-class or regression figures.</summary>
    public static void AddFigures(JsonObject doc, FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(report);
        if (report.PerClass is { } perClass)
        {
            doc["classes"] = new JsonArray(perClass.Classes.Select(c => (JsonNode?)c).ToArray());
            var classes = new JsonObject();
            foreach (var c in perClass.Classes)
            {
                var byFeature = new JsonObject();
                foreach (var f in perClass.ByClass[c])
                {
                    byFeature[f.Feature] = OneVsRest(f, report.Options.MinDisparateImpactRatio);
                }
                classes[c] = new JsonObject { ["byFeature"] = byFeature };
            }
            doc["perClass"] = classes;
        }
        if (report.Regression is { } regression)
        {
            var byFeature = new JsonObject();
            foreach (var f in regression.Features)
            {
                var node = new JsonObject();
                foreach (var (name, value) in f.Metrics())
                {
                    node[name] = EvidenceDocument.Number(value);
                }
                var groups = new JsonObject();
                foreach (var g in f.Groups)
                {
                    groups[g.Name] = new JsonObject
                    {
                        ["count"] = g.Count,
                        ["mae"] = EvidenceDocument.Number(g.Mae),
                        ["rmse"] = EvidenceDocument.Number(g.Rmse),
                        ["meanResidual"] = EvidenceDocument.Number(g.MeanResidual),
                        ["smallGroup"] = g.SmallGroup,
                    };
                }
                node["groups"] = groups;
                byFeature[f.Feature] = node;
            }
            doc["regression"] = new JsonObject { ["residual"] = "prediction - label", ["byFeature"] = byFeature };
        }
    }

    private static JsonObject OneVsRest(FeatureFairness f, double bound)
    {
        var node = new JsonObject { ["privilegedGroup"] = f.PrivilegedGroup, ["privilegedSource"] = f.PrivilegedSource };
        foreach (var (name, value) in f.Metrics())
        {
            node[name] = EvidenceDocument.Number(value);
        }
        node["fourFifthsRule"] = double.IsNaN(f.DisparateImpactRatio) ? null : f.DisparateImpactRatio >= bound;
        var undefined = new JsonObject();
        foreach (var (k, v) in f.Undefined.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            undefined[k] = v;
        }
        node["undefined"] = undefined;
        var groups = new JsonObject();
        foreach (var g in f.Groups)
        {
            groups[g.Name] = new JsonObject
            {
                ["count"] = g.Counts.Count,
                ["selectionRate"] = EvidenceDocument.Number(g.Counts.SelectionRate),
                ["truePositiveRate"] = EvidenceDocument.Number(g.Counts.TruePositiveRate),
                ["falsePositiveRate"] = EvidenceDocument.Number(g.Counts.FalsePositiveRate),
                ["smallGroup"] = g.SmallGroup,
            };
        }
        node["groups"] = groups;
        return node;
    }
}
