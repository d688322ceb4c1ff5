using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Robustness;

/// <summary>`mlops robustness` on the toy scorer: p = sigmoid(0.5a − 0.25b + c + 0.1).</summary>
public sealed class RobustnessCommandTests
{
    private static (TempDirectory Dir, string Model, string Data) Inputs()
    {
        var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("model.onnx"), ToyEvidence.Model());
        var rows = string.Concat(Enumerable.Range(0, 30).Select(i => $"{i % 5},{i % 3},{(i % 4) - 2},{(i % 2 == 0 ? "good" : "bad")}\n"));
        File.WriteAllText(dir.File("eval.csv"), "a,b,c,label\n" + rows);
        return (dir, dir.File("model.onnx"), dir.File("eval.csv"));
    }

    private static string Card(TempDirectory dir, string monotonic)
    {
        var path = dir.File("model-card.md");
        File.WriteAllText(path, ToyEvidence.Card().Replace("licence: MIT\n", $"licence: MIT\nmonotonic:\n{monotonic}"));
        return path;
    }

    [Fact]
    public void Constraints_that_hold_exit_0_and_one_that_breaks_exits_1_with_the_evidence()
    {
        var (dir, model, data) = Inputs();
        using var _ = dir;
        var outPath = dir.File("robustness.json");
        var passed = CliRunner.Run("robustness", "--model", model, "--data", data, "--label", "label", "--positive", "good",
            "--card", Card(dir, "  a: increasing\n  b: decreasing\n"), "--out", outPath);
        Assert.True(passed.ExitCode == 0, passed.ToString());
        Assert.Equal("passed", ToyEvidence.Json(outPath).GetProperty("verdict").GetString());

        var failed = CliRunner.Run("robustness", "--model", model, "--data", data, "--label", "label", "--positive", "good",
            "--card", Card(dir, "  c: decreasing\n"), "--out", outPath);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        var evidence = ToyEvidence.Json(outPath);
        Assert.Equal("failed", evidence.GetProperty("verdict").GetString());
        Assert.Equal(30, evidence.GetProperty("overall").GetProperty("monotonicViolations").GetInt64());
    }

    [Fact]
    public void A_constraint_on_a_feature_the_model_lacks_exits_2_without_a_file()
    {
        var (dir, model, data) = Inputs();
        using var _ = dir;
        var outPath = dir.File("robustness.json");
        var card = Card(dir, "  debt: decreasing\n");
        var result = CliRunner.Run("robustness", "--model", model, "--data", data, "--label", "label", "--positive", "good", "--card", card, "--out", outPath);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("MLOPS201", result.StdErr);
        Assert.Contains($"{card}(", result.StdErr);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void A_flip_rate_above_the_limit_exits_1()
    {
        var (dir, model, data) = Inputs();
        using var _ = dir;
        var outPath = dir.File("robustness.json");
        var result = CliRunner.Run("robustness", "--model", model, "--data", data, "--label", "label", "--positive", "good",
            "--jitter", "3", "--max-flip-rate", "0", "--out", outPath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(ToyEvidence.Json(outPath).GetProperty("checks")[0].GetProperty("passed").GetBoolean());
    }
}
