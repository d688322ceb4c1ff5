using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Fairness;

/// <summary>Writes the fairness evidence file (<c>mlops.evidence.fairness/v1</c>).</summary>
public static class FairnessJson
{
    /// <summary>The report as an evidence document. Undefined metrics are null, with the reason under <c>undefined</c>.</summary>
    public static JsonObject ToJson(FairnessReport report)
    {
        var o = report.Options;
        var doc = EvidenceDocument.Create(EvidenceKinds.Fairness, report.ModelSha256,
            report.Regression is not null ? EvidenceVerdicts.Info : report.Passed ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed);
        TaskFairnessJson.AddTask(doc, report);
        doc["data"] = EvidenceDocument.DataReference(report.DataFile, report.DataSha256, report.Rows);
        doc["label"] = o.Label;
        doc["positive"] = o.Task == FairnessTask.Classification ? o.Positive : null;
        doc["prediction"] = report.PredictionSource;
        doc["sensitive"] = new JsonArray(o.Sensitive.Select(s => (JsonNode?)s).ToArray());
        var privileged = new JsonObject();
        foreach (var (k, v) in o.Privileged.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            privileged[k] = v;
        }
        doc["privileged"] = privileged;
        doc["minGroupSize"] = o.MinGroupSize;
        doc["fourFifthsBound"] = o.MinDisparateImpactRatio;
        doc["bootstrap"] = new JsonObject
        {
            ["replicates"] = o.BootstrapReplicates,
            ["seed"] = o.Seed,
            ["confidenceLevel"] = o.ConfidenceLevel,
            ["method"] = "percentile intervals; each replicate resamples the rows with replacement (a multinomial draw over the per-group confusion cells)",
        };
        var byFeature = new JsonObject();
        foreach (var f in report.Features)
        {
            var node = new JsonObject
            {
                ["columns"] = new JsonArray(f.Columns.Select(c => (JsonNode?)c).ToArray()),
                ["privilegedGroup"] = f.PrivilegedGroup,
                ["privilegedSource"] = f.PrivilegedSource,
            };
            foreach (var (name, value) in f.Metrics())
            {
                node[name] = EvidenceDocument.Number(value);
            }
            node["fourFifthsRule"] = double.IsNaN(f.DisparateImpactRatio) ? null : f.DisparateImpactRatio >= o.MinDisparateImpactRatio;
            var undefined = new JsonObject();
            foreach (var (k, v) in f.Undefined.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                undefined[k] = v;
            }
            node["undefined"] = undefined;
            node["notes"] = new JsonArray(f.Notes.Select(n => (JsonNode?)n).ToArray());
            var intervals = new JsonObject();
            foreach (var (name, _) in f.Metrics())
            {
                if (f.ConfidenceIntervals.TryGetValue(name, out var ci))
                {
                    intervals[name] = new JsonObject { ["lower"] = EvidenceDocument.Number(ci.Lower), ["upper"] = EvidenceDocument.Number(ci.Upper) };
                }
            }
            node["confidenceIntervals"] = intervals;
            var groups = new JsonObject();
            foreach (var g in f.Groups)
            {
                var c = g.Counts;
                groups[g.Name] = new JsonObject
                {
                    ["count"] = c.Count,
                    ["selectionRate"] = EvidenceDocument.Number(c.SelectionRate),
                    ["truePositiveRate"] = EvidenceDocument.Number(c.TruePositiveRate),
                    ["falsePositiveRate"] = EvidenceDocument.Number(c.FalsePositiveRate),
                    ["accuracy"] = EvidenceDocument.Number(c.Accuracy),
                    ["disparateImpactRatio"] = EvidenceDocument.Number(g.DisparateImpactRatio),
                    ["actualPositives"] = c.ActualPositives,
                    ["actualNegatives"] = c.ActualNegatives,
                    ["confusion"] = new JsonObject
                    {
                        ["truePositives"] = c.TruePositives,
                        ["falsePositives"] = c.FalsePositives,
                        ["falseNegatives"] = c.FalseNegatives,
                        ["trueNegatives"] = c.TrueNegatives,
                    },
                    ["smallGroup"] = g.SmallGroup,
                };
            }
            node["groups"] = groups;
            byFeature[f.Feature] = node;
        }
        doc["byFeature"] = byFeature;
        TaskFairnessJson.AddFigures(doc, report);
        doc["cells"] = FairnessMerge.CellsJson(report.Cells);
        return doc;
    }

    /// <summary>Writes the evidence file atomically.</summary>
    public static void Write(string path, FairnessReport report) =>
        EvidenceDocument.Write(path, ToJson(report));
}
