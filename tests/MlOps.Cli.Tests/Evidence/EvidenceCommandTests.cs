using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using static MlOps.Cli.Tests.TestSupport.ToyEvidence;

namespace MlOps.Cli.Tests.Evidence;

public class EvidenceCommandTests
{
    private static readonly string Root = FindRoot();

    private static string Adult(string name) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "adult", name));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    private static string EvalData(TempDirectory dir)
    {
        var path = dir.File("eval.csv");
        File.WriteAllText(path, "a,b,c,label,sex\n" + string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"{(i % 10) * 0.3 - 1},{i % 7 - 3},{(i % 3) - 1},{((i % 10) * 0.3 - 1 + (i % 3) > 0.5 ? 1 : 0)},{(i % 2 == 0 ? "f" : "m")}\n")));
        return path;
    }

    [Fact]
    public void DriftCompareExitCodesTellCiWhetherToRetrain()
    {
        using var dir = new TempDirectory();
        var baseline = dir.File("baseline.json");
        var run = CliRunner.Run("drift", "baseline", "--data", Adult("adult-train.csv"), "--out", baseline);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("drift-baseline", Json(baseline).GetProperty("kind").GetString());

        var report = dir.File("drift.json");
        var html = dir.File("drift.html");
        run = CliRunner.Run("drift", "compare", "--baseline", baseline, "--data", Adult("adult-test.csv"), "--out", report, "--html", html);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(Json(report).GetProperty("datasetDrift").GetBoolean());
        var page = File.ReadAllText(html);
        Assert.Equal(15, page.Split("<svg").Length - 1);
        Assert.DoesNotContain("<script", page);

        // A population where every feature moved: the data set drifted -> exit 1.
        var shifted = dir.File("shifted.csv");
        File.WriteAllText(shifted, "a,b\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i},{(i % 3 == 0 ? "x" : "y")}\n")));
        var other = dir.File("other.csv");
        File.WriteAllText(other, "a,b\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i * 3 + 500},z\n")));
        var smallBaseline = dir.File("small.json");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", shifted, "--out", smallBaseline).ExitCode);
        run = CliRunner.Run("drift", "compare", "--baseline", smallBaseline, "--data", other, "--out", report);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(Json(report).GetProperty("datasetDrift").GetBoolean());
        Assert.Equal("failed", Json(report).GetProperty("verdict").GetString());
    }

    [Fact]
    public void DriftCompareOnDataWithoutTheColumnsIsBadInput()
    {
        using var dir = new TempDirectory();
        var baseline = dir.File("baseline.json");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", Adult("adult-test.csv"), "--columns", "age,sex", "--out", baseline).ExitCode);
        var run = CliRunner.Run("drift", "compare", "--baseline", baseline, "--data", Adult("adult-rf.predictions.csv"), "--out", dir.File("r.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("adult-rf.predictions.csv", run.StdErr);
        Assert.Contains("'age'", run.StdErr);
        Assert.False(File.Exists(dir.File("r.json")));
    }

    [Fact]
    public void FairnessFromPredictionsWritesTheContractNamesAndFailsTheFourFifthsRule()
    {
        using var dir = new TempDirectory();
        var output = dir.File("fairness.json");
        var run = CliRunner.Run("fairness", "--predictions", Adult("adult-rf.predictions.csv"), "--label", "y_true", "--prediction", "y_pred",
            "--sensitive", "sex,race", "--privileged", "sex=Male", "--bootstrap", "50", "--out", output);
        Assert.True(run.ExitCode == 1, run.ToString());
        var sex = Json(output).GetProperty("byFeature").GetProperty("sex");
        Assert.Equal(0.4452844230401149, sex.GetProperty("disparateImpactRatio").GetDouble(), 12);
        Assert.Equal(3254, sex.GetProperty("groups").GetProperty("Female").GetProperty("count").GetInt64());
        Assert.True(Json(output).GetProperty("byFeature").TryGetProperty("sex&race", out _));
    }

    [Fact]
    public void FairnessWithDataButNoModelIsBadInput()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("fairness", "--data", Adult("adult-test.csv"), "--label", "income", "--sensitive", "sex", "--out", dir.File("f.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--model", run.StdErr);
    }

    [Fact]
    public void EvaluateAndFairnessScoreTheDataWithTheModel()
    {
        using var dir = new TempDirectory();
        var model = dir.File("model.onnx");
        File.WriteAllBytes(model, Model());
        var data = EvalData(dir);
        var output = dir.File("evaluation.json");
        var run = CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--threshold", "rocAuc>=0.99", "--out", output);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        var e = Json(output);
        Assert.Equal(MlOps.Hashing.Sha256Hex.Of(File.ReadAllBytes(model)), e.GetProperty("modelSha256").GetString());
        Assert.Equal(200, e.GetProperty("data").GetProperty("rows").GetInt64());
        Assert.Equal("eval.csv", e.GetProperty("data").GetProperty("file").GetString());
        Assert.InRange(e.GetProperty("metrics").GetProperty("rocAuc").GetDouble(), 0.5, 1.0);
        Assert.Equal(run.ExitCode == 0, e.GetProperty("verdict").GetString() == "passed");
        Assert.Empty(Directory.GetFiles(dir.Path, ".mlops-*"));

        var fairness = dir.File("fairness.json");
        run = CliRunner.Run("fairness", "--model", model, "--data", data, "--label", "label", "--sensitive", "sex", "--bootstrap", "0", "--out", fairness);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Equal(100, Json(fairness).GetProperty("byFeature").GetProperty("sex").GetProperty("groups").GetProperty("f").GetProperty("count").GetInt64());
    }

    [Fact]
    public void GateOnLooseInputsListsEveryGapAndRejectsForeignEvidence()
    {
        using var dir = new TempDirectory();
        var model = dir.File("model.onnx");
        File.WriteAllBytes(model, Model());
        File.WriteAllText(dir.File("model-card.md"), Card());
        var data = EvalData(dir);
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--out", dir.File("evaluation.json")).ExitCode);

        // Medium risk needs a drift baseline: missing -> exit 1 naming it.
        var gate = dir.File("gate.json");
        var run = CliRunner.Run("gate", dir.Path, "--out", gate);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("drift-baseline", run.StdOut);
        Assert.Equal("failed", Json(gate).GetProperty("verdict").GetString());

        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", data, "--out", dir.File("drift-baseline.json")).ExitCode);
        run = CliRunner.Run("gate", dir.Path, "--out", gate);
        Assert.True(run.ExitCode == 0, run.ToString());

        var strict = dir.File("strict.yaml");
        File.WriteAllText(strict, "levels:\n  medium:\n    evidence: [evaluation, drift-baseline, fairness]\n    metrics:\n      accuracy: { min: 0.999 }\n");
        run = CliRunner.Run("gate", dir.Path, "--policy", strict);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("fairness", run.StdOut);
        Assert.Contains("accuracy", run.StdOut);

        File.WriteAllText(strict, "levels:\n  medium:\n    metrics:\n      accuracy: { minimum: 0.9 }\n");
        run = CliRunner.Run("gate", dir.Path, "--policy", strict);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("strict.yaml(4,", run.StdErr);

        var otherModel = dir.File("other.onnx.bin");
        File.WriteAllBytes(otherModel, Model(0.9f));
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", otherModel, "--data", data, "--label", "label", "--out", dir.File("evaluation.json")).ExitCode);
        run = CliRunner.Run("gate", dir.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS110", run.StdErr);
    }

    [Fact]
    public void ReproComparesModelsAndPredictions()
    {
        using var dir = new TempDirectory();
        var a = dir.File("a.onnx");
        var b = dir.File("b.onnx");
        File.WriteAllBytes(a, Model());
        File.WriteAllBytes(b, Model(0.5001f));
        var data = EvalData(dir);
        var output = dir.File("repro.json");
        Assert.Equal(0, CliRunner.Run("repro", "--baseline", a, "--candidate", a, "--out", output).ExitCode);
        var run = CliRunner.Run("repro", "--baseline", a, "--candidate", b, "--data", data, "--tolerance", "1e-9", "--out", output);
        Assert.True(run.ExitCode == 1, run.ToString());
        run = CliRunner.Run("repro", "--baseline", a, "--candidate", b, "--data", data, "--tolerance", "1e-3", "--out", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Json(output).GetProperty("predictions").GetProperty("withinTolerance").GetBoolean());
    }
}

public class EvaluateChampionTests
{
    [Fact]
    public void ChampionIsScoredOnTheSameDataAndMinimumChangesApply()
    {
        using var dir = new TempDirectory();
        var model = dir.File("candidate.onnx");
        var champion = dir.File("champion.onnx");
        File.WriteAllBytes(model, Model(0.5f));
        File.WriteAllBytes(champion, Model(0.5f));
        var data = dir.File("eval.csv");
        File.WriteAllText(data, "a,b,c,label\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i % 10 * 0.3 - 1},{i % 7 - 3},{i % 3 - 1},{(i % 10 * 0.3 - 1 + i % 3 > 0.5 ? 1 : 0)}\n")));
        var rules = dir.File("thresholds.yaml");
        File.WriteAllText(rules, "thresholds:\n  rocAuc: { minAbsoluteChange: 0.01 }\n");
        var output = dir.File("evaluation.json");
        var run = CliRunner.Run("evaluate", "--model", model, "--data", data, "--label", "label", "--champion", champion, "--thresholds", rules, "--out", output);
        // An identical model does not beat the champion by more than 0.01.
        Assert.True(run.ExitCode == 1, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        var check = doc.RootElement.GetProperty("thresholds")[0];
        Assert.Equal(check.GetProperty("value").GetDouble(), check.GetProperty("champion").GetDouble());
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Equal(doc.RootElement.GetProperty("metrics").GetProperty("rocAuc").GetDouble(),
            doc.RootElement.GetProperty("champion").GetProperty("metrics").GetProperty("rocAuc").GetDouble());
    }
}
