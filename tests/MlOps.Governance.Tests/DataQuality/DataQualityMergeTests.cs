using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.DataQuality;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Tests.DataQuality;

/// <summary>Shards checked one by one and merged give the one-pass evidence.</summary>
public sealed class DataQualityMergeTests
{
    private const string Header = "a,b,c,label\n";

    // The fingerprint of the one-value row ("credit"), pinned: a change of the hash breaks merging old sidecars.
    private const ulong PinnedCredit = 5560238410441693453UL;

    // Duplicates inside a shard and across shards, a leaked row, missing values, a type mismatch, an out-of-range
    // value and an unseen category, spread over three shards; b is constant (20) in every shard but the last.
    private static readonly string[] Shards =
    [
        "1.5,20,x,good\n1.5,20,x,good\n2,20,y,bad\n,20,x,good\n",
        "1.5,20,x,bad\nmany,20,z,good\n9,20,y,\n",
        "2.5,25,y,good\n1.50,20,x,good\n3,30,x,bad\n",
    ];

    private static (DataQualityFixture Fixture, string[] Parts, DataQualityReport OnePass) Setup()
    {
        var f = new DataQualityFixture();
        var parts = new string[Shards.Length];
        for (var i = 0; i < Shards.Length; i++)
        {
            var pass = f.Pass(f.Write($"shard-{i + 1}.csv", Header + Shards[i]));
            var sidecar = RowHashesFile.Write(Path.Combine(f.Folder, $"part-{i + 1}.rowhashes"), pass.RowHashes);
            parts[i] = Path.Combine(f.Folder, $"part-{i + 1}.json");
            EvidenceDocument.Write(parts[i], DataQualityJson.ToJson(DataQualityReport.Of(pass.Profile), sidecar));
        }
        var whole = f.Pass(f.Write("whole.csv", Header + string.Concat(Shards)));
        return (f, parts, DataQualityReport.Of(whole.Profile));
    }

    private static byte[] WithoutData(DataQualityReport report)
    {
        var json = DataQualityJson.ToJson(report);
        json.Remove("data");
        return EvidenceDocument.ToBytes(json);
    }

    [Fact]
    public void Three_shards_merge_to_the_one_pass_evidence_byte_for_byte_except_the_data_reference()
    {
        var (f, parts, onePass) = Setup();
        using var _ = f;
        var merged = DataQualityMerge.Merge(parts);
        Assert.Equal(WithoutData(onePass), WithoutData(merged));
        // The counts the checks came from are not trivial: every check has something to count.
        Assert.Equal(10, merged.Profile.Rows);
        Assert.Equal(3, merged.Profile.Rows - merged.Profile.DistinctRows); // 1.5,20,x four times, across all three shards
        Assert.Equal(2, merged.Profile.LeakedRows); // 2,20,y and 3,30,x are training rows
        Assert.False(merged.Passed);
        var data = DataQualityJson.ToJson(merged)["data"]!.AsObject();
        Assert.Null(data["file"]);
        Assert.Equal(10, (long)data["rows"]!);
        Assert.Equal(["shard-1.csv", "shard-2.csv", "shard-3.csv"], data["shards"]!.AsArray().Select(s => (string)s!["file"]!));
        Assert.Equal(DataQualityFixture.Bytes(merged), DataQualityFixture.Bytes(DataQualityMerge.Merge(parts)));
    }

    [Fact]
    public void A_constant_column_stays_constant_only_when_every_shard_has_the_same_value()
    {
        var (f, parts, _) = Setup();
        using var __ = f;
        var twoShards = DataQualityMerge.Merge(parts[..2]);
        Assert.True(twoShards.Profile.Columns.Single(c => c.Name == "b").IsConstant);
        Assert.False(DataQualityMerge.Merge(parts).Profile.Columns.Single(c => c.Name == "b").IsConstant);
    }

    [Fact]
    public void Shards_checked_differently_are_refused()
    {
        var (f, parts, _) = Setup();
        using var _ = f;
        var other = f.Pass(f.Write("other.csv", Header + Shards[0]), label: null);
        var sidecar = RowHashesFile.Write(Path.Combine(f.Folder, "other.rowhashes"), other.RowHashes);
        var otherPart = Path.Combine(f.Folder, "other.json");
        EvidenceDocument.Write(otherPart, DataQualityJson.ToJson(DataQualityReport.Of(other.Profile), sidecar));
        var e = Assert.Throws<MlOpsException>(() => DataQualityMerge.Merge([parts[0], otherPart]));
        Assert.Equal(DiagnosticCatalog.DataQualityShardsDiffer, e.Diagnostic);
        Assert.Contains("label column", e.Message, StringComparison.Ordinal);

        var json = JsonNode.Parse(File.ReadAllBytes(parts[1]))!.AsObject();
        json["baseline"]!["sha256"] = new string('0', 64);
        File.WriteAllBytes(parts[1], EvidenceDocument.ToBytes(json));
        Assert.Contains("drift baseline", Assert.Throws<MlOpsException>(() => DataQualityMerge.Merge(parts)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_without_its_row_hashes_or_with_altered_ones_is_refused()
    {
        var (f, parts, _) = Setup();
        using var _ = f;
        File.WriteAllBytes(Path.Combine(f.Folder, "part-2.rowhashes"), new byte[24]);
        Assert.Equal(DiagnosticCatalog.ShardRowHashesUnusable, Assert.Throws<MlOpsException>(() => DataQualityMerge.Merge(parts)).Diagnostic);
        File.Delete(Path.Combine(f.Folder, "part-2.rowhashes"));
        Assert.Equal(DiagnosticCatalog.ShardRowHashesUnusable, Assert.Throws<MlOpsException>(() => DataQualityMerge.Merge(parts)).Diagnostic);
        var plain = Path.Combine(f.Folder, "plain.json");
        EvidenceDocument.Write(plain, DataQualityJson.ToJson(f.Check(Header + Shards[0])));
        Assert.Equal(DiagnosticCatalog.ShardRowHashesUnusable, Assert.Throws<MlOpsException>(() => DataQualityMerge.Merge([plain])).Diagnostic);
    }

    [Fact]
    public void Row_fingerprints_are_stable_and_frame_each_value()
    {
        static ulong Of(params string[] values)
        {
            var h = RowHash.Start();
            foreach (var v in values)
            {
                h.AddText(v);
            }
            return h.Finish();
        }
        Assert.NotEqual(Of("ab", "c"), Of("a", "bc"));
        var zero = RowHash.Start();
        zero.AddNumber(0.0);
        var negative = RowHash.Start();
        negative.AddNumber(-0.0);
        Assert.Equal(zero.Finish(), negative.Finish());
        // Fixed across processes and machines: the shards' sidecars are merged by it.
        Assert.Equal(PinnedCredit, Of("credit"));
        Assert.Equal(5, RowHashesFile.CountUnion([new ulong[] { 1, 3, 5 }, new ulong[] { 2, 3 }, new ulong[] { 5 }, new ulong[] { 1, 4 }]));
    }
}
