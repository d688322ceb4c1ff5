using MlOps.Cli.Tests.TestSupport;
using MlOps.Parquet.Tests.Support;

namespace MlOps.Parquet.Tests;

/// <summary>A message about a Parquet value names the file, the row ("row N", not a line) and the column.</summary>
public sealed class PositionTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-parquet-rows-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_text_in_a_numeric_column_names_the_row_where_csv_names_the_line()
    {
        var csv = _dir.File("data.csv");
        File.WriteAllText(csv, "x,y\n" + string.Concat(Enumerable.Range(1, 200).Select(i => i == 150 ? "abc,a\n" : $"{i},a\n")));
        var parquet = await ParquetFiles.FromCsvAsync(csv, _dir.File("data.parquet"), rowGroupSize: 64);

        var run = CliRunner.Run("drift", "baseline", "--data", csv, "--out", _dir.File("a.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{csv}(151,1): MLOPS131: Column 'x' on line 151 is not a number: 'abc'.", run.StdErr, StringComparison.Ordinal);

        run = CliRunner.Run("drift", "baseline", "--data", parquet, "--out", _dir.File("b.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{parquet}(150,1): MLOPS131: Column 'x' on row 150 is not a number: 'abc'.", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("b.json")));
    }

    [Fact]
    public async Task An_error_found_in_the_scored_join_names_the_row_of_the_parquet_data()
    {
        var lines = File.ReadAllLines(SharedData.GermanCredit);
        var label = lines[0].Split(',').ToList().IndexOf("credit_risk");
        var fields = lines[5].Split(',');
        fields[label] = "";
        lines[5] = string.Join(',', fields); // row 5, line 6
        var csv = _dir.File("credit.csv");
        File.WriteAllLines(csv, lines);
        var parquet = await ParquetFiles.FromCsvAsync(csv, _dir.File("credit.parquet"));
        var model = Models.GermanCredit(_dir.File("credit.onnx"));

        var run = CliRunner.Run("evaluate", "--model", model, "--data", csv, "--label", "credit_risk", "--positive", "good", "--out", _dir.File("a.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{csv}(6): ", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("is empty on line 6", run.StdErr, StringComparison.Ordinal);

        run = CliRunner.Run("evaluate", "--model", model, "--data", parquet, "--label", "credit_risk", "--positive", "good", "--out", _dir.File("b.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{parquet}(5): ", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("is empty on row 5", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("b.json")));
    }

    [Fact]
    public async Task A_row_the_model_cannot_score_is_named_by_its_row()
    {
        var csv = _dir.File("gap.csv");
        File.WriteAllText(csv, "duration_months,credit_amount,installment_rate,age,existing_credits\n12,1000,2,30,1\n24,,3,40,2\n");
        var parquet = await ParquetFiles.FromCsvAsync(csv, _dir.File("gap.parquet"));
        var model = Models.GermanCredit(_dir.File("credit.onnx"));
        var run = CliRunner.Run("score", "--model", model, "--data", parquet, "--out", _dir.File("s.csv"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS135", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("for the row on row 2", run.StdErr, StringComparison.Ordinal);
        run = CliRunner.Run("score", "--model", model, "--data", csv, "--out", _dir.File("s.csv"));
        Assert.Contains("for the row on line 3", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("s.csv")));
    }
}
