using System.Text.Json.Nodes;

namespace MlOps.Governance.Evidence;

/// <summary>One shard of a data set that evidence was computed over in parts and merged.</summary>
/// <param name="File">The shard's file name (no folder).</param>
/// <param name="Sha256">The sha256 of the shard's bytes, or null when not computed.</param>
/// <param name="Rows">The shard's row count.</param>
public sealed record DataShard(string File, string? Sha256, long Rows);

/// <summary>
/// How merged evidence names its data: <c>data.file</c> is "&lt;n&gt; shards", <c>data.sha256</c> null (no one file
/// holds those bytes), <c>data.rows</c> the total, and <c>data.shards</c> every shard's <c>{file, sha256, rows}</c> in
/// a fixed order (by file name, then digest, then rows), so the merged bytes do not depend on the order the parts
/// were listed in.
/// </summary>
public static class DataShards
{
    /// <summary>The name merged evidence gives its data in <c>data.file</c>.</summary>
    public static string MergedName(int shards) => $"{shards} shards";

    /// <summary>The shards in their fixed order.</summary>
    public static IReadOnlyList<DataShard> Ordered(IEnumerable<DataShard> shards) =>
        shards.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Sha256 ?? "", StringComparer.Ordinal).ThenBy(s => s.Rows).ToList();

    /// <summary>The <c>data</c> object of merged evidence.</summary>
    public static JsonObject Reference(IReadOnlyList<DataShard> shards)
    {
        var data = EvidenceDocument.DataReference(MergedName(shards.Count), null, shards.Sum(s => s.Rows));
        data["shards"] = new JsonArray(Ordered(shards).Select(s => (JsonNode)EvidenceDocument.DataReference(s.File, s.Sha256, s.Rows)).ToArray());
        return data;
    }

    /// <summary>
    /// The shards an evidence file's <c>data</c> object stands for: its own <c>shards</c> when it was merged already
    /// (so merges nest: merging merged files lists the original shards), else the one file it names.
    /// </summary>
    public static IReadOnlyList<DataShard> Of(JsonObject data)
    {
        if (data["shards"] is JsonArray shards)
        {
            return shards.Select(s => Shard(s!.AsObject())).ToList();
        }
        return [Shard(data)];
    }

    private static DataShard Shard(JsonObject o) => new((string)o["file"]!, (string?)o["sha256"], (long)o["rows"]!);
}
