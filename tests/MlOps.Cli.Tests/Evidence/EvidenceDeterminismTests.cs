using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using static MlOps.Cli.Tests.TestSupport.ToyEvidence;
using MlOps.Hashing;

namespace MlOps.Cli.Tests.Evidence;

/// <summary>
/// Evidence is the same bytes for the same inputs, wherever and whenever it is made: it names data by file name,
/// sha256 and rows (never a temporary file or a folder), and the gate names evidence files without their folder.
/// </summary>
public class EvidenceDeterminismTests
{
    private static void WriteData(string path) =>
        File.WriteAllText(path, "a,b,c,label,sex\n" + string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"{(i % 10) * 0.3 - 1},{i % 7 - 3},{(i % 3) - 1},{((i % 10) * 0.3 - 1 + (i % 3) > 0.5 ? 1 : 0)},{(i % 2 == 0 ? "f" : "m")}\n")));

    /// <summary>A folder with the model, a card (with or without a version) and the evaluation data.</summary>
    private static (string Model, string Data) Inputs(TempDirectory dir, string? version = "1.0.0")
    {
        var model = dir.File("model.onnx");
        File.WriteAllBytes(model, Model());
        File.WriteAllText(dir.File("model-card.md"), Card(version));
        var data = dir.File("eval.csv");
        WriteData(data);
        return (model, data);
    }

    private static void AssertNamesTheData(JsonElement data, string csv, long rows)
    {
        Assert.Equal(Path.GetFileName(csv), data.GetProperty("file").GetString());
        Assert.Equal(Sha256Hex.OfFile(csv), data.GetProperty("sha256").GetString());
        Assert.Equal(rows, data.GetProperty("rows").GetInt64());
    }

    [Fact]
    public void FairnessFromModelAndDataIsByteIdenticalAcrossRunsAndNamesTheInputCsv()
    {
        using var dir = new TempDirectory();
        var (model, data) = Inputs(dir);
        var output = dir.File("fairness.json");
        string[] args = ["fairness", "--model", model, "--data", data, "--label", "label", "--sensitive", "sex", "--bootstrap", "20", "--out", output];
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        var first = File.ReadAllBytes(output);
        run = CliRunner.Run(args);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Equal(first, File.ReadAllBytes(output));

        var json = Json(output);
        AssertNamesTheData(json.GetProperty("data"), data, 200);
        Assert.Equal("model output probability >= 0.5", json.GetProperty("prediction").GetString());
        Assert.DoesNotContain(".mlops-", System.Text.Encoding.UTF8.GetString(first));
        Assert.Empty(Directory.GetFiles(dir.Path, ".mlops-*"));
    }

    [Fact]
    public void EveryEvidenceKindNamesItsDataByFileSha256AndRows()
    {
        using var dir = new TempDirectory();
        var (model, data) = Inputs(dir);
        var evaluation = dir.File("evaluation.json");
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--out", evaluation).ExitCode);
        AssertNamesTheData(Json(evaluation).GetProperty("data"), data, 200);

        // From a predictions CSV, the predictions file is the data.
        var predictions = dir.File("predictions.csv");
        File.WriteAllText(predictions, "label,prediction,sex\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{i % 2},{i % 3 % 2},{(i % 4 < 2 ? "f" : "m")}\n")));
        var fairness = dir.File("fairness.json");
        var run = CliRunner.Run("fairness", "--predictions", predictions, "--label", "label", "--sensitive", "sex", "--bootstrap", "0", "--out", fairness);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        AssertNamesTheData(Json(fairness).GetProperty("data"), predictions, 60);

        var baseline = dir.File("drift-baseline.json");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", data, "--out", baseline).ExitCode);
        AssertNamesTheData(Json(baseline).GetProperty("data"), data, 200);
        var report = dir.File("drift-report.json");
        Assert.Equal(0, CliRunner.Run("drift", "compare", "--baseline", baseline, "--data", data, "--out", report).ExitCode);
        AssertNamesTheData(Json(report).GetProperty("baseline"), data, 200);
        AssertNamesTheData(Json(report).GetProperty("current"), data, 200);
    }

    [Fact]
    public void EvidenceMadeInTwoFoldersIsByteIdenticalAndHoldsNoPath()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        var outputs = new List<Dictionary<string, byte[]>>();
        foreach (var dir in new[] { one, two })
        {
            var (model, data) = Inputs(dir);
            Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--out", dir.File("evaluation.json")).ExitCode);
            Assert.True(CliRunner.Run("fairness", "--model", model, "--data", data, "--label", "label", "--sensitive", "sex", "--bootstrap", "10",
                "--out", dir.File("fairness.json")).ExitCode is 0 or 1);
            Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", data, "--out", dir.File("drift-baseline.json")).ExitCode);
            Assert.Equal(0, CliRunner.Run("drift", "compare", "--baseline", dir.File("drift-baseline.json"), "--data", data, "--out", dir.File("drift-report.json")).ExitCode);
            Assert.Equal(0, CliRunner.Run("repro", "--baseline", model, "--candidate", model, "--data", data, "--out", dir.File("reproducibility.json")).ExitCode);
            var run = CliRunner.Run("gate", dir.Path, "--version", "1.0.0", "--out", dir.File("gate.json"));
            Assert.True(run.ExitCode is 0 or 1, run.ToString());
            outputs.Add(new[] { "evaluation", "fairness", "drift-baseline", "drift-report", "reproducibility", "gate" }
                .ToDictionary(k => k, k => File.ReadAllBytes(dir.File(k + ".json"))));
        }
        foreach (var (kind, bytes) in outputs[0])
        {
            Assert.True(bytes.AsSpan().SequenceEqual(outputs[1][kind]), $"{kind}.json differs between two folders");
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(one.Path, text);
            Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), text);
        }
        var gate = Json(one.File("gate.json"));
        var detail = gate.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "evidence.evaluation").GetProperty("detail");
        Assert.Equal("evaluation.json", detail.GetString());
    }

    [Fact]
    public void GateOnLooseInputsRecordsTheGivenVersionElseTheCardsVersion()
    {
        using var dir = new TempDirectory();
        var (model, data) = Inputs(dir, version: "1.4.2");
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--out", dir.File("evaluation.json")).ExitCode);
        var gate = dir.File("gate.json");

        var run = CliRunner.Run("gate", dir.Path, "--out", gate);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Equal("1.4.2", Json(gate).GetProperty("model").GetProperty("version").GetString());
        Assert.Contains("toy 1.4.2", run.StdOut);

        // The project's version wins, as in the build.
        run = CliRunner.Run("gate", dir.Path, "--version", "2.0.0-rc.1", "--out", gate);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Equal("2.0.0-rc.1", Json(gate).GetProperty("model").GetProperty("version").GetString());
    }

    [Fact]
    public void GateVersionThatIsNotSemVerIsMlops108AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var (model, data) = Inputs(dir, version: null);
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--out", dir.File("evaluation.json")).ExitCode);
        var gate = dir.File("gate.json");

        var run = CliRunner.Run("gate", dir.Path, "--version", "1.0", "--out", gate);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS108", run.StdErr);
        Assert.Contains("--version", run.StdErr);
        Assert.False(File.Exists(gate));

        // Neither --version nor a card version: the gate cannot say which version it judged.
        run = CliRunner.Run("gate", dir.Path, "--out", gate);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS108", run.StdErr);
        Assert.False(File.Exists(gate));

        run = CliRunner.Run("gate", dir.Path, "--version", "1.0.0", "--out", gate);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Equal("1.0.0", Json(gate).GetProperty("model").GetProperty("version").GetString());
    }
}
