using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Statistics;

namespace MlOps.Governance.Drift;

/// <summary>
/// Merges drift baselines profiled per shard of one data set into the baseline of the whole. Counts, missing values,
/// category frequencies and exact value counts are sums, so they equal a one-pass profile exactly; a numeric column
/// whose values all arrived as exact counts gets its moments, deciles and stored form from the summed counts, as the
/// one pass does, so it is byte-identical too. A column that any part stored as a digest is merged as digests merge:
/// its quantiles carry the digest's <c>rankError</c> (docs/evidence.md). The parts are taken in a fixed order (by
/// their shards), so the merged bytes do not depend on the order they were listed in.
/// </summary>
public static class DriftBaselineMerge
{
    /// <summary>Reads the parts and merges them.</summary>
    /// <exception cref="MlOpsException">A part is missing or malformed, two parts profile different columns or types, or one shard appears twice (MLOPS209).</exception>
    public static DriftBaseline Merge(IReadOnlyList<string> partPaths)
    {
        if (partPaths.Count == 0)
        {
            throw new MlOpsException("No drift-baseline parts were given to merge.",
                fix: "Give the drift baselines profiled from each shard of the data set.", inputs: [UserInputs.EvidenceParts]);
        }
        return Merge(partPaths.Select(p => (p, DriftBaselineJson.Read(p))).ToList());
    }

    /// <summary>Merges parts already read (each with the path messages name it by).</summary>
    /// <exception cref="MlOpsException">Two parts profile different columns or types, or one shard appears twice (MLOPS209).</exception>
    public static DriftBaseline Merge(IReadOnlyList<(string Path, DriftBaseline Baseline)> parts)
    {
        CheckSameSchema(parts);
        var shards = ShardsOf(parts);
        var ordered = parts.OrderBy(p => OrderKey(p.Baseline), StringComparer.Ordinal).Select(p => p.Baseline).ToList();
        var features = new List<FeatureProfile>();
        for (var f = 0; f < ordered[0].Features.Count; f++)
        {
            var column = ordered.Select(b => b.Features[f]).ToList();
            features.Add(column[0].Type == FeatureType.Numeric ? MergeNumeric(column) : MergeCategorical(column));
        }
        return new DriftBaseline(DataShards.MergedName(shards.Count), null, ordered.Sum(b => b.Rows), features) { Shards = DataShards.Ordered(shards) };
    }

    private static void CheckSameSchema(IReadOnlyList<(string Path, DriftBaseline Baseline)> parts)
    {
        var (firstPath, first) = parts[0];
        foreach (var (path, part) in parts.Skip(1))
        {
            var names = part.Features.Select(x => x.Name).ToList();
            for (var i = 0; i < Math.Max(first.Features.Count, part.Features.Count); i++)
            {
                var a = i < first.Features.Count ? first.Features[i] : null;
                var b = i < part.Features.Count ? part.Features[i] : null;
                if (a is null || b is null || a.Name != b.Name)
                {
                    if (a is not null && !names.Contains(a.Name))
                    {
                        throw Disagree($"The drift baselines '{firstPath}' and '{path}' profile different columns: '{firstPath}' has feature '{a.Name}', '{path}' does not.", path);
                    }
                    if (b is not null && !first.Features.Any(x => x.Name == b.Name))
                    {
                        throw Disagree($"The drift baselines '{firstPath}' and '{path}' profile different columns: '{path}' has feature '{b.Name}', '{firstPath}' does not.", path);
                    }
                    throw Disagree($"The drift baselines '{firstPath}' and '{path}' list their features in a different order (feature {i + 1}: '{a!.Name}' and '{b!.Name}').", path);
                }
                if (a.Type != b.Type)
                {
                    throw Disagree($"The drift baselines '{firstPath}' and '{path}' disagree on the type of feature '{a.Name}': {TypeName(a.Type)} in '{firstPath}', {TypeName(b.Type)} in '{path}'.", path);
                }
            }
        }
    }

    private static string TypeName(FeatureType type) => type == FeatureType.Numeric ? "numeric" : "categorical";

    private static MlOpsException Disagree(string message, string path) => new(message, path,
        fix: "Profile every shard with the same columns and the same categorical columns (a shard decides a column's type from its own first rows), then merge again.",
        diagnostic: DiagnosticCatalog.ShardsDisagree, inputs: [UserInputs.ProfiledColumns, UserInputs.CategoricalColumns]);

    private static List<DataShard> ShardsOf(IReadOnlyList<(string Path, DriftBaseline Baseline)> parts)
    {
        var shards = new List<DataShard>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, part) in parts)
        {
            foreach (var shard in part.Shards ?? [new DataShard(part.DataFile, part.DataSha256, part.Rows)])
            {
                if (shard.Sha256 is { } sha && !seen.TryAdd(sha, path))
                {
                    throw new MlOpsException(
                        $"The drift baselines '{seen[sha]}' and '{path}' both profile the shard '{shard.File}' (sha256 {sha}): merged, its rows would count twice.",
                        path, fix: "Merge each shard's part once.", diagnostic: DiagnosticCatalog.ShardsDisagree, inputs: [UserInputs.EvidenceParts]);
                }
                shards.Add(shard);
            }
        }
        return shards;
    }

    private static string OrderKey(DriftBaseline b) =>
        string.Join("\u0001", DataShards.Ordered(b.Shards ?? [new DataShard(b.DataFile, b.DataSha256, b.Rows)]).Select(s => $"{s.File}\u0002{s.Sha256}\u0002{s.Rows}"));

    private static FeatureProfile MergeCategorical(List<FeatureProfile> column)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in column)
        {
            foreach (var (key, count) in part.Frequencies)
            {
                counts[key] = counts.GetValueOrDefault(key) + count;
            }
        }
        return FeatureProfile.ForCategorical(column[0].Name, column.Sum(p => p.Missing), counts.ToList(), column.Sum(p => p.OtherCount));
    }

    private static FeatureProfile MergeNumeric(List<FeatureProfile> column)
    {
        var name = column[0].Name;
        var missing = column.Sum(p => p.Missing);
        var present = column.Where(p => p.Count > 0).ToList();
        if (present.All(p => p.Distribution!.IsExact))
        {
            var counts = new SortedDictionary<double, double>();
            foreach (var part in present)
            {
                var d = part.Distribution!;
                for (var i = 0; i < d.Points.Count; i++)
                {
                    counts[d.Points[i]] = counts.GetValueOrDefault(d.Points[i]) + d.Weights[i];
                }
            }
            var values = counts.Keys.ToArray();
            var weights = counts.Values.ToArray();
            // A one-pass sketch keeps exact counts up to its limit; past it, it streams into a digest, which a merge
            // cannot replay: it digests the summed counts instead (within the digest's rank error).
            var distribution = NumericSketch.FromExactCounts(values, weights,
                values.Length <= NumericSketch.ExactLimit ? DriftBaselineBuilder.StoredExactValues : 0, DriftBaselineBuilder.SmallSampleLimit);
            return FeatureProfile.ForNumeric(name, missing, RunningMoments.FromCounts(values, weights), distribution);
        }
        var digest = new MergingDigest();
        var moments = new RunningMoments();
        foreach (var part in present)
        {
            var d = part.Distribution!;
            for (var i = 0; i < d.Points.Count; i++)
            {
                digest.Add(d.Points[i], d.Weights[i]);
            }
            digest.IncludeExtremes(d.Min, d.Max);
            moments.Merge(RunningMoments.FromSummary(part.Count, part.Mean, part.PopulationStd * part.PopulationStd, part.Min, part.Max));
        }
        var (means, centroidWeights) = digest.Centroids();
        return FeatureProfile.ForNumeric(name, missing, moments, ValueDistribution.Digest(means, centroidWeights, digest.Min, digest.Max));
    }
}
