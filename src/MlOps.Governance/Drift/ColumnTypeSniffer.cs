using MlOps.Governance.Tabular;

namespace MlOps.Governance.Drift;

/// <summary>
/// Decides each column's type from the first rows (a bounded read): numeric when most of the non-empty values
/// there are numbers, otherwise categorical. A numeric column's non-numbers are then errors naming line and
/// column (the profiling pass reads every value as a number), never a silent switch to categorical: one typo in a
/// column of numbers must not change how the column is profiled and compared.
/// </summary>
internal static class ColumnTypeSniffer
{
    public static FeatureType[] Sniff(string path, CsvReaderOptions csv, IReadOnlyList<int> columns, IReadOnlyCollection<string> categorical, int rows)
    {
        using var reader = TableReader.Open(path, csv);
        var numbers = new long[columns.Count];
        var others = new long[columns.Count];
        for (var r = 0; r < rows && reader.Read(); r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (reader.IsEmpty(columns[c]))
                {
                    continue;
                }
                if (reader.TryGetDouble(columns[c], out _))
                {
                    numbers[c]++;
                }
                else
                {
                    others[c]++;
                }
            }
        }
        var types = new FeatureType[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var name = reader.Header[columns[c]];
            types[c] = numbers[c] > others[c] && !categorical.Contains(name) ? FeatureType.Numeric : FeatureType.Categorical;
        }
        return types;
    }
}
