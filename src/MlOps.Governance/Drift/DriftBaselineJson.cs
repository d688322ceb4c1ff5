using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Evidence;
using MlOps.Governance.Statistics;

namespace MlOps.Governance.Drift;

/// <summary>Reads and writes the drift-baseline evidence file (<c>mlops.evidence.drift-baseline/v1</c>).</summary>
public static class DriftBaselineJson
{
    /// <summary>The baseline as an evidence document (modelSha256 null: it is about data only).</summary>
    public static JsonObject ToJson(DriftBaseline baseline)
    {
        var doc = EvidenceDocument.Create(EvidenceKinds.DriftBaseline, null, EvidenceVerdicts.Info);
        doc["data"] = baseline.Shards is { } shards
            ? DataShards.Reference(shards)
            : EvidenceDocument.DataReference(baseline.DataFile, baseline.DataSha256, baseline.Rows);
        var features = new JsonObject();
        foreach (var f in baseline.Features)
        {
            var node = new JsonObject
            {
                ["type"] = f.Type == FeatureType.Numeric ? "numeric" : "categorical",
                ["count"] = f.Count,
                ["missing"] = f.Missing,
            };
            if (f.Type == FeatureType.Numeric)
            {
                var d = f.Distribution!;
                node["mean"] = EvidenceDocument.Number(f.Mean);
                node["std"] = EvidenceDocument.Number(f.Std);
                node["populationStd"] = EvidenceDocument.Number(f.PopulationStd);
                node["min"] = EvidenceDocument.Number(f.Min);
                node["max"] = EvidenceDocument.Number(f.Max);
                node["deciles"] = EvidenceDocument.Numbers(f.DecileEdges);
                node["distribution"] = d.IsExact
                    ? new JsonObject
                    {
                        ["kind"] = "exact",
                        ["values"] = EvidenceDocument.Numbers(d.Points),
                        ["counts"] = EvidenceDocument.Numbers(d.Weights),
                    }
                    : new JsonObject
                    {
                        ["kind"] = "digest",
                        ["means"] = EvidenceDocument.Numbers(d.Points),
                        ["weights"] = EvidenceDocument.Numbers(d.Weights),
                        ["rankError"] = EvidenceDocument.Number(RankError(d)),
                    };
            }
            else
            {
                var freq = new JsonObject();
                foreach (var (key, count) in f.Frequencies)
                {
                    freq[key] = count;
                }
                node["frequencies"] = freq;
                node["otherCount"] = f.OtherCount;
            }
            features[f.Name] = node;
        }
        doc["features"] = features;
        return doc;
    }

    /// <summary>
    /// The error bound of a digest's quantiles and CDF, as a share of the values: its largest centroid's weight over
    /// the count. The CDF interpolates between centroid centres, so a rank read off the digest is off by about one
    /// centroid's weight at most (the t-digest's resolution; tested against exact quantiles, docs/evidence.md).
    /// </summary>
    public static double RankError(ValueDistribution digest)
    {
        var largest = 0.0;
        foreach (var w in digest.Weights)
        {
            largest = Math.Max(largest, w);
        }
        return digest.Count > 0 ? largest / digest.Count : double.NaN;
    }

    /// <summary>Writes the baseline evidence file atomically.</summary>
    public static void Write(string path, DriftBaseline baseline) => EvidenceDocument.Write(path, ToJson(baseline));

    /// <summary>
    /// Reads a baseline from a drift-baseline JSON file or from an artefact (.mlpkg, member
    /// <c>evidence/drift-baseline.json</c>).
    /// </summary>
    /// <exception cref="MlOpsException">Missing file, not a baseline, or malformed (MLOPS111).</exception>
    public static DriftBaseline Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The baseline file '{path}' does not exist.", path,
                fix: "Check the path: give the drift-baseline evidence the baseline stage wrote from the training data, or the artefact (.mlpkg) that contains it.",
                inputs: [UserInputs.Baseline]);
        }
        byte[] bytes;
        var source = path;
        if (MlPackageReader.LooksLikeArchive(path))
        {
            using var package = MlPackageReader.Open(path);
            if (package.Manifest.Member("evidence/drift-baseline.json") is null)
            {
                throw new MlOpsException("The artefact has no drift baseline (evidence/drift-baseline.json).", path,
                    fix: "Profile the training data into a drift baseline before packaging, or give the baseline JSON file instead.", inputs: [UserInputs.Baseline]);
            }
            bytes = package.ReadMember("evidence/drift-baseline.json");
            source = $"{path}!evidence/drift-baseline.json";
        }
        else
        {
            bytes = File.ReadAllBytes(path);
        }
        try
        {
            return Parse(bytes, source);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or NullReferenceException or KeyNotFoundException)
        {
            throw new MlOpsException($"The baseline file is malformed: {e.Message}", source,
                fix: "Profile the training data again to recreate it; do not edit it by hand.", diagnostic: DiagnosticCatalog.EvidenceMalformed, inner: e);
        }
    }

    private static DriftBaseline Parse(byte[] bytes, string source)
    {
        var root = JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("the top level is not an object");
        var kind = (string?)root["kind"];
        if (kind != EvidenceKinds.DriftBaseline)
        {
            throw new MlOpsException($"The file is a '{kind ?? "(no kind)"}' evidence file, not a drift baseline.", source,
                fix: "Give the drift-baseline JSON the baseline stage wrote.", diagnostic: DiagnosticCatalog.EvidenceMalformed);
        }
        var data = root["data"]!.AsObject();
        var features = new List<FeatureProfile>();
        foreach (var (name, value) in root["features"]!.AsObject())
        {
            var f = value!.AsObject();
            var type = (string)f["type"]! switch
            {
                "numeric" => FeatureType.Numeric,
                "categorical" => FeatureType.Categorical,
                var other => throw new JsonException($"feature '{name}' has unknown type '{other}'"),
            };
            var count = (long)f["count"]!;
            var missing = (long)f["missing"]!;
            if (type == FeatureType.Numeric)
            {
                var d = f["distribution"]!.AsObject();
                var distribution = (string)d["kind"]! == "exact"
                    ? ValueDistribution.Exact(Doubles(d["values"]), Doubles(d["counts"]))
                    : ValueDistribution.Digest(Doubles(d["means"]), Doubles(d["weights"]), (double)f["min"]!, (double)f["max"]!);
                features.Add(FeatureProfile.Restore(name, type, count, missing, (double)f["mean"]!, NumberOrNaN(f["std"]),
                    (double)f["populationStd"]!, (double)f["min"]!, (double)f["max"]!, distribution, Doubles(f["deciles"]), [], 0));
            }
            else
            {
                var freq = f["frequencies"]!.AsObject().Select(p => new KeyValuePair<string, long>(p.Key, (long)p.Value!)).ToList();
                features.Add(FeatureProfile.Restore(name, type, count, missing, double.NaN, double.NaN, double.NaN, double.NaN,
                    double.NaN, null, [], freq, (long?)f["otherCount"] ?? 0));
            }
        }
        return new DriftBaseline((string)data["file"]!, (string?)data["sha256"], (long)data["rows"]!, features)
        {
            Shards = data["shards"] is null ? null : DataShards.Of(data),
        };
    }

    private static double NumberOrNaN(JsonNode? node) => node is null ? double.NaN : (double)node;

    private static double[] Doubles(JsonNode? node) => node!.AsArray().Select(n => (double)n!).ToArray();
}
