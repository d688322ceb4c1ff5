using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Drift;

/// <summary>Writes the drift-report evidence file (<c>mlops.evidence.drift-report/v1</c>).</summary>
public static class DriftReportJson
{
    /// <summary>The report as an evidence document; verdict "failed" when the data set drifted.</summary>
    public static JsonObject ToJson(DriftReport report)
    {
        var doc = EvidenceDocument.Create(EvidenceKinds.DriftReport, null,
            report.DatasetDrift ? EvidenceVerdicts.Failed : EvidenceVerdicts.Passed);
        doc["baseline"] = EvidenceDocument.DataReference(report.Baseline.DataFile, report.Baseline.DataSha256, report.Baseline.Rows);
        doc["current"] = EvidenceDocument.DataReference(report.CurrentFile, report.CurrentSha256, report.CurrentRows);
        doc["method"] = new JsonObject
        {
            ["defaults"] = "evidently",
            ["smallSampleLimit"] = DriftMethod.SmallSampleLimit,
            ["categoricalDistinctLimit"] = DriftMethod.CategoricalDistinctLimit,
            ["pValueThreshold"] = 0.05,
            ["distanceThreshold"] = 0.1,
            ["driftShare"] = DriftMethod.DatasetDriftShare,
            ["psiBins"] = 10,
            ["psiEmptyShareFloor"] = Statistics.DistributionDistance.EmptyShareFloor,
        };
        var features = new JsonObject();
        foreach (var f in report.Features)
        {
            var node = new JsonObject
            {
                ["type"] = f.Type == FeatureType.Numeric ? "numeric" : "categorical",
                ["method"] = f.Method.Name,
                ["threshold"] = f.Method.Threshold,
                ["score"] = EvidenceDocument.Number(f.Score),
                ["drifted"] = f.Drifted,
                ["referenceCount"] = f.ReferenceCount,
                ["currentCount"] = f.CurrentCount,
                ["currentMissing"] = f.CurrentMissing,
                ["distinctValues"] = f.DistinctValues,
                ["approximate"] = f.Approximate,
                ["psi"] = EvidenceDocument.Number(f.Psi),
            };
            if (f.KsStatistic is not null)
            {
                node["ks"] = new JsonObject
                {
                    ["statistic"] = EvidenceDocument.Number(f.KsStatistic),
                    ["pValue"] = EvidenceDocument.Number(f.KsPValue),
                };
            }
            if (f.WassersteinNormed is not null)
            {
                node["wassersteinNormed"] = EvidenceDocument.Number(f.WassersteinNormed);
            }
            if (f.JensenShannon is not null)
            {
                node["jensenShannon"] = EvidenceDocument.Number(f.JensenShannon);
            }
            if (f.ChiSquarePValue is not null)
            {
                node["chiSquare"] = new JsonObject { ["pValue"] = EvidenceDocument.Number(f.ChiSquarePValue) };
            }
            if (f.ZTestPValue is not null)
            {
                node["zTest"] = new JsonObject { ["pValue"] = EvidenceDocument.Number(f.ZTestPValue) };
            }
            var bins = new JsonObject { ["labels"] = new JsonArray(f.BinLabels.Select(l => (JsonNode?)l).ToArray()) };
            if (f.BinEdges is not null)
            {
                bins["edges"] = EvidenceDocument.Numbers(f.BinEdges);
            }
            bins["reference"] = EvidenceDocument.Numbers(f.ReferenceShares);
            bins["current"] = EvidenceDocument.Numbers(f.CurrentShares);
            node["bins"] = bins;
            features[f.Name] = node;
        }
        doc["features"] = features;
        doc["driftedFeatures"] = new JsonArray(report.Features.Where(f => f.Drifted).Select(f => (JsonNode?)f.Name).ToArray());
        doc["driftedShare"] = report.DriftedShare;
        doc["datasetDrift"] = report.DatasetDrift;
        return doc;
    }

    /// <summary>Writes the report evidence file atomically.</summary>
    public static void Write(string path, DriftReport report) => EvidenceDocument.Write(path, ToJson(report));
}
