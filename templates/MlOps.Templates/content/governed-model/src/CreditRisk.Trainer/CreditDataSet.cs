using MlOps;
using MlOps.Governance.Tabular;

namespace CreditRisk.Trainer;

/// <summary>
/// The German credit rows held in memory (1,000 rows: small enough that the trainer may keep them),
/// with the raw text of every field so the split files repeat the source exactly.
/// </summary>
public sealed class CreditDataSet
{
    private CreditDataSet(string path, IReadOnlyList<string> header, IReadOnlyList<string[]> rows,
        IReadOnlyList<long> lineNumbers)
    {
        Path = path;
        Header = header;
        Rows = rows;
        LineNumbers = lineNumbers;
    }

    /// <summary>The file the rows came from.</summary>
    public string Path { get; }

    /// <summary>The source header plus the derived <c>age_group</c> column.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Every record: source fields then <c>age_group</c>.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The 1-based source line of each row (for error messages).</summary>
    public IReadOnlyList<long> LineNumbers { get; }

    /// <summary>The index of a column in <see cref="Header"/>.</summary>
    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new MlOpsException($"The column '{name}' is missing. Columns: {string.Join(", ", Header)}.", Path,
            fix: "Use the German credit file shipped with the template (data/german-credit.csv).");
    }

    /// <summary>Reads the CSV, checks the columns the model needs and derives <c>age_group</c>.</summary>
    /// <exception cref="MlOpsException">A column is missing, a number does not parse, or a label is not good/bad.</exception>
    public static CreditDataSet Load(string path)
    {
        using var reader = CsvReader.Open(path);
        var header = reader.Header.Append(GermanCreditSchema.AgeGroup).ToArray();
        var ageColumn = reader.ColumnIndex("age");
        var labelColumn = reader.ColumnIndex(GermanCreditSchema.Label);
        var numeric = GermanCreditSchema.NumericFeatures.Select(reader.ColumnIndex).ToArray();
        foreach (var name in GermanCreditSchema.CategoricalFeatures.Concat(GermanCreditSchema.SensitiveFeatures.Where(s => s != GermanCreditSchema.AgeGroup)))
        {
            reader.ColumnIndex(name);
        }

        var rows = new List<string[]>();
        var lines = new List<long>();
        while (reader.Read())
        {
            foreach (var column in numeric)
            {
                var value = reader.GetDouble(column);
                if (double.IsNaN(value))
                {
                    throw new MlOpsException($"The numeric field '{reader.Header[column]}' is empty.", path, reader.LineNumber,
                        fix: "Fill the value or drop the row: the sample trainer does not impute.");
                }
            }
            var label = reader.GetString(labelColumn);
            if (label != GermanCreditSchema.PositiveLabel && label != GermanCreditSchema.NegativeLabel)
            {
                throw new MlOpsException(
                    $"The label '{GermanCreditSchema.Label}' is '{label}', expected '{GermanCreditSchema.PositiveLabel}' or '{GermanCreditSchema.NegativeLabel}'.",
                    path, reader.LineNumber, fix: "A binary classifier needs exactly two label values.");
            }
            var record = new string[header.Length];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                record[i] = reader.GetString(i);
            }
            record[^1] = GermanCreditSchema.AgeGroupOf(reader.GetDouble(ageColumn));
            rows.Add(record);
            lines.Add(reader.LineNumber);
        }
        if (rows.Count == 0)
        {
            throw new MlOpsException("The data file has a header but no rows.", path, fix: "Use the full German credit file.");
        }
        return new CreditDataSet(path, header, rows, lines);
    }

    /// <summary>Writes the given rows (in the given order) with the header, atomically.</summary>
    public void Write(string path, IEnumerable<int> rowIndices)
    {
        using var writer = CsvWriter.Create(path);
        writer.WriteRecord(Header);
        foreach (var index in rowIndices)
        {
            writer.WriteRecord(Rows[index]);
        }
        writer.Commit();
    }
}
