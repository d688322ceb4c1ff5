using System.Globalization;
using MlOps.Governance.Tabular;
using Parquet;
using Parquet.Schema;

namespace MlOps.Parquet.Tests.Support;

/// <summary>
/// Writes a CSV file's table as Parquet with Parquet.Net, the way a data team's export would: a column of whole
/// numbers becomes INT64, a column of numbers DOUBLE, anything else STRING; an empty field becomes a null (the
/// column is then optional).
/// </summary>
internal static class ParquetFiles
{
    public static async Task<string> FromCsvAsync(string csvPath, string parquetPath, int rowGroupSize = 1 << 20, bool dictionary = false)
    {
        var (header, rows) = ReadCsv(csvPath);
        var columns = Enumerable.Range(0, header.Count).Select(c => Column.Infer(header[c], rows.Select(r => r[c]).ToList())).ToArray();
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var stream = File.Create(parquetPath);
        var options = new ParquetOptions();
        if (dictionary)
        {
            // What pyarrow writes by default: text columns as a dictionary of distinct values plus one index per row.
            foreach (var column in columns.Where(c => c.Field.ClrType != typeof(long) && c.Field.ClrType != typeof(double)))
            {
                options.ColumnEncodingHints[column.Field.Path.ToString()] = EncodingHint.Dictionary;
            }
        }
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, options))
        {
            for (var start = 0; start < Math.Max(rows.Count, 1); start += rowGroupSize)
            {
                var count = Math.Min(rowGroupSize, rows.Count - start);
                using var group = writer.CreateRowGroup();
                foreach (var column in columns)
                {
                    await column.WriteAsync(group, start, count);
                }
            }
        }
        return parquetPath;
    }

    private static (IReadOnlyList<string> Header, List<string[]> Rows) ReadCsv(string path)
    {
        using var reader = CsvReader.Open(path);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.Header.Count).Select(reader.GetString).ToArray());
        }
        return (reader.Header, rows);
    }

    private sealed class Column
    {
        private readonly Func<ParquetRowGroupWriter, int, int, Task> _write;

        private Column(DataField field, Func<ParquetRowGroupWriter, int, int, Task> write)
        {
            Field = field;
            _write = write;
        }

        public DataField Field { get; }

        public Task WriteAsync(ParquetRowGroupWriter group, int start, int count) => _write(group, start, count);

        public static Column Infer(string name, List<string> values)
        {
            var present = values.Where(v => v.Trim().Length > 0).ToList();
            var nullable = present.Count < values.Count;
            if (present.Count > 0 && present.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            {
                var field = new DataField(name, typeof(long), nullable);
                var data = values.Select(v => v.Trim().Length == 0 ? (long?)null : long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                return new Column(field, (g, s, n) => nullable
                    ? g.WriteAsync(field, new ReadOnlyMemory<long?>(data, s, n))
                    : g.WriteAsync(field, new ReadOnlyMemory<long>(data.Select(x => x!.Value).ToArray(), s, n)));
            }
            if (present.Count > 0 && present.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                var field = new DataField(name, typeof(double), nullable);
                var data = values.Select(v => v.Trim().Length == 0 ? (double?)null : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                return new Column(field, (g, s, n) => nullable
                    ? g.WriteAsync(field, new ReadOnlyMemory<double?>(data, s, n))
                    : g.WriteAsync(field, new ReadOnlyMemory<double>(data.Select(x => x!.Value).ToArray(), s, n)));
            }
            var text = new DataField(name, typeof(string), nullable);
            var strings = values.Select(v => nullable && v.Trim().Length == 0 ? null : v).ToArray();
            return new Column(text, (g, s, n) => g.WriteAsync(text, strings.Skip(s).Take(n).ToArray()));
        }
    }
}
