using MlOps.Governance.Hashing;
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
        using var reader = CsvReader.Open(csvPath);
        var columns = ResolveColumns(reader, options.Columns);
        foreach (var name in options.Categorical)
        {
            reader.ColumnIndex(name);
        }
        var types = ColumnTypeSniffer.Sniff(csvPath, columns, options.Categorical, options.TypeSniffRows);
        var numeric = new NumericSketch?[columns.Count];
        var categorical = new CategoryCounter?[columns.Count];
        var missing = new long[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            if (types[c] == FeatureType.Numeric)
            {
                numeric[c] = new NumericSketch();
            }
            else
            {
                categorical[c] = new CategoryCounter();
            }
        }
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var c = 0; c < columns.Count; c++)
            {
                var i = columns[c];
                if (numeric[c] is { } sketch)
                {
                    sketch.Add(ReadNumber(reader, i));
                }
                else if (reader.IsEmpty(i))
                {
                    missing[c]++;
                }
                else
                {
                    categorical[c]!.Add(reader.GetSpan(i));
                }
            }
            if ((rows & 0xFFFF) == 0)
            {
                progress?.Report(rows);
            }
        }
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
                        $"Leave column '{name}' out with --columns, or profile data where it is filled in.");
                }
                var distribution = sketch.ToDistribution(StoredExactValues, SmallSampleLimit);
                features.Add(FeatureProfile.ForNumeric(name, sketch.Missing, sketch.Moments, distribution));
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

    internal static double ReadNumber(CsvReader reader, int column)
    {
        if (reader.TryGetDouble(column, out var value))
        {
            return value;
        }
        var text = reader.GetString(column);
        throw new MlOpsException(
            $"Column '{reader.Header[column]}' on line {reader.LineNumber} is not a number: '{(text.Length > 40 ? text[..40] + "..." : text)}'.",
            reader.Path, reader.LineNumber,
            $"Fix the value, or treat the column as categorical with --categorical {reader.Header[column]} (types are decided from the first rows of the training data).",
            column: column + 1);
    }

    private static List<int> ResolveColumns(CsvReader reader, IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
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
