using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Fairness;

/// <summary>
/// Streams a predictions CSV (true label, predicted label or score, sensitive columns) once, counting a
/// confusion matrix per combination of sensitive values; every reported figure is derived from those cells,
/// so memory depends on the number of groups, not rows.
/// </summary>
public static class FairnessAnalyzer
{
    /// <summary>Analyses a CSV that holds the label, the sensitive columns and a prediction (or score) column.</summary>
    /// <param name="csvPath">The CSV.</param>
    /// <param name="options">Columns, groups and the bootstrap.</param>
    /// <param name="progress">Rows read so far, now and then.</param>
    /// <param name="data">The data the report names; default the CSV itself (a stage that scored the user's data into a
    /// temporary join names the user's file).</param>
    /// <param name="predictionSource">How the report says predictions were obtained; default the column used.</param>
    /// <exception cref="MlOpsException">Missing columns, a ragged row, a non-binary label or prediction, an empty sensitive value, an empty privileged group.</exception>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static FairnessReport AnalyzeCsv(string csvPath, FairnessOptions options, IProgress<long>? progress = null,
        DataIdentity? data = null, string? predictionSource = null)
    {
        using var reader = TableReader.Open(csvPath, options.Csv);
        var label = reader.ColumnIndex(options.Label);
        var sensitive = options.Sensitive.Select(reader.ColumnIndex).ToArray();
        int prediction = -1, score = -1;
        string source;
        if (reader.TryGetColumnIndex(options.Prediction, out var p))
        {
            prediction = p;
            source = $"column {options.Prediction}";
        }
        else if (options.Score is not null)
        {
            score = reader.ColumnIndex(options.Score);
            source = $"column {options.Score} >= {options.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
        }
        else
        {
            throw new MlOpsException(
                $"The {reader.Format} file has no prediction column '{options.Prediction}'. Available columns: {string.Join(", ", reader.Header.Select(h => $"'{h}'"))}.",
                csvPath, reader.HeaderLineNumber, "Name the prediction column (the predicted label), or a score column (a probability) and its decision threshold.",
                inputs: [UserInputs.PredictionColumn, UserInputs.ScoreColumn]);
        }
        var columns = new RowColumns(label, prediction, score, sensitive);
        reader.Dispose();
        // The file's digest is read while the rows are counted rather than after: one pass less on the critical path.
        var identity = data is null ? Task.Run(() => DataIdentity.Of(csvPath)) : null;
        var (collector, labels, rows) = TryCollectInParallel(csvPath, options, columns)
            ?? CollectSequentially(csvPath, options, columns, progress);
        progress?.Report(rows);
        if (rows == 0)
        {
            throw new MlOpsException("The predictions file has a header but no rows.", csvPath, 2, "Pass a file with one row per prediction.");
        }
        if (!labels.SawPositive)
        {
            throw new MlOpsException(
                $"No value of the label column '{options.Label}' equals the positive label '{options.Positive}'; its values are {string.Join(", ", labels.Seen.Select(s => $"'{s}'"))}.",
                csvPath, 1, $"Name the positive label: one of the label column's values, for example '{labels.Seen[0]}'.",
                inputs: [UserInputs.PositiveLabel.Example(labels.Seen[0])]);
        }
        return Report(options, collector, data ?? identity!.GetAwaiter().GetResult(), rows, predictionSource ?? source, csvPath);
    }

    /// <summary>The report of counted cells (one pass, or parts merged); <paramref name="path"/> names the data in errors.</summary>
    internal static FairnessReport Report(FairnessOptions options, CellCollector collector, DataIdentity data, long rows, string predictionSource, string path)
    {
        var features = Features(options, collector, path);
        var cells = collector.Cells()
            .Select(c => new FairnessCell(c.Groups.Select((g, column) => collector.GroupName(column, g)).ToArray(), c.Counts))
            .ToList();
        return new FairnessReport(options, data, rows, predictionSource, features) { Cells = cells };
    }

    private sealed record RowColumns(int Label, int Prediction, int Score, int[] Sensitive);

    private static (CellCollector, BinaryLabel, long) CollectSequentially(string csvPath, FairnessOptions options, RowColumns columns, IProgress<long>? progress)
    {
        using var reader = TableReader.Open(csvPath, options.Csv);
        var labels = new BinaryLabel(options.Positive);
        var collector = new CellCollector(columns.Sensitive.Length);
        var rows = Collect(reader, options, columns, labels, new BinaryLabel(options.Positive), collector, progress);
        return (collector, labels, rows);
    }

    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long Collect(ITableReader reader, FairnessOptions options, RowColumns columns, BinaryLabel labels, BinaryLabel predictions,
        CellCollector collector, IProgress<long>? progress)
    {
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            var actual = labels.IsPositive(reader, columns.Label, "label");
            bool predicted;
            if (columns.Prediction >= 0)
            {
                predicted = predictions.IsPositive(reader, columns.Prediction, "prediction");
            }
            else
            {
                var s = reader.GetDouble(columns.Score);
                if (double.IsNaN(s))
                {
                    throw new MlOpsException($"The score column '{options.Score}' is empty on {reader.Position}.", reader.Path,
                        reader.LineNumber, "Give every row a score.", column: columns.Score + 1);
                }
                predicted = s >= options.Threshold;
            }
            collector.Add(reader, columns.Sensitive, actual, predicted);
            if ((rows & 0xFFFF) == 0)
            {
                progress?.Report(rows);
            }
        }
        return rows;
    }

    /// <summary>Files at least this large are counted in parallel segments (when they hold no quotes).</summary>
    internal const long ParallelThreshold = CsvSegments.Threshold;

    // Large unquoted files are split at line ends into one segment per core, each counted by its own reader
    // (with the header line in front), and the cells merged: the counts are sums, so the result is identical.
    // Any problem (bad input in a segment, a label that is not binary across segments) returns null and the
    // caller re-reads sequentially, which reports the exact file line.
    private static (CellCollector, BinaryLabel, long)? TryCollectInParallel(string csvPath, FairnessOptions options, RowColumns columns)
    {
        var plan = TableReader.Segments(csvPath, options.Csv, Math.Min(Environment.ProcessorCount, 8));
        if (plan is null)
        {
            return null;
        }
        var results = new (CellCollector Cells, BinaryLabel Labels, long Rows)?[plan.Count];
        try
        {
            Parallel.For(0, results.Length, i =>
            {
                using var reader = plan[i]();
                var labels = new BinaryLabel(options.Positive);
                var collector = new CellCollector(columns.Sensitive.Length);
                var rows = Collect(reader, options, columns, labels, new BinaryLabel(options.Positive), collector, null);
                results[i] = (collector, labels, rows);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is MlOpsException))
        {
            return null;
        }
        var merged = results[0]!.Value.Cells;
        var allLabels = new BinaryLabel(options.Positive);
        long total = 0;
        foreach (var r in results)
        {
            total += r!.Value.Rows;
            if (!allLabels.Absorb(r.Value.Labels))
            {
                return null;
            }
            if (!ReferenceEquals(r.Value.Cells, merged))
            {
                merged.Merge(r.Value.Cells);
            }
        }
        return (merged, allLabels, total);
    }

    // Every single feature and intersection, from the counted cells; path names the file in errors.
    private static List<FeatureFairness> Features(FairnessOptions options, CellCollector collector, string path)
    {
        var featureSets = FeatureSets(options.Sensitive.Count, options.Intersections);
        var cells = collector.Cells();
        var features = new List<FeatureFairness>();
        foreach (var set in featureSets)
        {
            var columns = set.Select(i => options.Sensitive[i]).ToArray();
            var key = string.Join("&", columns);
            string? privileged = null;
            if (set.All(i => options.Privileged.ContainsKey(options.Sensitive[i])))
            {
                privileged = string.Join("&", set.Select(i => options.Privileged[options.Sensitive[i]]));
            }
            var groups = Aggregate(cells, set, collector, cellCounts: null);
            if (privileged is not null && !groups.Any(g => g.Name == privileged))
            {
                throw new MlOpsException(
                    $"The privileged group '{privileged}' of '{key}' has no rows; the groups are {string.Join(", ", groups.Select(g => $"'{g.Name}'"))}.",
                    path, null, "Name a privileged group that occurs in the data.", inputs: [UserInputs.PrivilegedGroups]);
            }
            var result = FairnessCalculator.Compute(key, columns, groups, privileged, options.MinGroupSize, leaveOutSmallGroups: set.Length > 1);
            if (options.BootstrapReplicates > 0)
            {
                result.ConfidenceIntervals = Bootstrap(options, cells, set, collector, privileged ?? result.PrivilegedGroup, featureSets.IndexOf(set));
            }
            features.Add(result);
        }
        return features;
    }

    // Single features in option order, then every combination of two or more (in order of size, then position).
    private static List<int[]> FeatureSets(int count, bool intersections)
    {
        var sets = new List<int[]>();
        for (var i = 0; i < count; i++)
        {
            sets.Add([i]);
        }
        if (intersections && count > 1)
        {
            var combos = new List<int[]>();
            for (var mask = 1; mask < 1 << count; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) >= 2)
                {
                    combos.Add(Enumerable.Range(0, count).Where(b => (mask & (1 << b)) != 0).ToArray());
                }
            }
            sets.AddRange(combos.OrderBy(c => c.Length).ThenBy(c => string.Join(",", c.Select(x => x.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))), StringComparer.Ordinal));
        }
        return sets;
    }

    private static List<(string Name, ConfusionCounts Counts)> Aggregate(IReadOnlyList<CellCollector.Cell> cells, int[] set,
        CellCollector collector, long[]? cellCounts)
    {
        var map = new SortedDictionary<string, ConfusionCounts>(StringComparer.Ordinal);
        for (var c = 0; c < cells.Count; c++)
        {
            var cell = cells[c];
            var name = string.Join("&", set.Select(i => collector.GroupName(i, cell.Groups[i])));
            var counts = cellCounts is null ? cell.Counts : new ConfusionCounts(cellCounts[4 * c], cellCounts[4 * c + 1], cellCounts[4 * c + 2], cellCounts[4 * c + 3]);
            map[name] = map.TryGetValue(name, out var existing) ? existing + counts : counts;
        }
        return map.Where(kv => kv.Value.Count > 0).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    // Resampling rows with replacement is a multinomial draw over the confusion cells (every metric depends on
    // the cells only), so each replicate draws N rows over the cells instead of re-reading the data.
    private static Dictionary<string, ConfidenceInterval> Bootstrap(FairnessOptions options, IReadOnlyList<CellCollector.Cell> cells,
        int[] set, CellCollector collector, string privileged, int streamIndex)
    {
        var weights = new double[cells.Count * 4];
        long total = 0;
        for (var c = 0; c < cells.Count; c++)
        {
            var k = cells[c].Counts;
            weights[4 * c] = k.TruePositives;
            weights[4 * c + 1] = k.FalsePositives;
            weights[4 * c + 2] = k.FalseNegatives;
            weights[4 * c + 3] = k.TrueNegatives;
            total += k.Count;
        }
        var random = new SeededRandom(options.Seed + (ulong)streamIndex * 0x9E3779B97F4A7C15UL);
        var draws = new long[weights.Length];
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var b = 0; b < options.BootstrapReplicates; b++)
        {
            random.NextMultinomial(total, weights, draws);
            var groups = Aggregate(cells, set, collector, draws);
            var present = groups.Any(g => g.Name == privileged) ? privileged : null;
            var replicate = FairnessCalculator.Compute("", [], groups, present, options.MinGroupSize, leaveOutSmallGroups: set.Length > 1);
            foreach (var (name, value) in replicate.Metrics())
            {
                if (double.IsNaN(value))
                {
                    continue;
                }
                if (!samples.TryGetValue(name, out var list))
                {
                    samples[name] = list = new List<double>(options.BootstrapReplicates);
                }
                list.Add(value);
            }
        }
        var result = new Dictionary<string, ConfidenceInterval>(StringComparer.Ordinal);
        foreach (var (name, list) in samples)
        {
            var (lower, upper) = PercentileBootstrap.Interval(list, options.ConfidenceLevel);
            result[name] = new ConfidenceInterval(lower, upper);
        }
        return result;
    }
}
