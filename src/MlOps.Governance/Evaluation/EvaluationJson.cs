using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Evaluation;

/// <summary>Writes the evaluation evidence file (<c>mlops.evidence.evaluation/v1</c>).</summary>
public static class EvaluationJson
{
    /// <summary>The report as an evidence document; verdict "failed" when a rule failed.</summary>
    public static JsonObject ToJson(EvaluationReport report)
    {
        var doc = EvidenceDocument.Create(EvidenceKinds.Evaluation, report.ModelSha256, report.Passed ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed);
        doc["task"] = report.Task switch
        {
            EvaluationTask.Classification => "classification",
            EvaluationTask.Multiclass => "multiclass",
            _ => "regression",
        };
        doc["data"] = EvidenceDocument.DataReference(report.DataFile, report.DataSha256, report.Rows);
        doc["label"] = report.Label;
        if (report.Positive is not null)
        {
            doc["positive"] = report.Positive;
            doc["decisionThreshold"] = EvidenceDocument.Number(report.DecisionThreshold);
        }
        doc["metrics"] = Metrics(report.Metrics);
        report.Intervals?.WriteTo(doc, report.Metrics);
        if (report.Confusion is { } c)
        {
            doc["confusionMatrix"] = new JsonObject
            {
                ["truePositives"] = c.TruePositives,
                ["falsePositives"] = c.FalsePositives,
                ["falseNegatives"] = c.FalseNegatives,
                ["trueNegatives"] = c.TrueNegatives,
            };
        }
        if (report.Multiclass is { } multiclass)
        {
            MulticlassJson.Add(doc, multiclass);
        }
        var undefined = new JsonObject();
        foreach (var (name, value) in report.Metrics.Where(m => double.IsNaN(m.Value)))
        {
            undefined[name] = name switch
            {
                "rocAuc" => "only one class is present in the labels",
                "r2" => "the labels are constant",
                "logLoss" when report.Multiclass is not null => MulticlassJson.NoProbabilities,
                _ => "no rows",
            };
        }
        doc["undefined"] = undefined;
        if (report.Curves is { } curves)
        {
            doc["curves"] = curves.ToJson();
        }
        doc["champion"] = report.ChampionMetrics is null ? null : new JsonObject
        {
            ["modelSha256"] = report.ChampionSha256,
            ["metrics"] = Metrics(report.ChampionMetrics),
        };
        var checks = new JsonArray();
        foreach (var (rule, value, champion, failures) in report.Checks)
        {
            checks.Add(new JsonObject
            {
                ["metric"] = rule.Metric,
                ["value"] = EvidenceDocument.Number(value),
                ["threshold"] = EvidenceDocument.Number(rule.Threshold),
                ["minAbsoluteChange"] = EvidenceDocument.Number(rule.MinAbsoluteChange),
                ["minRelativeChange"] = EvidenceDocument.Number(rule.MinRelativeChange),
                ["greaterIsBetter"] = rule.HigherIsBetter,
                ["champion"] = EvidenceDocument.Number(champion),
                ["passed"] = failures.Count == 0,
                ["failures"] = new JsonArray(failures.Select(f => (JsonNode?)f).ToArray()),
            });
        }
        doc["thresholds"] = checks;
        return doc;
    }

    private static JsonObject Metrics(IReadOnlyList<KeyValuePair<string, double>> metrics)
    {
        var o = new JsonObject();
        foreach (var (k, v) in metrics)
        {
            o[k] = EvidenceDocument.Number(v);
        }
        return o;
    }

    /// <summary>Writes the evidence file atomically.</summary>
    public static void Write(string path, EvaluationReport report) => EvidenceDocument.Write(path, ToJson(report));
}
