using MlOps.Cli.Tests.TestSupport;
using static MlOps.Cli.Tests.TestSupport.ToyEvidence;

namespace MlOps.Cli.Tests.Evidence;

/// <summary>`mlops explain`: the evidence it writes and its refusals (exit 2, no file).</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ExplainCommandTests()
    {
        File.WriteAllBytes(_dir.File("model.onnx"), Model());
        // The label follows the toy model's margin 0.5a - 0.25b + c + 0.1 with some noise, so every feature matters a little.
        File.WriteAllText(_dir.File("eval.csv"), "a,b,c,group,label\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
        {
            var (a, b, c) = (i % 7 - 3, i % 5 - 2, i % 3 - 1);
            var label = 0.5 * a - 0.25 * b + c + 0.1 + (i % 4 == 0 ? 1.5 : 0) > 0 ? 1 : 0;
            return $"{a},{b},{c},{(i % 2 == 0 ? "x" : "y")},{label}\n";
        })));
    }

    public void Dispose() => _dir.Dispose();

    private CliResult Explain(string output, params string[] extra) => CliRunner.Run(
        ["explain", "--model", _dir.File("model.onnx"), "--data", _dir.File("eval.csv"), "--label", "label", "--positive", "1", .. extra, "--out", output]);

    [Fact]
    public void Explains_every_feature_and_summarises_the_local_contributions_of_a_sample()
    {
        var run = Explain(_dir.File("explanations.json"), "--sensitive", "group", "--local-rows", "25");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("a seeded sample of 25 of 60 rows", run.StdOut, StringComparison.Ordinal);
        var evidence = Json(_dir.File("explanations.json"));
        Assert.Equal("info", evidence.GetProperty("verdict").GetString());
        Assert.Equal(["a", "b", "c"], evidence.GetProperty("importance").EnumerateObject().Select(p => p.Name));
        var local = evidence.GetProperty("local");
        Assert.Equal("linear", local.GetProperty("method").GetString());
        Assert.Equal(25, local.GetProperty("rows").GetInt32());
        Assert.Equal(60, local.GetProperty("sample").GetProperty("of").GetInt32());
        Assert.Equal(25, local.GetProperty("sensitive").GetProperty("group").GetProperty("groups").EnumerateObject().Sum(g => g.Value.GetProperty("rows").GetInt32()));

        var again = Explain(_dir.File("again.json"), "--sensitive", "group", "--local-rows", "25");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(File.ReadAllBytes(_dir.File("explanations.json")), File.ReadAllBytes(_dir.File("again.json")));
    }

    [Theory]
    [InlineData("--local-rows", "0", "--local-rows")]
    [InlineData("--repeats", "0", "repeats")]
    [InlineData("--metric", "f1", "f1")]
    public void Bad_settings_exit_2_and_write_nothing(string option, string value, string named)
    {
        var output = _dir.File("explanations.json");
        var run = Explain(output, option, value);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(named, run.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(output));
    }
}
