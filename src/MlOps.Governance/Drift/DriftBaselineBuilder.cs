using MlOps.Diagnostics;
using MlOps.Hashing;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Drift;

/// <summary>
/// Profiles a CSV file into a <see cref="DriftBaseline"/> in one streaming pass (after a bounded read of the
/// first rows to decide column types): memory depends on the number of columns, not rows.
/// </summary>
public static class DriftBaselineBuilder
{
    /// <summary>Distinct values above which a numeric profile is stored as a digest (unless the data set is small).</summary>
    public const int StoredExactValues = 256;

    /// <summary>Data sets with at most this many rows keep exact values whatever their cardinality (Evidently's small-sample limit).</summary>
    public const long SmallSampleLimit = 1000;

    /// <summary>Profiles <paramref name="csvPath"/>.</summary>
    /// <exception cref="MlOpsException">A missing column, a ragged row, or a non-number in a numeric column.</exception>
    public static DriftBaseline Build(string csvPath, DriftBaselineOptions? options = null, IProgress<long>? progress = null)
    {
        options ??= new DriftBaselineOptions();
        using var reader = TableReader.Open(csvPath, options.Csv);
        var columns = ResolveColumns(reader, options.Columns);
        foreach (var name in options.Categorical)
        {
            reader.ColumnIndex(name);
        }
        var types = ColumnTypeSniffer.Sniff(csvPath, options.Csv, columns, options.Categorical, options.TypeSniffRows);
        var columnArray = columns.ToArray();
        var total = Segmented.Run(csvPath, options.Csv, () => new BaselineAccumulator(types), (a, r, p) => a.Consume(r, columnArray, p), (a, b) => a.Merge(b), progress);
        var numeric = total.Numeric;
        var categorical = total.Categorical;
        var missing = total.Missing;
        var rows = total.Rows;
        progress?.Report(rows);
        if (rows == 0)
        {
            throw new MlOpsException("The data file has a header but no rows: there is nothing to profile.", csvPath, 2,
                "Profile the training data set, with one line per row after the header.");
        }
        var features = new List<FeatureProfile>(columns.Count);
        for (var c = 0; c < columns.Count; c++)
        {
            var name = reader.Header[columns[c]];
            if (numeric[c] is { } sketch)
            {
                if (sketch.Moments.Count == 0)
                {
                    throw new MlOpsException($"Column '{name}' has no values: every row is empty.", csvPath, null,
                        $"Leave column '{name}' out of the profiled columns, or profile data where it is filled in.", inputs: [UserInputs.ProfiledColumns]);
                }
                var distribution = sketch.ToDistribution(StoredExactValues, SmallSampleLimit);
                features.Add(FeatureProfile.ForNumeric(name, sketch.Missing, MomentsOf(sketch), distribution));
            }
            else
            {
                var counter = categorical[c]!;
                features.Add(FeatureProfile.ForCategorical(name, missing[c], counter.ToSortedList(), counter.OtherCount));
            }
        }
        var sha = options.HashData ? Sha256Hex.OfFile(csvPath) : null;
        return new DriftBaseline(Path.GetFileName(csvPath), sha, rows, features);
    }

    /// <summary>
    /// The moments of a column: from its exact counts while the sketch has them (so they do not depend on how the rows
    /// were split into segments or shards: <see cref="DriftBaselineMerge"/> gets the same bits), else the streamed ones.
    /// </summary>
    internal static RunningMoments MomentsOf(NumericSketch sketch)
    {
        if (sketch.DistinctCount is null)
        {
            return sketch.Moments;
        }
        var exact = sketch.ToDistribution(int.MaxValue);
        return RunningMoments.FromCounts(exact.Points, exact.Weights);
    }

    /// <summary>The per-column collectors of one pass (or one segment of a pass).</summary>
    private sealed class BaselineAccumulator
    {
        public BaselineAccumulator(FeatureType[] types)
        {
            Numeric = types.Select(t => t == FeatureType.Numeric ? new NumericSketch() : null).ToArray();
            Categorical = types.Select(t => t == FeatureType.Categorical ? new CategoryCounter() : null).ToArray();
            Missing = new long[types.Length];
        }

        public NumericSketch?[] Numeric { get; }

        public CategoryCounter?[] Categorical { get; }

        public long[] Missing { get; }

        public long Rows { get; private set; }

        // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Consume(ITableReader reader, int[] columns, IProgress<long>? progress)
        {
            var numeric = Numeric;
            var categorical = Categorical;
            while (reader.Read())
            {
                Rows++;
                for (var c = 0; c < columns.Length; c++)
                {
                    var i = columns[c];
                    if (numeric[c] is { } sketch)
                    {
                        sketch.Add(ReadNumber(reader, i));
                    }
                    else if (reader.IsEmpty(i))
                    {
                        Missing[c]++;
                    }
                    else
                    {
                        categorical[c]!.Add(reader.GetSpan(i));
                    }
                }
                if ((Rows & 0xFFFF) == 0)
                {
                    progress?.Report(Rows);
                }
            }
        }

        public void Merge(BaselineAccumulator other)
        {
            Rows += other.Rows;
            for (var c = 0; c < Missing.Length; c++)
            {
                Missing[c] += other.Missing[c];
                Numeric[c]?.Merge(other.Numeric[c]!);
                Categorical[c]?.Merge(other.Categorical[c]!);
            }
        }
    }

    internal static double ReadNumber(ITableReader reader, int column)
    {
        if (reader.TryGetNumber(column, out var value))
        {
            return value;
        }
        throw reader.NotANumber(column,
            "Fix the value (a finite number, or empty for a missing value), or profile the column as categorical (a column is numeric when most of its values in the first rows of the training data are numbers).",
            [UserInputs.CategoricalColumns.Example(reader.Header[column])]);
    }

    private static List<int> ResolveColumns(ITableReader reader, IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            // Features are keyed by column name in the baseline: an empty name would silently drop a feature (the reader
            // refuses a repeated name for every file).
            for (var i = 0; i < reader.Header.Count; i++)
            {
                if (reader.Header[i].Trim().Length == 0)
                {
                    throw new MlOpsException($"Column {i + 1} of the header has no name: a baseline keys every feature by its column name.",
                        reader.Path, 1, "Name every column in the header line, or profile only some columns.", column: i + 1, inputs: [UserInputs.ProfiledColumns]);
                }
            }
            return Enumerable.Range(0, reader.Header.Count).ToList();
        }
        var list = new List<int>(names.Count);
        foreach (var name in names)
        {
            var index = reader.ColumnIndex(name);
            if (!list.Contains(index))
            {
                list.Add(index);
            }
        }
        list.Sort();
        return list;
    }
}
