using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Fairness;
using MlOps.Governance.Tests.Drift;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Fairness;

/// <summary>Fairness counted per shard and merged is the one-pass evidence byte for byte, bootstrap included (except the data identity).</summary>
public sealed class FairnessMergeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-fairness-shards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FairnessOptions Options(double threshold = 0.5) => new()
    {
        Label = "y_true",
        Sensitive = ["sex", "race"],
        Prediction = "none",
        Score = "score",
        Threshold = threshold,
        BootstrapReplicates = 50,
        Seed = 7,
    };

    private List<string> Parts(IEnumerable<string> shards, FairnessOptions options) => shards.Select(s =>
    {
        var part = Path.ChangeExtension(s, ".json");
        FairnessJson.Write(part, FairnessAnalyzer.AnalyzeCsv(s, options));
        return part;
    }).ToList();

    [Fact]
    public void ThreeShardsMergeIntoTheOnePassEvidenceBootstrapIncluded()
    {
        var predictions = EvidenceTestData.Adult("adult-rf.predictions.csv");
        var parts = Parts(DriftBaselineMergeTests.Split(predictions, 3, _folder), Options());
        var merged = FairnessMerge.ToJson(FairnessMerge.Merge(parts));
        var onePass = FairnessJson.ToJson(FairnessAnalyzer.AnalyzeCsv(predictions, Options()));

        var shards = merged["data"]!["shards"]!.AsArray();
        Assert.Equal(3, shards.Count);
        Assert.Equal(onePass["data"]!["rows"]!.GetValue<long>(), shards.Sum(s => s!["rows"]!.GetValue<long>()));
        merged.Remove("data");
        onePass.Remove("data");
        Assert.Equal(EvidenceDocument.ToBytes(onePass), EvidenceDocument.ToBytes(merged));
        Assert.NotEmpty(onePass["byFeature"]!["sex"]!["confidenceIntervals"]!.AsObject());

        // Deterministic whatever order the parts come in.
        var again = FairnessMerge.ToJson(FairnessMerge.Merge(parts.AsEnumerable().Reverse().ToList()));
        again.Remove("data");
        Assert.Equal(EvidenceDocument.ToBytes(merged), EvidenceDocument.ToBytes(again));
    }

    [Fact]
    public void PartsWithADifferentThresholdAreRefusedNamingBothFilesAndTheField()
    {
        var shards = DriftBaselineMergeTests.Split(EvidenceTestData.Adult("adult-rf.predictions.csv"), 2, _folder);
        var a = Parts(shards.Take(1), Options());
        var b = Parts(shards.Skip(1), Options(threshold: 0.6));
        var e = Assert.Throws<MlOpsException>(() => FairnessMerge.Merge([a[0], b[0]]));
        Assert.Same(DiagnosticCatalog.ShardsDisagree, e.Diagnostic);
        Assert.Contains("'prediction'", e.Message);
        Assert.Contains(a[0], e.Message);
        Assert.Contains(b[0], e.Message);
    }

    [Theory]
    [InlineData("sensitive")]
    [InlineData("privileged")]
    [InlineData("label")]
    public void PartsComputedWithOtherGroupsOrLabelsAreRefused(string field)
    {
        var shards = DriftBaselineMergeTests.Split(EvidenceTestData.Adult("adult-rf.predictions.csv"), 2, _folder);
        var a = Parts(shards.Take(1), Options());
        var other = field switch
        {
            "sensitive" => Options() with { Sensitive = ["sex"] },
            "privileged" => Options() with { Privileged = new Dictionary<string, string> { ["sex"] = "Female" } },
            _ => Options() with { Label = "y_pred" },
        };
        var b = Parts(shards.Skip(1), other);
        var e = Assert.Throws<MlOpsException>(() => FairnessMerge.Merge([a[0], b[0]]));
        Assert.Same(DiagnosticCatalog.ShardsDisagree, e.Diagnostic);
        Assert.Contains($"'{field}'", e.Message);
    }

    [Fact]
    public void EvidenceOfAnotherKindIsMalformedAsAPart()
    {
        var path = Path.Combine(_folder, "other.json");
        File.WriteAllText(path, new JsonObject { ["schema"] = "mlops.evidence.evaluation/v1", ["kind"] = "evaluation" }.ToJsonString());
        var e = Assert.Throws<MlOpsException>(() => FairnessMerge.Merge([path]));
        Assert.Same(DiagnosticCatalog.EvidenceMalformed, e.Diagnostic);
    }
}
