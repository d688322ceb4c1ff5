using System.Text.Json.Nodes;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Robustness;

/// <summary>Writes the robustness evidence file (<c>mlops.evidence.robustness/v1</c>, docs/evidence.md).</summary>
public static class RobustnessJson
{
    /// <summary>The report as an evidence document; verdict "failed" when a constraint or the flip-rate check failed.</summary>
    public static JsonObject ToJson(RobustnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var request = report.Request;
        var doc = EvidenceDocument.Create(EvidenceKinds.Robustness, report.ModelSha256, report.Passed ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed);
        doc["data"] = EvidenceDocument.DataReference(report.DataFile, report.DataSha256, report.Rows);
        doc["label"] = request.Label;
        doc["positive"] = request.Positive;
        doc["scoreOutput"] = report.ScoreOutput;
        doc["decisionThreshold"] = EvidenceDocument.Number(request.DecisionThreshold);
        doc["seed"] = request.Seed;
        doc["jitter"] = EvidenceDocument.Number(request.Jitter);
        doc["steps"] = request.Steps;
        var overall = new JsonObject();
        foreach (var kind in PerturbationKinds.All)
        {
            overall[PerturbationKinds.Word(kind)] = Figures(report.Pooled(kind), includeCounts: true);
        }
        overall["maxFlipRate"] = EvidenceDocument.Number(report.MaxFlipRate);
        overall["maxFlipRateAt"] = report.MaxFlipRateAt;
        overall["maxMissingFlipRate"] = EvidenceDocument.Number(report.MaxMissingFlipRate);
        overall["monotonicViolations"] = report.MonotonicViolations;
        doc["overall"] = overall;
        var features = new JsonObject();
        foreach (var f in report.Features)
        {
            var feature = new JsonObject { ["type"] = f.IsText ? "text" : "number" };
            foreach (var (kind, result) in f.Kinds)
            {
                feature[PerturbationKinds.Word(kind)] = result.NotApplicable is { } why
                    ? new JsonObject { ["applicable"] = false, ["reason"] = why }
                    : Figures(result, includeCounts: true);
            }
            features[f.Name] = feature;
        }
        doc["features"] = features;
        doc["monotonic"] = new JsonArray(report.Monotonic.Select(m => (JsonNode?)Monotonic(m)).ToArray());
        var checks = new JsonArray();
        if (request.MaxFlipRate is { } max)
        {
            checks.Add(new JsonObject
            {
                ["check"] = "maxFlipRate",
                ["value"] = EvidenceDocument.Number(report.MaxFlipRate),
                ["threshold"] = EvidenceDocument.Number(max),
                ["passed"] = report.FlipRatePassed,
            });
        }
        doc["checks"] = checks;
        return doc;
    }

    /// <summary>Writes the evidence file atomically.</summary>
    public static void Write(string path, RobustnessReport report) => EvidenceDocument.Write(path, ToJson(report));

    private static JsonObject Figures(Stability s, bool includeCounts)
    {
        var o = new JsonObject
        {
            ["flipRate"] = EvidenceDocument.Number(s.FlipRate),
            ["meanAbsScoreChange"] = EvidenceDocument.Number(s.MeanAbsScoreChange),
        };
        if (includeCounts)
        {
            o["rows"] = s.Rows;
            o["flips"] = s.Flips;
            o["accepted"] = s.Accepted;
            o["rowsWithoutScore"] = s.RowsWithoutScore;
        }
        return o;
    }

    private static JsonObject Monotonic(MonotonicResult m)
    {
        var direction = m.Constraint.Direction;
        return new JsonObject
        {
            ["feature"] = m.Constraint.Feature,
            ["direction"] = MonotonicConstraint.Word(direction),
            ["cardLine"] = m.Constraint.Line,
            ["min"] = EvidenceDocument.Number(m.Min),
            ["max"] = EvidenceDocument.Number(m.Max),
            ["rows"] = m.Rows,
            ["violations"] = m.Violations,
            ["violationRate"] = EvidenceDocument.Number(m.ViolationRate),
            ["passed"] = m.Passed,
            ["worst"] = m.Worst is not { } w ? null : new JsonObject
            {
                ["row"] = w.Row,
                ["from"] = EvidenceDocument.Number(w.From),
                ["to"] = EvidenceDocument.Number(w.To),
                ["scoreFrom"] = EvidenceDocument.Number(w.ScoreFrom),
                ["scoreTo"] = EvidenceDocument.Number(w.ScoreTo),
                ["wrongWayChange"] = EvidenceDocument.Number(w.Amount(direction)),
            },
        };
    }
}
