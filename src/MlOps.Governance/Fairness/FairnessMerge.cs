using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Fairness;

/// <summary>
/// Merges fairness evidence computed per shard of one data set. Each part records its per-group confusion cells
/// (<c>cells</c>); the merged cells are their sums, and every figure is derived from the cells again, the bootstrap
/// included (it draws over the cells with the parts' seed), so the merged evidence equals a one-pass run over all the
/// rows byte for byte except <c>data</c>, which lists the shards.
/// </summary>
public static class FairnessMerge
{
    // What every part must agree on: how predictions were made and judged. Compared as JSON, named in the message.
    private static readonly string[] SameIn = ["modelSha256", "label", "positive", "prediction", "sensitive", "privileged", "minGroupSize", "fourFifthsBound", "bootstrap"];

    /// <summary>The cells as they are written to the evidence: <c>[{groups: [...], confusion: {...}}]</c>.</summary>
    public static JsonArray CellsJson(IReadOnlyList<FairnessCell> cells) => new(cells.Select(c => (JsonNode)new JsonObject
    {
        ["groups"] = new JsonArray(c.Groups.Select(g => (JsonNode?)g).ToArray()),
        ["confusion"] = new JsonObject
        {
            ["truePositives"] = c.Counts.TruePositives,
            ["falsePositives"] = c.Counts.FalsePositives,
            ["falseNegatives"] = c.Counts.FalseNegatives,
            ["trueNegatives"] = c.Counts.TrueNegatives,
        },
    }).ToArray());

    /// <summary>Reads the parts and merges them into one report and the shards it covers.</summary>
    /// <exception cref="MlOpsException">A part is missing or malformed (MLOPS111), or two parts were computed differently or count one shard twice (MLOPS209).</exception>
    public static MergedFairness Merge(IReadOnlyList<string> partPaths)
    {
        if (partPaths.Count == 0)
        {
            throw new MlOpsException("No fairness parts were given to merge.",
                fix: "Give the fairness evidence computed on each shard of the data set.", inputs: [UserInputs.EvidenceParts]);
        }
        var parts = partPaths.Select(p => (Path: p, Doc: Read(p))).ToList();
        var current = parts[0].Path;
        try
        {
            return Merge(parts, ref current);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or KeyNotFoundException or ArgumentException)
        {
            throw new MlOpsException($"The fairness part is malformed: {e.Message}", current,
                fix: "Compute the part again with 'mlops fairness'; do not edit it by hand.", diagnostic: DiagnosticCatalog.EvidenceMalformed, inner: e);
        }
    }

    private static MergedFairness Merge(List<(string Path, JsonObject Doc)> parts, ref string current)
    {
        var (firstPath, first) = parts[0];
        foreach (var (path, doc) in parts.Skip(1))
        {
            foreach (var field in SameIn.Append("byFeature"))
            {
                var a = field == "byFeature" ? FeatureKeys(first) : first[field];
                var b = field == "byFeature" ? FeatureKeys(doc) : doc[field];
                if (!JsonNode.DeepEquals(a, b))
                {
                    throw new MlOpsException(
                        $"The fairness parts '{firstPath}' and '{path}' differ in '{(field == "byFeature" ? "byFeature (the features and intersections reported)" : field)}': {Show(a)} in '{firstPath}', {Show(b)} in '{path}'.",
                        path, fix: "Compute every shard's part with the same model, label, positive label, predictions (column or score and threshold), sensitive columns, privileged groups, minimum group size and bootstrap settings, then merge again.",
                        diagnostic: DiagnosticCatalog.ShardsDisagree, inputs: [UserInputs.EvidenceParts]);
                }
            }
        }
        var shards = new List<DataShard>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var sensitive = first["sensitive"]!.AsArray().Select(s => (string)s!).ToList();
        var collector = new CellCollector(sensitive.Count);
        foreach (var (path, doc) in parts)
        {
            current = path;
            foreach (var shard in DataShards.Of(doc["data"]!.AsObject()))
            {
                if (shard.Sha256 is { } sha && !seen.TryAdd(sha, path))
                {
                    throw new MlOpsException(
                        $"The fairness parts '{seen[sha]}' and '{path}' both count the shard '{shard.File}' (sha256 {sha}): merged, its rows would count twice.",
                        path, fix: "Merge each shard's part once.", diagnostic: DiagnosticCatalog.ShardsDisagree, inputs: [UserInputs.EvidenceParts]);
                }
                shards.Add(shard);
            }
            foreach (var cell in doc["cells"]!.AsArray())
            {
                var groups = cell!["groups"]!.AsArray().Select(g => (string)g!).ToArray();
                var k = cell["confusion"]!;
                collector.Add(groups, new ConfusionCounts((long)k["truePositives"]!, (long)k["falsePositives"]!, (long)k["falseNegatives"]!, (long)k["trueNegatives"]!));
            }
        }
        current = firstPath;
        var bootstrap = first["bootstrap"]!;
        var options = new FairnessOptions
        {
            Label = (string)first["label"]!,
            Positive = (string)first["positive"]!,
            Sensitive = sensitive,
            Privileged = first["privileged"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal),
            MinGroupSize = (int)first["minGroupSize"]!,
            MinDisparateImpactRatio = (double)first["fourFifthsBound"]!,
            BootstrapReplicates = (int)bootstrap["replicates"]!,
            Seed = (ulong)bootstrap["seed"]!,
            ConfidenceLevel = (double)bootstrap["confidenceLevel"]!,
            Intersections = first["byFeature"]!.AsObject().Count > sensitive.Count,
        };
        var ordered = DataShards.Ordered(shards);
        var data = new DataIdentity(DataShards.MergedName(ordered.Count), null);
        var report = FairnessAnalyzer.Report(options, collector, data, ordered.Sum(s => s.Rows), (string)first["prediction"]!, firstPath)
            with { ModelSha256 = (string?)first["modelSha256"] };
        return new MergedFairness(report, ordered);
    }

    /// <summary>The merged report as an evidence document: the one-pass form, with <c>data</c> listing the shards.</summary>
    public static JsonObject ToJson(MergedFairness merged)
    {
        var doc = FairnessJson.ToJson(merged.Report);
        doc["data"] = DataShards.Reference(merged.Shards);
        return doc;
    }

    /// <summary>Writes the merged evidence file atomically.</summary>
    public static void Write(string path, MergedFairness merged) => EvidenceDocument.Write(path, ToJson(merged));

    private static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The fairness part '{path}' does not exist.", path,
                fix: "Give the fairness evidence files computed on each shard.", inputs: [UserInputs.EvidenceParts]);
        }
        JsonObject doc;
        try
        {
            doc = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new JsonException("the top level is not an object");
        }
        catch (JsonException e)
        {
            throw new MlOpsException($"The fairness part is malformed: {e.Message}", path,
                fix: "Compute the part again with 'mlops fairness'; do not edit it by hand.", diagnostic: DiagnosticCatalog.EvidenceMalformed, inner: e);
        }
        if ((string?)doc["kind"] != EvidenceKinds.Fairness)
        {
            throw new MlOpsException($"The file is a '{(string?)doc["kind"] ?? "(no kind)"}' evidence file, not fairness evidence.", path,
                fix: "Give the fairness evidence files computed on each shard.", diagnostic: DiagnosticCatalog.EvidenceMalformed, inputs: [UserInputs.EvidenceParts]);
        }
        if (doc["cells"] is not JsonArray || doc["data"] is not JsonObject || SameIn.Any(f => !doc.ContainsKey(f)))
        {
            throw new MlOpsException("The fairness evidence has no per-group confusion cells ('cells'), so it cannot be merged.", path,
                fix: "Compute the part again with this version of 'mlops fairness' (binary classification), which records the cells.",
                diagnostic: DiagnosticCatalog.EvidenceMalformed, inputs: [UserInputs.EvidenceParts]);
        }
        return doc;
    }

    private static JsonArray FeatureKeys(JsonObject doc) =>
        new((doc["byFeature"] as JsonObject)?.Select(p => (JsonNode?)p.Key).ToArray() ?? []);

    private static string Show(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonValue v when v.TryGetValue<string>(out var text) => $"'{text}'",
        _ => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
    };
}

/// <summary>Fairness merged from parts: the report (as one pass over all rows would give) and the shards it covers.</summary>
/// <param name="Report">The report.</param>
/// <param name="Shards">The shards, in their fixed order.</param>
public sealed record MergedFairness(FairnessReport Report, IReadOnlyList<DataShard> Shards);
