using System.Text.Json;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Hashing;

namespace MlOps.Governance.DataQuality;

/// <summary>
/// Merges the data-quality evidence of shards (each checked with its row-hash sidecar) into the evidence of the whole
/// data set: counts add up, constant columns must be constant with one value in every shard, and duplicates across
/// shards are counted exactly from the sidecars. The result equals one pass over the concatenated shards except for
/// <c>data</c>, which names the shards instead of one file.
/// </summary>
public static class DataQualityMerge
{
    /// <summary>Merges the shard evidence files at <paramref name="paths"/>, in that order.</summary>
    /// <exception cref="MlOpsException">A missing or malformed shard, shards that differ in what they were checked
    /// against (MLOPS197), a missing or altered sidecar (MLOPS199).</exception>
    public static DataQualityReport Merge(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new MlOpsException("No data-quality shards to merge.", fix: "Give the evidence file of every shard.", inputs: [UserInputs.EvidenceFolder]);
        }
        var parts = new List<(string Path, DataQualityProfile Profile, string Sidecar)>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new MlOpsException($"The data-quality shard '{path}' does not exist.", path, fix: "Check the path of each shard's evidence file.");
            }
            var file = EvidenceFile.Load(path);
            if (file.Kind != EvidenceKinds.DataQuality)
            {
                throw new MlOpsException($"The file is '{file.Kind}' evidence, not a data-quality shard.", path,
                    fix: "Merge the data-quality evidence files the shards wrote.", diagnostic: DiagnosticCatalog.EvidenceMalformed);
            }
            DataQualityProfile profile;
            RowHashesReference? hashes;
            try
            {
                profile = DataQualityJson.ReadProfile(file);
                hashes = DataQualityJson.ReadRowHashes(file);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new MlOpsException($"The data-quality shard is malformed: {e.Message}", path,
                    fix: "Check the shard again; do not edit evidence by hand.", diagnostic: DiagnosticCatalog.EvidenceMalformed, inner: e);
            }
            parts.Add((path, profile, Sidecar(path, hashes)));
        }
        var first = parts[0];
        foreach (var part in parts.Skip(1))
        {
            EnsureSameChecks(first.Path, first.Profile, part.Path, part.Profile);
        }
        var columns = first.Profile.Columns.Select((c, i) => Sum(parts.Select(p => p.Profile.Columns[i]).ToList())).ToList();
        var classes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in parts.SelectMany(p => p.Profile.LabelClasses))
        {
            classes[key] = classes.GetValueOrDefault(key) + count;
        }
        var merged = new DataQualityProfile
        {
            ModelSha256 = first.Profile.ModelSha256,
            Data = new DataReference("", null, parts.Sum(p => p.Profile.Rows)),
            Shards = parts.Select(p => p.Profile.Data).ToList(),
            Baseline = first.Profile.Baseline,
            Training = first.Profile.Training,
            Label = first.Profile.Label,
            Thresholds = first.Profile.Thresholds,
            MissingColumns = first.Profile.MissingColumns,
            Columns = columns,
            DistinctRows = RowHashesFile.CountUnion(parts.Select(p => RowHashesFile.Read(p.Sidecar)).ToList()),
            LeakedRows = parts.Sum(p => p.Profile.LeakedRows),
            LabelClasses = classes.ToList(),
        };
        return DataQualityReport.Of(merged);
    }

    /// <summary>The path of a shard's sidecar, checked against what its evidence records (MLOPS199).</summary>
    private static string Sidecar(string evidencePath, RowHashesReference? hashes)
    {
        if (hashes is null)
        {
            throw new MlOpsException("The data-quality shard has no row-hash sidecar, so duplicates across shards cannot be counted.", evidencePath,
                fix: "Check each shard again with its row hashes written beside its evidence, then merge.", diagnostic: DiagnosticCatalog.ShardRowHashesUnusable);
        }
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(evidencePath))!, hashes.File);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The row-hash sidecar '{hashes.File}' the shard names is not beside it.", evidencePath,
                fix: "Keep each shard's sidecar in the folder of its evidence file, under the name the evidence records.", diagnostic: DiagnosticCatalog.ShardRowHashesUnusable);
        }
        if (Sha256Hex.OfFile(path) != hashes.Sha256 || !RowHashesFile.LooksValid(path, hashes.Count))
        {
            throw new MlOpsException($"The row-hash sidecar '{hashes.File}' is not the one the shard wrote (its sha256 differs).", path,
                fix: "Check the shard again: the sidecar and the evidence are written together and belong together.", diagnostic: DiagnosticCatalog.ShardRowHashesUnusable);
        }
        return path;
    }

    private static ColumnCounts Sum(IReadOnlyList<ColumnCounts> shards)
    {
        var f = shards[0];
        var sum = new ColumnCounts(f.Name, f.IsLabel, f.IsText, f.CategoriesFrom, f.RangeMin, f.RangeMax);
        foreach (var s in shards)
        {
            sum.Missing += s.Missing;
            sum.TypeMismatches += s.TypeMismatches;
            sum.OutOfRange += s.OutOfRange;
            sum.Unseen += s.Unseen;
            switch (s.OnlyValue)
            {
                case double d: sum.SawNumber(d); break;
                case string text: sum.SawText(text); break;
                default:
                    if (s.Distinct >= 2)
                    {
                        sum.Distinct = 2;
                        sum.OnlyValue = null;
                    }
                    break;
            }
        }
        return sum;
    }

    /// <summary>MLOPS197 unless both shards were checked against one model, baseline, training data, label, thresholds and schema.</summary>
    private static void EnsureSameChecks(string firstPath, DataQualityProfile a, string path, DataQualityProfile b)
    {
        string? difference =
            a.ModelSha256 != b.ModelSha256 ? "model" :
            a.Baseline != b.Baseline ? "drift baseline" :
            a.Training != b.Training ? "training data" :
            a.Label != b.Label ? "label column" :
            !DataQualityRules.All.All(r => a.Thresholds.Of(r.Check).Equals(b.Thresholds.Of(r.Check))) ? "thresholds" :
            !a.MissingColumns.SequenceEqual(b.MissingColumns) || !a.Columns.Select(Shape).SequenceEqual(b.Columns.Select(Shape)) ? "columns (schema)" :
            null;
        if (difference is not null)
        {
            throw new MlOpsException(
                $"The data-quality shards '{Path.GetFileName(firstPath)}' and '{Path.GetFileName(path)}' were checked with a different {difference}; shards merge only when checked alike.",
                path, fix: "Check every shard with the same model, drift baseline, training data, label column and thresholds, on data with the same columns.",
                diagnostic: DiagnosticCatalog.DataQualityShardsDiffer);
        }
    }

    private static string Shape(ColumnCounts c) =>
        JsonSerializer.Serialize(new object?[] { c.Name, c.IsLabel, c.IsText, c.CategoriesFrom, double.IsNaN(c.RangeMin) ? null : c.RangeMin, double.IsNaN(c.RangeMax) ? null : c.RangeMax });
}
