#:project ../../src/MlOps.Parquet/MlOps.Parquet.csproj
// Writes a CSV file's table as Parquet (Parquet.Net), for eng/bench/parquet.sh: whole-number columns become INT64,
// number columns DOUBLE, the rest STRING; an empty field is a null. Streams: two passes over the CSV (types, then
// values), holding one row group at a time.
// The file looks like what users' tools write: pyarrow's defaults (pandas.DataFrame.to_parquet) are row groups of up
// to 1,048,576 rows, Snappy and dictionary-encoded columns. Parquet.Net dictionary-encodes only text, and only when
// asked, so every text column is hinted; numbers stay PLAIN (pyarrow would dictionary-encode low-cardinality numbers
// too, and fall back to PLAIN for high-cardinality ones once the dictionary passes 1 MB).
// Usage: dotnet run eng/bench/csv-to-parquet.cs -- <in.csv> <out.parquet> [rows per row group, default 1048576]
using System.Globalization;
using MlOps.Governance.Tabular;
using Parquet;
using Parquet.Schema;

var (input, output) = (args[0], args[1]);
var groupRows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1 << 20;

// Pass 1: the narrowest type that holds every value of each column.
string[] header;
int[] kind; // 0 long, 1 double, 2 string
bool[] nullable;
using (var reader = CsvReader.Open(input))
{
    header = reader.Header.ToArray();
    kind = new int[header.Length];
    nullable = new bool[header.Length];
    while (reader.Read())
    {
        for (var i = 0; i < header.Length; i++)
        {
            var text = reader.GetSpan(i);
            if (text.IsWhiteSpace())
            {
                nullable[i] = true;
            }
            else if (kind[i] == 0 && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                kind[i] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? 1 : 2;
            }
            else if (kind[i] == 1 && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                kind[i] = 2;
            }
        }
    }
}
var fields = header.Select((h, i) => new DataField(h, kind[i] switch { 0 => typeof(long), 1 => typeof(double), _ => typeof(string) }, nullable[i])).ToArray();

// Pass 2: the values, one row group at a time.
var longs = new long?[header.Length][];
var doubles = new double?[header.Length][];
var strings = new string?[header.Length][];
for (var i = 0; i < header.Length; i++)
{
    (longs[i], doubles[i], strings[i]) = kind[i] switch
    {
        0 => (new long?[groupRows], null!, null!),
        1 => (null!, new double?[groupRows], null!),
        _ => ((long?[])null!, (double?[])null!, new string?[groupRows]),
    };
}
await using var stream = File.Create(output);
var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
foreach (var f in fields.Where((_, i) => kind[i] == 2))
{
    options.ColumnEncodingHints[f.Path.ToString()] = EncodingHint.Dictionary;
}
await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options);
using (var reader = CsvReader.Open(input))
{
    var more = true;
    while (more)
    {
        var n = 0;
        while (n < groupRows && (more = reader.Read()))
        {
            for (var i = 0; i < header.Length; i++)
            {
                var text = reader.GetSpan(i);
                var empty = text.IsWhiteSpace();
                switch (kind[i])
                {
                    case 0: longs[i][n] = empty ? null : long.Parse(text, CultureInfo.InvariantCulture); break;
                    case 1: doubles[i][n] = empty ? null : double.Parse(text, CultureInfo.InvariantCulture); break;
                    default: strings[i][n] = empty ? null : text.ToString(); break;
                }
            }
            n++;
        }
        if (n == 0)
        {
            break;
        }
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < header.Length; i++)
        {
            var f = fields[i];
            switch (kind[i])
            {
                case 0 when f.IsNullable: await group.WriteAsync(f, new ReadOnlyMemory<long?>(longs[i], 0, n)); break;
                case 0: await group.WriteAsync(f, new ReadOnlyMemory<long>(longs[i].Take(n).Select(v => v!.Value).ToArray())); break;
                case 1 when f.IsNullable: await group.WriteAsync(f, new ReadOnlyMemory<double?>(doubles[i], 0, n)); break;
                case 1: await group.WriteAsync(f, new ReadOnlyMemory<double>(doubles[i].Take(n).Select(v => v!.Value).ToArray())); break;
                default: await group.WriteAsync(f, strings[i].Take(n).ToArray()); break;
            }
        }
    }
}
Console.WriteLine(output);
