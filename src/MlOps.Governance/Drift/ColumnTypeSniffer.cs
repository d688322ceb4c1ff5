using MlOps.Governance.Tabular;

namespace MlOps.Governance.Drift;

/// <summary>
/// Decides each column's type from the first rows (a bounded read): numeric when every non-empty value
/// there parses as a number and at least one is present, otherwise categorical.
/// </summary>
internal static class ColumnTypeSniffer
{
    public static FeatureType[] Sniff(string path, IReadOnlyList<int> columns, IReadOnlyCollection<string> categorical, int rows)
    {
        using var reader = CsvReader.Open(path);
        var numeric = new bool[columns.Count];
        var seen = new bool[columns.Count];
        Array.Fill(numeric, true);
        for (var r = 0; r < rows && reader.Read(); r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (!numeric[c] || reader.IsEmpty(columns[c]))
                {
                    continue;
                }
                seen[c] = true;
                if (!reader.TryGetDouble(columns[c], out _))
                {
                    numeric[c] = false;
                }
            }
        }
        var types = new FeatureType[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var name = reader.Header[columns[c]];
            types[c] = numeric[c] && seen[c] && !categorical.Contains(name) ? FeatureType.Numeric : FeatureType.Categorical;
        }
        return types;
    }
}
