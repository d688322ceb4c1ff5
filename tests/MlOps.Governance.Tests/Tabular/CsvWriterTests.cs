using MlOps.Governance.Tabular;

namespace MlOps.Governance.Tests.Tabular;

public sealed class CsvWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-csvw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_quoted_text_and_round_trippable_numbers()
    {
        var path = Path.Combine(_folder, "out.csv");
        using (var writer = CsvWriter.Create(path))
        {
            writer.WriteRecord(["name", "x", "f", "n"]);
            writer.WriteField("a,\"b\"");
            writer.WriteField(0.1 + 0.2);
            writer.WriteField(0.1f);
            writer.WriteField(42L);
            writer.EndRecord();
            writer.WriteField("plain");
            writer.WriteField(double.NaN);
            writer.WriteField(-1e-300);
            writer.WriteField(true);
            writer.EndRecord();
            writer.Commit();
        }
        Assert.Equal("name,x,f,n\n\"a,\"\"b\"\"\",0.30000000000000004,0.1,42\nplain,,-1E-300,true\n", File.ReadAllText(path));

        using var reader = CsvReader.Open(path);
        Assert.True(reader.Read());
        Assert.Equal("a,\"b\"", reader.GetString(0));
        Assert.Equal(0.1 + 0.2, reader.GetDouble(1));
    }

    [Fact]
    public void Disposing_without_commit_keeps_the_existing_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder, "out.csv");
        File.WriteAllText(path, "old\n");
        using (var writer = CsvWriter.Create(path))
        {
            writer.WriteRecord(["new"]);
        }
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Missing_output_folder_is_an_error()
    {
        Assert.Throws<MlOpsException>(() => CsvWriter.Create(Path.Combine(_folder, "no", "out.csv")));
    }
}
