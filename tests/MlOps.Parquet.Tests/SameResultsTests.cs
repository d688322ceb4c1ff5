using MlOps.Cli.Tests.TestSupport;
using MlOps.Hashing;
using MlOps.Parquet.Tests.Support;

namespace MlOps.Parquet.Tests;

/// <summary>
/// Every stage that reads a data set, run through the command line on a shared CSV data set and on the same table
/// written as Parquet: the outputs are the same bytes, except the data file's name and sha256 (the evidence records
/// which file it read, and the two files differ).
/// </summary>
public sealed class SameResultsTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-parquet-same-");

    public void Dispose() => _dir.Dispose();

    // Both files share a stem (german-credit.csv / german-credit.parquet), so the evidence differs only in the extension
    // and the digest.
    private async Task<(string Csv, string Parquet)> BothAsync(string csvPath, int rowGroupSize = 400)
    {
        var name = Path.GetFileNameWithoutExtension(csvPath);
        var csv = _dir.File(name + ".csv");
        File.Copy(csvPath, csv);
        var parquet = await ParquetFiles.FromCsvAsync(csv, _dir.File(name + ".parquet"), rowGroupSize);
        return (csv, parquet);
    }

    /// <summary>Runs <paramref name="args"/> with {data} as the CSV and then as the Parquet file; returns both outputs.</summary>
    private (string Csv, string Parquet) RunBoth((string Csv, string Parquet) data, string output, params string[] args)
    {
        string Run(string file, string tag)
        {
            var outPath = _dir.File(tag + "-" + output);
            var run = CliRunner.Run(args.Select(a => a.Replace("{data}", file, StringComparison.Ordinal).Replace("{out}", outPath, StringComparison.Ordinal)).ToArray());
            Assert.True(run.ExitCode is 0 or 1, run.ToString());
            return File.ReadAllText(outPath);
        }
        var csv = Run(data.Csv, "csv");
        var parquet = Run(data.Parquet, "parquet");
        if (csv.Contains(Sha256Hex.OfFile(data.Csv), StringComparison.Ordinal))
        {
            // The evidence names the file it read: the Parquet file's own digest, not the CSV's.
            Assert.Contains(Sha256Hex.OfFile(data.Parquet), parquet, StringComparison.Ordinal);
        }
        var normalised = parquet
            .Replace(Sha256Hex.OfFile(data.Parquet), Sha256Hex.OfFile(data.Csv), StringComparison.Ordinal)
            .Replace(Path.GetFileName(data.Parquet), Path.GetFileName(data.Csv), StringComparison.Ordinal);
        return (csv, normalised);
    }

    [Fact]
    public async Task Score_writes_the_same_bytes()
    {
        var data = await BothAsync(SharedData.GermanCredit);
        var model = Models.GermanCredit(_dir.File("credit.onnx"));
        var (csv, parquet) = RunBoth(data, "scores.csv", "score", "--model", model, "--data", "{data}", "--out", "{out}");
        Assert.Equal(1001, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(csv, parquet);
    }

    [Fact]
    public async Task Evaluate_with_a_model_gives_the_same_evidence()
    {
        var data = await BothAsync(SharedData.GermanCredit);
        var model = Models.GermanCredit(_dir.File("credit.onnx"));
        var (csv, parquet) = RunBoth(data, "evaluation.json", "evaluate", "--model", model, "--data", "{data}", "--label", "credit_risk",
            "--positive", "good", "--out", "{out}");
        Assert.Contains("\"rocAuc\"", csv, StringComparison.Ordinal);
        Assert.Equal(csv, parquet);
    }

    [Fact]
    public async Task Evaluate_from_predictions_gives_the_same_evidence()
    {
        var data = await BothAsync(SharedData.Adult("adult-rf.predictions.csv"), rowGroupSize: 5000);
        var (csv, parquet) = RunBoth(data, "evaluation.json", "evaluate", "--predictions", "{data}", "--label", "y_true", "--positive", "1",
            "--score", "score", "--out", "{out}");
        Assert.Equal(csv, parquet);
    }

    [Fact]
    public async Task Fairness_with_a_model_gives_the_same_evidence()
    {
        var data = await BothAsync(SharedData.GermanCredit);
        var model = Models.GermanCredit(_dir.File("credit.onnx"));
        var (csv, parquet) = RunBoth(data, "fairness.json", "fairness", "--model", model, "--data", "{data}", "--label", "credit_risk",
            "--positive", "good", "--sensitive", "sex", "--out", "{out}");
        Assert.Contains("\"female\"", csv, StringComparison.Ordinal);
        Assert.Equal(csv, parquet);
    }

    [Fact]
    public async Task Fairness_from_predictions_gives_the_same_evidence()
    {
        var data = await BothAsync(SharedData.Adult("adult-rf.predictions.csv"), rowGroupSize: 5000);
        var (csv, parquet) = RunBoth(data, "fairness.json", "fairness", "--predictions", "{data}", "--label", "y_true", "--positive", "1",
            "--prediction", "y_pred", "--sensitive", "sex,race", "--out", "{out}");
        Assert.Equal(csv, parquet);
    }

    [Fact]
    public async Task Drift_baseline_and_compare_give_the_same_evidence()
    {
        var train = await BothAsync(SharedData.Adult("adult-train.csv"), rowGroupSize: 8000);
        var (csvBaseline, parquetBaseline) = RunBoth(train, "baseline.json", "drift", "baseline", "--data", "{data}", "--out", "{out}");
        Assert.Equal(csvBaseline, parquetBaseline);

        // Compare each format's new data against the CSV baseline.
        var baseline = _dir.File("baseline.json");
        File.WriteAllText(baseline, csvBaseline);
        var current = await BothAsync(SharedData.Adult("adult-test-hours-x1.3.csv"), rowGroupSize: 3000);
        var (csvReport, parquetReport) = RunBoth(current, "drift.json", "drift", "compare", "--baseline", baseline, "--data", "{data}", "--out", "{out}");
        Assert.Contains("hours_per_week", csvReport, StringComparison.Ordinal);
        Assert.Equal(csvReport, parquetReport);
    }

    [Fact]
    public async Task Drift_of_german_credit_and_its_missing_values_gives_the_same_evidence()
    {
        // Blank out some values: empty CSV fields, nulls in Parquet; both are missing values.
        var lines = File.ReadAllLines(SharedData.GermanCredit);
        var gappy = Path.Combine(Directory.CreateDirectory(_dir.File("source")).FullName, "gappy.csv");
        File.WriteAllLines(gappy, lines.Select((line, i) =>
        {
            if (i == 0 || i % 9 != 0)
            {
                return line;
            }
            var fields = line.Split(',');
            fields[i % fields.Length] = "";
            return string.Join(',', fields);
        }));
        var data = await BothAsync(gappy, rowGroupSize: 128);
        var (csv, parquet) = RunBoth(data, "baseline.json", "drift", "baseline", "--data", "{data}", "--out", "{out}");
        Assert.Contains("\"missing\"", csv, StringComparison.Ordinal);
        Assert.Equal(csv, parquet);
    }

    [Fact]
    public async Task Repro_compares_predictions_on_parquet_data()
    {
        var data = await BothAsync(SharedData.GermanCredit);
        var model = Models.GermanCredit(_dir.File("credit.onnx"));
        var (csv, parquet) = RunBoth(data, "repro.json", "repro", "--baseline", model, "--candidate", model, "--data", "{data}", "--out", "{out}");
        Assert.Contains("1000", csv, StringComparison.Ordinal);
        Assert.Equal(csv, parquet);
    }
}
