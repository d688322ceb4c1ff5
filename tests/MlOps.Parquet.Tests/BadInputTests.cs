using MlOps.Cli.Tests.TestSupport;
using MlOps.Parquet.Tests.Support;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace MlOps.Parquet.Tests;

/// <summary>Parquet files no stage can read: a clear MLOPS error naming the file (and the column), exit 2, nothing written.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-parquet-bad-");

    public void Dispose() => _dir.Dispose();

    public sealed class Address
    {
        public string? City { get; set; }
    }

    public sealed class WithStruct
    {
        public int Id { get; set; }

        public Address? Address { get; set; }
    }

    public sealed class WithList
    {
        public int Id { get; set; }

        public List<int>? Tags { get; set; }
    }

    public sealed class WithMap
    {
        public int Id { get; set; }

        public Dictionary<string, int>? Counts { get; set; }
    }

    public sealed class WithBinary
    {
        public int Id { get; set; }

        public byte[]? Blob { get; set; }
    }

    private async Task<string> WriteAsync<T>(string name, T row)
    {
        var path = _dir.File(name);
        await ParquetSerializer.SerializeAsync([row, row], path);
        return path;
    }

    // Each stage that reads data refuses the file the same way; drift baseline and score are two of them.
    private void AssertRefused(string data, string code, params string[] named)
    {
        var baseline = _dir.File("baseline.json");
        var run = CliRunner.Run("drift", "baseline", "--data", data, "--out", baseline);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(code, run.StdErr, StringComparison.Ordinal);
        Assert.Contains(data, run.StdErr, StringComparison.Ordinal);
        foreach (var text in named)
        {
            Assert.True(run.StdErr.Contains(text, StringComparison.Ordinal), $"'{text}' not in: {run.StdErr}");
        }
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(baseline));

        var scores = _dir.File("scores.csv");
        run = CliRunner.Run("score", "--model", Models.GermanCredit(_dir.File("m.onnx")), "--data", data, "--out", scores);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(code, run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(scores));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".mlops*"));
    }

    [Fact]
    public async Task A_struct_column_is_refused_with_what_to_do()
    {
        var path = await WriteAsync("struct.parquet", new WithStruct { Id = 1, Address = new Address { City = "Berlin" } });
        AssertRefused(path, "MLOPS142", "'Address'", "struct", "Flatten");
    }

    [Fact]
    public async Task A_list_column_is_refused()
    {
        var path = await WriteAsync("list.parquet", new WithList { Id = 1, Tags = [1, 2] });
        AssertRefused(path, "MLOPS142", "'Tags'", "list");
    }

    [Fact]
    public async Task A_map_column_is_refused()
    {
        var path = await WriteAsync("map.parquet", new WithMap { Id = 1, Counts = new() { ["a"] = 1 } });
        AssertRefused(path, "MLOPS142", "'Counts'", "map");
    }

    [Fact]
    public async Task Raw_binary_and_time_of_day_columns_are_refused_as_unsupported_types()
    {
        AssertRefused(await WriteAsync("binary.parquet", new WithBinary { Id = 1, Blob = [1, 2, 3] }), "MLOPS142", "'Blob'", "binary", "Convert");
        var time = _dir.File("time.parquet");
        var field = new TimeDataField("Time", TimeUnitPrecision.Micros);
        await using (var stream = File.Create(time))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, new ReadOnlyMemory<long>([3_600_000_000L])); // 01:00 in microseconds
        }
        AssertRefused(time, "MLOPS142", "'Time'", "time of day", "minutes since midnight");
    }

    [Fact]
    public void A_file_named_parquet_that_is_not_parquet_is_refused()
    {
        var path = _dir.File("data.parquet");
        File.WriteAllText(path, "a,b\n1,2\n");
        AssertRefused(path, "MLOPS143", "not a readable Parquet file");
    }

    [Fact]
    public async Task A_truncated_parquet_file_is_refused_whatever_its_name()
    {
        var whole = await ParquetFiles.FromCsvAsync(SharedData.GermanCredit, _dir.File("whole.parquet"));
        var bytes = File.ReadAllBytes(whole);
        var cut = _dir.File("cut.csv"); // starts with PAR1: read as Parquet whatever the name says
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        AssertRefused(cut, "MLOPS143", "not a readable Parquet file");
    }
}
