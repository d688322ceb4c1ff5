using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Tabular;
using MlOps.Parquet.Tests.Support;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace MlOps.Parquet.Tests;

/// <summary>
/// The reader's fast paths: raw column reads (present values plus definition levels), dictionary-encoded text, the
/// next column decoded ahead on a second reader, and a decoded row group handed to the next reader of the same file.
/// </summary>
public sealed class RawReadTests
{
    static RawReadTests() => ParquetFormat.Register();

    [Fact]
    public async Task Dictionary_encoded_text_in_many_row_groups_reads_as_the_csv_reads_it()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var parquet = await ParquetFiles.FromCsvAsync(SharedData.GermanCredit, dir.File("german-credit.parquet"), rowGroupSize: 77, dictionary: true);
        Assert.Contains(await EncodingsAsync(parquet), e => e is Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY);
        AssertSameAsCsv(SharedData.GermanCredit, parquet);
    }

    [Fact]
    public async Task Nulls_of_every_type_sit_on_their_rows_in_every_row_group()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var path = dir.File("nulls.parquet");
        // Row groups: nulls at the start, middle and end; no nulls; only nulls.
        bool[][] groups =
        [
            [true, false, false, true, false, true],
            [false, false, false],
            [true, true],
        ];
        var schema = new ParquetSchema(
            new DataField<double?>("d"), new DataField<long?>("l"), new DataField<int?>("i"), new DataField<string>("s"),
            new DataField<bool?>("b"), new DecimalDataField("m", 10, 2, isNullable: true));
        var expected = new List<string[]>();
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { ColumnEncodingHints = { ["s"] = EncodingHint.Dictionary } }))
        {
            var n = 0;
            foreach (var nulls in groups)
            {
                var rows = Enumerable.Range(n, nulls.Length).ToArray();
                n += rows.Length;
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(schema.DataFields[0], new ReadOnlyMemory<double?>(rows.Select((r, k) => nulls[k] ? null : (double?)(r + 0.5)).ToArray()));
                await group.WriteAsync(schema.DataFields[1], new ReadOnlyMemory<long?>(rows.Select((r, k) => nulls[k] ? null : (long?)(-r)).ToArray()));
                await group.WriteAsync(schema.DataFields[2], new ReadOnlyMemory<int?>(rows.Select((r, k) => nulls[k] ? null : (int?)(r * 10)).ToArray()));
                await group.WriteAsync(schema.DataFields[3], rows.Select((r, k) => nulls[k] ? null : $"v{r % 2}").ToArray());
                await group.WriteAsync(schema.DataFields[4], new ReadOnlyMemory<bool?>(rows.Select((r, k) => nulls[k] ? null : (bool?)(r % 2 == 0)).ToArray()));
                await group.WriteAsync(schema.DataFields[5], new ReadOnlyMemory<decimal?>(rows.Select((r, k) => nulls[k] ? null : (decimal?)(r + 0.25m)).ToArray()));
                expected.AddRange(rows.Select((r, k) => nulls[k]
                    ? new[] { "", "", "", "", "", "" }
                    : [$"{r}.5", $"{-r}", $"{r * 10}", $"v{r % 2}", r % 2 == 0 ? "true" : "false", $"{r}.25"]));
            }
        }
        using var table = TableReader.Open(path);
        foreach (var row in expected)
        {
            Assert.True(table.Read());
            for (var i = 0; i < row.Length; i++)
            {
                Assert.Equal(row[i], table.GetString(i));
                Assert.Equal(row[i].Length == 0, table.IsEmpty(i));
            }
            Assert.Equal(row[0].Length == 0 ? double.NaN : double.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture), table.GetDouble(0));
            Assert.Equal(row[1].Length == 0 ? double.NaN : double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), table.GetDouble(1));
        }
        Assert.False(table.Read());
    }

    [Fact]
    public async Task Columns_read_in_a_different_order_or_skipped_in_each_row_group_read_right()
    {
        // The reader guesses which column comes next (and decodes it ahead); a wrong guess must never change a value.
        using var dir = new TempDirectory("mlops-parquet-");
        var parquet = await ParquetFiles.FromCsvAsync(SharedData.GermanCredit, dir.File("german-credit.parquet"), rowGroupSize: 100, dictionary: true);
        var expected = ReadAll(SharedData.GermanCredit);
        using var table = TableReader.Open(parquet);
        var width = table.Header.Count;
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.True(table.Read());
            var group = r / 100;
            // Group 0: every column; then every third column, backwards, a single column, and so on.
            var columns = (group % 4) switch
            {
                0 => Enumerable.Range(0, width),
                1 => Enumerable.Range(0, width).Where(i => i % 3 == group % 3),
                2 => Enumerable.Range(0, width).Reverse(),
                _ => [group % width],
            };
            foreach (var i in columns)
            {
                Assert.Equal(expected[r][i], table.GetString(i));
            }
        }
        Assert.False(table.Read());
    }

    [Fact]
    public async Task A_second_reader_of_the_same_file_reads_it_whole_and_a_rewritten_file_is_read_afresh()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var csvPath = dir.File("data.csv");
        File.WriteAllText(csvPath, "x,s\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"{i},c{i % 3}\n")));
        var parquet = await ParquetFiles.FromCsvAsync(csvPath, dir.File("data.parquet"), rowGroupSize: 200, dictionary: true);
        // A stage reads the first rows to choose column types, then opens the file again for its pass.
        using (var first = TableReader.Open(parquet))
        {
            for (var r = 0; r < 10 && first.Read(); r++)
            {
                first.GetDouble(0);
                first.GetSpan(1);
            }
        }
        AssertSameAsCsv(csvPath, parquet);

        File.WriteAllText(csvPath, "x,s\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"{-i},d{i % 5}\n")));
        await ParquetFiles.FromCsvAsync(csvPath, parquet, rowGroupSize: 200, dictionary: true);
        File.SetLastWriteTimeUtc(parquet, DateTime.UtcNow.AddMinutes(1));
        AssertSameAsCsv(csvPath, parquet);
    }

    private static void AssertSameAsCsv(string csvPath, string parquetPath)
    {
        using var csv = TableReader.Open(csvPath);
        using var table = TableReader.Open(parquetPath);
        Assert.Equal(csv.Header, table.Header);
        while (csv.Read())
        {
            Assert.True(table.Read());
            for (var i = 0; i < csv.Header.Count; i++)
            {
                Assert.Equal(csv.GetString(i), table.GetString(i));
                Assert.Equal(csv.IsEmpty(i), table.IsEmpty(i));
                Assert.Equal(csv.TryGetNumber(i, out var x), table.TryGetNumber(i, out var y));
                Assert.Equal(x, y);
            }
        }
        Assert.False(table.Read());
    }

    private static List<string[]> ReadAll(string csvPath)
    {
        using var csv = TableReader.Open(csvPath);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.Header.Count).Select(csv.GetString).ToArray());
        }
        return rows;
    }

    private static async Task<List<Encoding>> EncodingsAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        return reader.Metadata!.RowGroups.SelectMany(g => g.Columns).SelectMany(c => c.MetaData!.Encodings).Distinct().ToList();
    }
}
