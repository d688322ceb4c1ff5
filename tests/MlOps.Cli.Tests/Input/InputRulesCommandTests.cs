using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Input;

/// <summary>
/// One set of input rules for every command (docs/input-rules.md; issue 9, defects 2 and 7): counts within their
/// limits, thresholds finite and within range, CSV files comma-separated with distinct column names, numbers finite
/// or missing, and messages that name the user's files and columns. Each refusal is exit 2 and one line.
/// </summary>
public sealed class InputRulesCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-rules-cli-");

    public void Dispose() => _dir.Dispose();

    private string Csv(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Model()
    {
        var path = _dir.File("model.onnx");
        File.WriteAllBytes(path, ToyEvidence.Model());
        return path;
    }

    private const string Predictions = "label,score\n1,0.9\n0,0.2\n1,0.7\n0,0.4\n";

    private static void AssertRefused(CliResult result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var text in mentions)
        {
            Assert.Contains(text, result.StdErr, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_refuses_a_batch_size_beyond_the_limit_before_any_work()
    {
        var output = _dir.File("out.csv");
        var result = CliRunner.RunProcess("score", "--model", Model(), "--data", Csv("d.csv", "a,b,c\n1,2,3\n"), "--out", output, "--batch-size", "2147483647");
        AssertRefused(result, "MLOPS134", "65536", "--batch-size");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Fairness_refuses_a_bootstrap_count_beyond_the_limit_before_any_work()
    {
        var output = _dir.File("fairness.json");
        var result = CliRunner.RunProcess("fairness", "--predictions", Csv("p.csv", "label,prediction,sex\n1,1,f\n0,0,m\n1,0,f\n0,1,m\n"),
            "--label", "label", "--sensitive", "sex", "--out", output, "--bootstrap", "2000000000");
        AssertRefused(result, "MLOPS134", "10000", "--bootstrap");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    public void Evaluate_refuses_a_decision_threshold_outside_0_to_1(string value) =>
        AssertRefused(CliRunner.Run("evaluate", "--predictions", Csv("p.csv", Predictions), "--label", "label", "--out", _dir.File("e.json"),
            "--decision-threshold", value), "[0, 1]", "--decision-threshold");

    [Fact]
    public void Fairness_refuses_a_decision_threshold_outside_0_to_1() =>
        AssertRefused(CliRunner.Run("fairness", "--predictions", Csv("p.csv", "label,score,sex\n1,0.9,f\n0,0.1,m\n"), "--label", "label",
            "--score", "score", "--sensitive", "sex", "--out", _dir.File("f.json"), "--threshold", "1.5"), "[0, 1]");

    [Theory]
    [InlineData("accuracy>=NaN")]
    [InlineData("accuracy>=Infinity")]
    public void Evaluate_refuses_a_threshold_that_is_not_finite(string rule)
    {
        var output = _dir.File("e.json");
        AssertRefused(CliRunner.Run("evaluate", "--predictions", Csv("p.csv", Predictions), "--label", "label", "--out", output, "--threshold", rule),
            "not a finite number");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Score_refuses_a_duplicated_column_as_drift_baseline_does()
    {
        var data = Csv("dup.csv", "a,b,c,a\n1,2,3,4\n");
        AssertRefused(CliRunner.Run("score", "--model", Model(), "--data", data, "--out", _dir.File("out.csv")), "MLOPS133", "dup.csv(1,4)", "'a' twice");
        AssertRefused(CliRunner.Run("drift", "baseline", "--data", data, "--out", _dir.File("b.json")), "MLOPS133", "'a' twice");
    }

    [Fact]
    public void A_semicolon_separated_file_is_named_as_such()
    {
        var data = Csv("semi.csv", "a;b;c\n1;2;3\n4;5;6\n");
        AssertRefused(CliRunner.Run("drift", "baseline", "--data", data, "--out", _dir.File("b.json")), "MLOPS132", "semicolons");
        AssertRefused(CliRunner.Run("score", "--model", Model(), "--data", data, "--out", _dir.File("out.csv")), "MLOPS132", "semicolons");
    }

    [Fact]
    public void Drift_baseline_refuses_a_non_number_in_a_numeric_column_naming_line_and_column()
    {
        var rows = string.Concat(Enumerable.Range(0, 10).Select(i => $"{i},{i * 2}\n"));
        var output = _dir.File("b.json");
        AssertRefused(CliRunner.Run("drift", "baseline", "--data", Csv("d.csv", "x,y\n" + rows + "5,oops\n"), "--out", output),
            "d.csv(12,2)", "MLOPS131", "Column 'y' on line 12", "'oops'");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("NaN", "MLOPS135")]
    [InlineData("inf", "MLOPS131")]
    [InlineData("1e400", "MLOPS131")]
    public void Score_never_writes_empty_probabilities_without_a_word(string value, string code)
    {
        var output = _dir.File("out.csv");
        AssertRefused(CliRunner.Run("score", "--model", Model(), "--data", Csv("d.csv", $"a,b,c\n1,2,3\n{value},1,1\n"), "--out", output),
            "d.csv(3", code);
        Assert.False(File.Exists(output));
    }

    /// <summary>The toy scorer with a second output, the logit, so that a row's outputs are never one empty field.</summary>
    private string TwoOutputModel()
    {
        var path = _dir.File("two.onnx");
        File.WriteAllBytes(path, new MlOps.Onnx.OnnxModelBuilder()
            .Opset("", 17)
            .Input("X", MlOps.Onnx.OnnxDataType.Float, "N", 3)
            .Output("logit", MlOps.Onnx.OnnxDataType.Float, "N", 1)
            .Output("probability", MlOps.Onnx.OnnxDataType.Float, "N", 1)
            .Initializer("W", [0.5f, -0.25f, 1f], 3, 1)
            .Initializer("B", [0.1f], 1)
            .Node("MatMul", ["X", "W"], ["XW"])
            .Node("Add", ["XW", "B"], ["logit"])
            .Node("Sigmoid", ["logit"], ["probability"])
            .Metadata("mlops.features", "a,b,c")
            .ToBytes());
        return path;
    }

    [Fact]
    public void Evaluate_names_the_users_data_never_its_internal_score_column()
    {
        var result = CliRunner.Run("evaluate", "--model", TwoOutputModel(), "--output-column", "probability",
            "--data", Csv("eval.csv", "a,b,c,label\n1,2,3,1\nNaN,1,1,0\n"), "--label", "label", "--out", _dir.File("e.json"));
        AssertRefused(result, "eval.csv(3)");
        Assert.DoesNotContain("mlops_score", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_maximum_record_length_is_a_command_option()
    {
        var data = Csv("wide.csv", "a,b,c\n1,2,3\n" + "0." + new string('0', 37) + "1,2,3\n");
        AssertRefused(CliRunner.Run("score", "--model", Model(), "--data", data, "--out", _dir.File("o.csv"), "--max-record-length", "20"),
            "wide.csv(3)", "MLOPS130", "20 characters", "--max-record-length");
        AssertRefused(CliRunner.Run("drift", "baseline", "--data", data, "--out", _dir.File("b.json"), "--max-record-length", "0"),
            "MLOPS134", "--max-record-length");
        Assert.Equal(0, CliRunner.Run("score", "--model", Model(), "--data", data, "--out", _dir.File("o.csv"), "--max-record-length", "100").ExitCode);
    }
}
