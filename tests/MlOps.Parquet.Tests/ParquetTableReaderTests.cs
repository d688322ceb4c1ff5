using MlOps.Diagnostics;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Tabular;
using MlOps.Parquet.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace MlOps.Parquet.Tests;

public sealed class ParquetTableReaderTests
{
    static ParquetTableReaderTests() => ParquetFormat.Register();

    [Fact]
    public async Task Reads_every_row_of_german_credit_as_the_csv_reads_it()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var parquet = await ParquetFiles.FromCsvAsync(SharedData.GermanCredit, dir.File("german-credit.parquet"), rowGroupSize: 300);
        using var csv = TableReader.Open(SharedData.GermanCredit);
        using var table = TableReader.Open(parquet);
        Assert.IsType<ParquetTableReader>(table);
        Assert.Equal("Parquet", table.Format);
        Assert.Null(table.HeaderLineNumber);
        Assert.Equal(csv.Header, table.Header);
        long rows = 0;
        while (csv.Read())
        {
            Assert.True(table.Read());
            rows++;
            Assert.Equal(rows, table.LineNumber);
            Assert.Equal($"row {rows}", table.Position);
            for (var i = 0; i < csv.Header.Count; i++)
            {
                Assert.Equal(csv.GetString(i), table.GetString(i));
                Assert.Equal(csv.TryGetNumber(i, out var x), table.TryGetNumber(i, out var y));
                Assert.Equal(x, y);
                Assert.Equal(csv.IsEmpty(i), table.IsEmpty(i));
            }
        }
        Assert.False(table.Read());
        Assert.Equal(1000, rows);
    }

    [Fact]
    public async Task A_null_is_a_missing_value_like_an_empty_csv_field()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var csvPath = dir.File("gaps.csv");
        File.WriteAllText(csvPath, "x,n,s\n1.5,3,a\n,,\n-2,4,\n");
        var parquet = await ParquetFiles.FromCsvAsync(csvPath, dir.File("gaps.parquet"));
        using var table = TableReader.Open(parquet);
        Assert.True(table.Read());
        Assert.True(table.Read());
        for (var i = 0; i < 3; i++)
        {
            Assert.True(table.IsEmpty(i));
            Assert.Equal(0, table.GetSpan(i).Length);
            Assert.True(double.IsNaN(table.GetDouble(i)));
        }
        Assert.True(table.Read());
        Assert.Equal(-2.0, table.GetDouble(0));
        Assert.Equal("4", table.GetString(1));
        Assert.True(table.IsEmpty(2));
    }

    [Fact]
    public async Task Typed_columns_read_as_numbers_and_as_invariant_text()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var path = dir.File("typed.parquet");
        var schema = new ParquetSchema(
            new DataField<float>("f"), new DataField<int>("i"), new DecimalDataField("d", 10, 2), new DataField<bool>("b"),
            new DataField<DateTime>("t"), new DataField<double?>("inf"));
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(schema.DataFields[0], new ReadOnlyMemory<float>([0.25f]));
                await group.WriteAsync(schema.DataFields[1], new ReadOnlyMemory<int>([-7]));
                await group.WriteAsync(schema.DataFields[2], new ReadOnlyMemory<decimal>([12.50m]));
                await group.WriteAsync(schema.DataFields[3], new ReadOnlyMemory<bool>([true]));
                await group.WriteAsync(schema.DataFields[4], new ReadOnlyMemory<DateTime>([new DateTime(2024, 3, 1, 12, 30, 0, DateTimeKind.Utc)]));
                await group.WriteAsync(schema.DataFields[5], new ReadOnlyMemory<double?>([double.PositiveInfinity]));
            }
        }
        using var table = TableReader.Open(path);
        Assert.True(table.Read());
        Assert.Equal(0.25, table.GetDouble(0));
        Assert.Equal("0.25", table.GetString(0));
        Assert.Equal(-7.0, table.GetDouble(1));
        Assert.Equal("-7", table.GetString(1));
        Assert.Equal(12.5, table.GetDouble(2));
        Assert.Equal("12.50", table.GetString(2));
        Assert.Equal("true", table.GetString(3));
        Assert.False(table.TryGetNumber(3, out _));
        Assert.StartsWith("2024-03-01T12:30:00", table.GetString(4), StringComparison.Ordinal);
        var e = Assert.Throws<MlOpsException>(() => table.GetDouble(5));
        Assert.Equal(DiagnosticCatalog.NotANumber, e.Diagnostic);
        Assert.Equal("Column 'inf' on row 1 is not a finite number: 'Infinity'.", e.Message);
        Assert.Equal(1, e.Line);
        Assert.Equal(6, e.Column);
    }

    [Fact]
    public async Task A_large_parquet_file_is_read_in_one_pass_row_group_after_row_group()
    {
        using var dir = new TempDirectory("mlops-parquet-");
        var csvPath = dir.File("big.csv");
        File.WriteAllText(csvPath, "k,v\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"{i},{i % 7}\n")));
        var parquet = await ParquetFiles.FromCsvAsync(csvPath, dir.File("big.parquet"), rowGroupSize: 10_000);
        Assert.Null(TableReader.Segments(parquet, null, 4));
        using var reader = TableReader.Open(parquet);
        long expected = 0;
        while (reader.Read())
        {
            expected++;
            Assert.Equal(expected, reader.LineNumber);
            Assert.Equal(expected - 1, (long)reader.GetDouble(0));
        }
        Assert.Equal(100_000, expected);
    }
}
