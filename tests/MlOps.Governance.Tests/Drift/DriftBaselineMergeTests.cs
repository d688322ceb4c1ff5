using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Drift;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tabular;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Drift;

/// <summary>Drift baselines profiled per shard and merged equal the one-pass baseline (counts, exact histograms) or state their error (digests).</summary>
public sealed class DriftBaselineMergeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-shards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Splits a CSV into <paramref name="count"/> consecutive shards, each with the header line.</summary>
    internal static List<string> Split(string csv, int count, string folder, string prefix = "shard")
    {
        var lines = File.ReadAllLines(csv);
        var rows = lines.Length - 1;
        var paths = new List<string>();
        for (var k = 0; k < count; k++)
        {
            var from = 1 + k * rows / count;
            var to = 1 + (k + 1) * rows / count;
            var path = Path.Combine(folder, $"{prefix}-{k}.csv");
            File.WriteAllLines(path, lines.Take(1).Concat(lines[from..to]));
            paths.Add(path);
        }
        return paths;
    }

    private List<string> Parts(IEnumerable<string> shards, DriftBaselineOptions? options = null) => shards.Select(s =>
    {
        var part = Path.ChangeExtension(s, ".json");
        DriftBaselineJson.Write(part, DriftBaselineBuilder.Build(s, options));
        return part;
    }).ToList();

    private static JsonObject Features(DriftBaseline b) => DriftBaselineJson.ToJson(b)["features"]!.AsObject();

    [Fact]
    public void ThreeShardsOfAdultMergeIntoTheOnePassBaselineExceptTheDigestWhichStatesItsError()
    {
        var train = EvidenceTestData.Adult("adult-train.csv");
        var shards = Split(train, 3, _folder);
        var merged = DriftBaselineMerge.Merge(Parts(shards));
        var onePass = DriftBaselineBuilder.Build(train);

        Assert.Equal(onePass.Rows, merged.Rows);
        var m = Features(merged);
        var o = Features(onePass);
        Assert.Equal(o.Select(p => p.Key), m.Select(p => p.Key));
        foreach (var (name, node) in o)
        {
            if (name == "fnlwgt")
            {
                continue;
            }
            // Byte-identical: counts, frequencies, exact histograms, and the moments and deciles derived from them.
            Assert.Equal(node!.ToJsonString(), m[name]!.ToJsonString());
        }
        var digest = merged.Features.Single(f => f.Name == "fnlwgt");
        var exact = onePass.Features.Single(f => f.Name == "fnlwgt");
        Assert.False(digest.Distribution!.IsExact);
        Assert.Equal((exact.Count, exact.Missing, exact.Min, exact.Max), (digest.Count, digest.Missing, digest.Min, digest.Max));
        Assert.Equal(exact.Mean, digest.Mean, 1e-9 * exact.Mean);
        Assert.Equal(exact.Std, digest.Std, 1e-9 * exact.Std);

        // The stated bound holds against the exact quantiles of every fnlwgt value.
        var rankError = (double)m["fnlwgt"]!["distribution"]!["rankError"]!;
        Assert.InRange(rankError, 1e-6, 0.02);
        var values = Column(train, "fnlwgt");
        for (var p = 0.01; p < 1; p += 0.01)
        {
            var q = digest.Distribution.Quantile(p);
            var below = values.Count(v => v < q) / (double)values.Length;
            var atOrBelow = values.Count(v => v <= q) / (double)values.Length;
            Assert.True(p >= below - rankError && p <= atOrBelow + rankError, $"p {p}: quantile {q} has rank [{below}, {atOrBelow}], bound {rankError}");
        }
    }

    private static double[] Column(string csv, string name)
    {
        using var reader = TableReader.Open(csv);
        var index = reader.ColumnIndex(name);
        var values = new List<double>();
        while (reader.Read())
        {
            values.Add(reader.GetDouble(index));
        }
        return values.ToArray();
    }

    [Fact]
    public void DataIdentityListsTheShardsInAFixedOrderAndTheBytesDoNotDependOnTheOrderOfTheParts()
    {
        var parts = Parts(Split(EvidenceTestData.Adult("adult-test.csv"), 3, _folder));
        var forward = EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(DriftBaselineMerge.Merge(parts)));
        var backward = EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(DriftBaselineMerge.Merge(parts.AsEnumerable().Reverse().ToList())));
        Assert.Equal(forward, backward);

        var data = JsonNode.Parse(forward)!["data"]!;
        Assert.Equal("3 shards", (string?)data["file"]);
        Assert.Null((string?)data["sha256"]);
        Assert.Equal(new[] { "shard-0.csv", "shard-1.csv", "shard-2.csv" }, data["shards"]!.AsArray().Select(s => (string?)s!["file"]));
        Assert.Equal(MlOps.Hashing.Sha256Hex.OfFile(Path.Combine(_folder, "shard-1.csv")), (string?)data["shards"]![1]!["sha256"]);

        // A merged baseline reads back with its shards, and merging merged parts lists the original shards.
        var mergedPath = Path.Combine(_folder, "merged.json");
        File.WriteAllBytes(mergedPath, forward);
        Assert.Equal(3, DriftBaselineJson.Read(mergedPath).Shards!.Count);
    }

    [Fact]
    public void ExactCountsPastTheStoredLimitDigestTheSameWayAsOnePass()
    {
        // 300 distinct values: each 500-row shard keeps them exactly (a small sample), the whole 1,500 rows are
        // digested from the exact counts: the merge digests the summed counts the same way.
        var whole = Path.Combine(_folder, "whole.csv");
        File.WriteAllLines(whole, new[] { "x,g" }.Concat(Enumerable.Range(0, 1500).Select(i => $"{(i * 7919) % 300 * 0.25},{(i % 3 == 0 ? "a" : "b")}")));
        var merged = DriftBaselineMerge.Merge(Parts(Split(whole, 3, _folder)));
        var onePass = DriftBaselineBuilder.Build(whole);
        Assert.False(onePass.Features[0].Distribution!.IsExact);
        Assert.Equal(Features(onePass).ToJsonString(), Features(merged).ToJsonString());
    }

    [Fact]
    public void ShardsThatTypeAColumnDifferentlyAreRefusedNamingBothFilesAndTheFeature()
    {
        var shards = Split(EvidenceTestData.Adult("adult-test.csv"), 2, _folder);
        var a = Parts(shards.Take(1));
        var b = Parts(shards.Skip(1), new DriftBaselineOptions { Categorical = ["age"] });
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineMerge.Merge([a[0], b[0]]));
        Assert.Same(DiagnosticCatalog.ShardsDisagree, e.Diagnostic);
        Assert.Contains("'age'", e.Message);
        Assert.Contains(a[0], e.Message);
        Assert.Contains(b[0], e.Message);
    }

    [Fact]
    public void ShardsWithDifferentColumnsAreRefused()
    {
        var shards = Split(EvidenceTestData.Adult("adult-test.csv"), 2, _folder);
        var a = Parts(shards.Take(1), new DriftBaselineOptions { Columns = ["age", "sex"] });
        var b = Parts(shards.Skip(1), new DriftBaselineOptions { Columns = ["age", "race"] });
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineMerge.Merge([a[0], b[0]]));
        Assert.Same(DiagnosticCatalog.ShardsDisagree, e.Diagnostic);
        Assert.Contains("has feature 'sex'", e.Message);
    }

    [Fact]
    public void TheSameShardTwiceIsRefused()
    {
        var parts = Parts(Split(EvidenceTestData.Adult("adult-test.csv"), 2, _folder));
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineMerge.Merge([parts[0], parts[1], parts[0]]));
        Assert.Same(DiagnosticCatalog.ShardsDisagree, e.Diagnostic);
        Assert.Contains("twice", e.Message);
    }
}
