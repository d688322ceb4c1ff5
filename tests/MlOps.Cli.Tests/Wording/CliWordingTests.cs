using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Wording;

/// <summary>
/// The library names concepts ("the positive label"); the CLI adds how to set them with its own options. These pin
/// the CLI's wording, one line on stderr with exit 2, for the settings users get wrong most.
/// </summary>
public sealed class CliWordingTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-wording-");

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string OneErrorLine(CliResult run)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_positive_label_that_never_occurs_suggests_the_option_with_a_value_from_the_data()
    {
        var predictions = Write("p.csv", "y,prediction,g\ngood,good,a\nbad,bad,b\n");
        var line = OneErrorLine(CliRunner.Run("fairness", "--predictions", predictions, "--label", "y", "--sensitive", "g", "--out", _dir.File("f.json")));
        Assert.EndsWith("Fix: Name the positive label: one of the label column's values, for example 'good'. Use --positive good.", line);
        Assert.False(File.Exists(_dir.File("f.json")));
    }

    [Fact]
    public void A_predictions_file_without_the_columns_suggests_the_evaluate_options()
    {
        var predictions = Write("p.csv", "y,p\n1,0.2\n0,0.7\n");
        var line = OneErrorLine(CliRunner.Run("evaluate", "--predictions", predictions, "--label", "y", "--out", _dir.File("e.json")));
        Assert.EndsWith("Use --score <column> or --prediction <column>.", line);
    }

    [Fact]
    public void A_number_in_a_text_column_suggests_profiling_it_as_categorical()
    {
        var data = Write("d.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 1200).Select(i => $"{i},x\n")) + "oops,x\n");
        var line = OneErrorLine(CliRunner.Run("drift", "baseline", "--data", data, "--out", _dir.File("b.json")));
        Assert.Contains($"{data}(1202,1): ", line);
        Assert.EndsWith("Use --categorical a.", line);
    }

    [Fact]
    public void A_missing_policy_file_names_the_gate_option()
    {
        var line = OneErrorLine(CliRunner.Run("gate", _dir.Path, "--policy", _dir.File("absent.yaml")));
        Assert.EndsWith("Fix: Check the path of the policy file, or use the built-in policy (docs/policy.md). Use --policy <yaml>.", line);
    }

    [Fact]
    public void A_gate_folder_without_a_card_names_the_card_option()
    {
        var line = OneErrorLine(CliRunner.Run("gate", _dir.Path));
        Assert.Contains("MLOPS104", line);
        Assert.EndsWith("Use --card <file>.", line);
    }

    [Fact]
    public void A_rule_that_involves_two_options_is_a_usage_error_in_the_options_words()
    {
        var run = CliRunner.Run("evaluate", "--label", "y", "--out", _dir.File("e.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: There is nothing to evaluate: neither data to score nor a predictions file was given. " +
            "Fix: Give the model and the data to score with it, or a predictions file that already holds the model's output. " +
            "Use --model <file> or --data <csv> or --predictions <csv>.", run.StdErr);
        Assert.Contains("Run 'mlops --help' for usage.", run.StdErr);
    }

    [Fact]
    public void A_champion_without_data_to_score_is_refused_before_any_work()
    {
        var predictions = Write("p.csv", "label,score\n1,0.9\n0,0.1\n");
        var run = CliRunner.Run("evaluate", "--predictions", predictions, "--label", "label", "--champion", _dir.File("absent.onnx"), "--out", _dir.File("e.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The champion is scored on the same data as the model", run.StdErr);
        Assert.Contains("Use --model <file> or --data <csv>.", run.StdErr);
    }
}
