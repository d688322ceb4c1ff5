using System.Text;
using MlOps.Diagnostics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Tests.Tabular;

// This test assembly registers no table format: it sees what MSBuild sees (CSV only).
public sealed class TableReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Opens_any_other_file_as_csv_and_names_lines()
    {
        var path = Path.Combine(_folder, "data.txt");
        File.WriteAllText(path, "a,b\n1,2\n", new UTF8Encoding(false));
        using var reader = TableReader.Open(path);
        Assert.IsType<CsvReader>(reader);
        Assert.Equal("CSV", reader.Format);
        Assert.Equal(1, reader.HeaderLineNumber);
        Assert.True(reader.Read());
        Assert.Equal("line 2", reader.Position);
        Assert.Equal(2.0, reader.GetDouble(1));
    }

    [Theory]
    [InlineData("data.bin", true)]
    [InlineData("data.parquet", false)]
    public void Refuses_parquet_where_no_parquet_format_is_registered(string name, bool magic)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, magic ? [.. "PAR1"u8, 0, 0, 0, 0, .. "PAR1"u8] : "a,b\n1,2\n"u8.ToArray());
        var e = Assert.Throws<MlOpsException>(() => TableReader.Open(path));
        Assert.Equal(DiagnosticCatalog.TableFormatNotAvailable, e.Diagnostic);
        Assert.Equal(path, e.File);
        Assert.Contains("Parquet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_the_data_missing_error()
    {
        var e = Assert.Throws<MlOpsException>(() => TableReader.Open(Path.Combine(_folder, "nope.parquet")));
        Assert.Equal(DiagnosticCatalog.DataMissing, e.Diagnostic);
    }
}
