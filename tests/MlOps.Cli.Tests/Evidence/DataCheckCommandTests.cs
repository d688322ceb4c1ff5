using System.Text.Json.Nodes;
using MlOps.Cli.Tests.TestSupport;
using static MlOps.Cli.Tests.TestSupport.ToyEvidence;

namespace MlOps.Cli.Tests.Evidence;

/// <summary>`mlops data check`: exit codes, the evidence it writes, shards and their merge.</summary>
public sealed class DataCheckCommandTests : IDisposable
{
    private const string Header = "a,b,c,label\n";
    private readonly TempDirectory _dir = new();

    public DataCheckCommandTests()
    {
        File.WriteAllBytes(_dir.File("model.onnx"), Model());
        File.WriteAllText(_dir.File("train.csv"), Header + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 10},{i % 7},{i % 3},{(i % 4 == 0 ? 1 : 0)}\n")));
        var run = CliRunner.Run("drift", "baseline", "--data", _dir.File("train.csv"), "--out", _dir.File("drift-baseline.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public void Dispose() => _dir.Dispose();

    private CliResult Check(string data, string output, params string[] extra) => CliRunner.Run(
        ["data", "check", "--data", data, "--model", _dir.File("model.onnx"), "--baseline", _dir.File("drift-baseline.json"),
         "--training", _dir.File("train.csv"), "--label", "label", .. extra, "--out", output]);

    private string Data(string name, string rows)
    {
        File.WriteAllText(_dir.File(name), Header + rows);
        return _dir.File(name);
    }

    [Fact]
    public void Clean_data_exits_0_and_a_failed_check_exits_1_both_with_evidence()
    {
        var clean = Check(Data("eval.csv", "0.5,1.5,0.5,1\n2.5,3.5,1.5,0\n4.5,5.5,0.5,0\n"), _dir.File("dq.json"));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("9 of 9 checks passed on 3 rows", clean.StdOut, StringComparison.Ordinal);
        Assert.Equal("passed", Json(_dir.File("dq.json")).GetProperty("verdict").GetString());

        // 11 is above the training maximum of a (9): one of three rows is out of range.
        var failed = Check(Data("eval.csv", "11,1.5,0.5,1\n2.5,3.5,1.5,0\n4.5,5.5,0.5,0\n"), _dir.File("dq.json"));
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("failed: outOfRangeRate 0.3333 (a)", failed.StdOut, StringComparison.Ordinal);
        Assert.Equal("failed", Json(_dir.File("dq.json")).GetProperty("verdict").GetString());

        var allowed = Check(_dir.File("eval.csv"), _dir.File("dq.json"), "--threshold", "maxOutOfRangeRate=0.5");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
    }

    [Fact]
    public void Bad_input_exits_2_and_leaves_no_evidence()
    {
        var data = Data("eval.csv", "0.5,1.5,0.5,1\n");
        var output = _dir.File("dq.json");
        var noBaseline = CliRunner.Run("data", "check", "--data", data, "--model", _dir.File("model.onnx"), "--baseline", _dir.File("none.json"), "--out", output);
        Assert.True(noBaseline.ExitCode == 2, noBaseline.ToString());
        Assert.Contains("none.json", noBaseline.StdErr, StringComparison.Ordinal);

        File.WriteAllText(_dir.File("other.csv"), "x,y\n1,2\n");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", _dir.File("other.csv"), "--out", _dir.File("other-baseline.json")).ExitCode);
        var otherSchema = CliRunner.Run("data", "check", "--data", data, "--model", _dir.File("model.onnx"), "--baseline", _dir.File("other-baseline.json"), "--out", output);
        Assert.True(otherSchema.ExitCode == 2, otherSchema.ToString());
        Assert.Contains("MLOPS198", otherSchema.StdErr, StringComparison.Ordinal);

        var badThreshold = Check(data, output, "--threshold", "maxMissingRate=lots");
        Assert.True(badThreshold.ExitCode == 2, badThreshold.ToString());
        var missingTraining = CliRunner.Run("data", "check", "--data", data, "--model", _dir.File("model.onnx"), "--baseline", _dir.File("drift-baseline.json"),
            "--training", _dir.File("no-train.csv"), "--out", output);
        Assert.True(missingTraining.ExitCode == 2, missingTraining.ToString());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Checking_and_merging_are_separate_uses()
    {
        var mixed = CliRunner.Run("data", "check", "--merge", _dir.File("part-1.json"), "--data", _dir.File("eval.csv"), "--out", _dir.File("dq.json"));
        Assert.True(mixed.ExitCode == 2, mixed.ToString());
        Assert.Contains("--merge", mixed.StdErr, StringComparison.Ordinal);
        var neither = CliRunner.Run("data", "check", "--out", _dir.File("dq.json"));
        Assert.True(neither.ExitCode == 2, neither.ToString());
        Assert.Contains("--data is required", neither.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_checked_with_row_hashes_merge_to_the_one_pass_evidence()
    {
        string[] shards =
        [
            "0.5,1.5,0.5,1\n0.5,1.5,0.5,0\n3,3,1,1\n",   // a duplicate within the shard (the label does not count)
            "0.5,1.5,0.5,1\n,2,1,0\n",                   // a duplicate of shard 1's first row; a missing value
            "2.5,3.5,1.5,0\n1,1,1,1\n4.5,5.5,0.5,0\n",   // 1,1,1 is training row 1 (leakage)
        ];
        var parts = new List<string>();
        for (var i = 0; i < shards.Length; i++)
        {
            var part = _dir.File($"part-{i + 1}.json");
            var run = Check(Data($"shard-{i + 1}.csv", shards[i]), part, "--row-hashes", _dir.File($"part-{i + 1}.rowhashes"));
            Assert.True(run.ExitCode is 0 or 1, run.ToString());
            parts.Add(part);
        }
        var merged = CliRunner.Run(["data", "check", "--merge", .. parts, "--out", _dir.File("merged.json")]);
        var onePass = Check(Data("whole.csv", string.Concat(shards)), _dir.File("one-pass.json"));
        Assert.Equal(onePass.ExitCode, merged.ExitCode);
        Assert.Equal(1, merged.ExitCode);
        var a = JsonNode.Parse(File.ReadAllText(_dir.File("merged.json")))!.AsObject();
        var b = JsonNode.Parse(File.ReadAllText(_dir.File("one-pass.json")))!.AsObject();
        Assert.Equal(3, a["data"]!["shards"]!.AsArray().Count);
        a.Remove("data");
        b.Remove("data");
        Assert.Equal(b.ToJsonString(), a.ToJsonString());
        Assert.Equal(2L, (long)a["rows"]!["duplicates"]!);
        Assert.Equal(1L, (long)a["rows"]!["leaked"]!);

        // A shard checked against another label cannot join.
        var other = Check(Data("shard-x.csv", shards[0]), _dir.File("part-x.json"), "--row-hashes", _dir.File("part-x.rowhashes"), "--threshold", "maxDuplicateRate=0.5");
        Assert.True(other.ExitCode is 0 or 1, other.ToString());
        var differ = CliRunner.Run("data", "check", "--merge", parts[0], _dir.File("part-x.json"), "--out", _dir.File("bad-merge.json"));
        Assert.True(differ.ExitCode == 2, differ.ToString());
        Assert.Contains("MLOPS197", differ.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("bad-merge.json")));
    }
}
