using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Evidence;

/// <summary>`mlops drift baseline --merge` and `mlops fairness --merge`: exit codes, and no output for parts that disagree.</summary>
public class ShardMergeCommandTests
{
    private static string Adult(string name) => Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "adult", name);

    private static List<string> Split(string csv, int count, TempDirectory dir)
    {
        var lines = File.ReadAllLines(csv);
        var rows = lines.Length - 1;
        return Enumerable.Range(0, count).Select(k =>
        {
            var path = dir.File($"shard-{k}.csv");
            File.WriteAllLines(path, lines.Take(1).Concat(lines[(1 + k * rows / count)..(1 + (k + 1) * rows / count)]));
            return path;
        }).ToList();
    }

    [Fact]
    public void DriftBaselineMergeWritesTheMergedBaselineAndRefusesPartsOfDifferentTypesWithoutAFile()
    {
        using var dir = new TempDirectory();
        var shards = Split(Adult("adult-test.csv"), 2, dir);
        var run = CliRunner.Run("drift", "baseline", "--data", shards[0], "--out", dir.File("part-0.json"));
        Assert.Equal(0, run.ExitCode);
        run = CliRunner.Run("drift", "baseline", "--data", shards[1], "--out", dir.File("part-1.json"));
        Assert.Equal(0, run.ExitCode);
        run = CliRunner.Run("drift", "baseline", "--merge", dir.File("part-0.json"), dir.File("part-1.json"), "--out", dir.File("merged.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 shards", File.ReadAllText(dir.File("merged.json")));

        run = CliRunner.Run("drift", "baseline", "--data", shards[1], "--categorical", "age", "--out", dir.File("part-1b.json"));
        Assert.Equal(0, run.ExitCode);
        run = CliRunner.Run("drift", "baseline", "--merge", dir.File("part-0.json"), dir.File("part-1b.json"), "--out", dir.File("bad.json"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("MLOPS209", run.StdErr);
        Assert.Contains("part-1b.json", run.StdErr);
        Assert.Contains("'age'", run.StdErr);
        Assert.False(File.Exists(dir.File("bad.json")));
    }

    [Fact]
    public void DriftBaselineMergeRefusesProfilingOptionsAndNeedsDataOtherwise()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("drift", "baseline", "--merge", dir.File("a.json"), "--columns", "age", "--out", dir.File("x.json"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--columns", run.StdErr);
        run = CliRunner.Run("drift", "baseline", "--out", dir.File("x.json"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--data", run.StdErr);
        Assert.False(File.Exists(dir.File("x.json")));
    }

    [Fact]
    public void FairnessMergeEqualsOnePassAndRefusesPartsWithAnotherThresholdWithoutAFile()
    {
        using var dir = new TempDirectory();
        var predictions = Adult("adult-rf.predictions.csv");
        var shards = Split(predictions, 3, dir);
        string[] measure = ["--label", "y_true", "--score", "score", "--prediction", "none", "--sensitive", "sex,race", "--bootstrap", "20"];
        for (var k = 0; k < 3; k++)
        {
            Assert.True(CliRunner.Run(["fairness", "--predictions", shards[k], .. measure, "--out", dir.File($"part-{k}.json")]).ExitCode is 0 or 1);
        }
        var one = CliRunner.Run(["fairness", "--predictions", predictions, .. measure, "--out", dir.File("one.json")]);
        var merged = CliRunner.Run("fairness", "--merge", dir.File("part-0.json"), dir.File("part-1.json"), dir.File("part-2.json"), "--out", dir.File("merged.json"));
        Assert.Equal(one.ExitCode, merged.ExitCode);
        var a = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("one.json")))!.AsObject();
        var b = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("merged.json")))!.AsObject();
        a.Remove("data");
        b.Remove("data");
        Assert.Equal(a.ToJsonString(), b.ToJsonString());

        Assert.True(CliRunner.Run(["fairness", "--predictions", shards[0], .. measure, "--threshold", "0.6", "--out", dir.File("other.json")]).ExitCode is 0 or 1);
        var bad = CliRunner.Run("fairness", "--merge", dir.File("part-1.json"), dir.File("other.json"), "--out", dir.File("bad.json"));
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("MLOPS209", bad.StdErr);
        Assert.False(File.Exists(dir.File("bad.json")));

        var mixed = CliRunner.Run("fairness", "--merge", dir.File("part-1.json"), "--sensitive", "sex", "--out", dir.File("bad.json"));
        Assert.True(mixed.ExitCode == 2, mixed.ToString());
        Assert.False(File.Exists(dir.File("bad.json")));
    }
}
