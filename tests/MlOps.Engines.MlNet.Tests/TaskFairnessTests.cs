using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>
/// <c>mlops fairness --task multiclass</c> (one-vs-rest rates per class and group) on the ONNX export of the ML.NET
/// multiclass model, and <c>--task regression</c> (errors per group) on the ML.NET regression, against a pandas groupby.
/// </summary>
[Collection(CreditModelsCollection.Name)]
public sealed class TaskFairnessTests(CreditModels models) : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-task-fairness-");

    [PythonFact]
    public void Multiclass_fairness_gives_each_class_its_one_vs_rest_rates_per_group_as_pandas_does()
    {
        var output = _dir.File("fairness.json");
        var run = CliRunner.Run("fairness", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", models.Data,
            "--label", "checking_status", "--sensitive", "sex", "--bootstrap", "0", "--out", output);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        var scores = _dir.File("scores.csv");
        Assert.Equal(0, CliRunner.Run("score", "--model", models.MulticlassOnnx, "--data", models.Data, "--out", scores).ExitCode);
        var expected = ReferencePython.RunJson("fairness_task_reference.py", "multiclass", models.Data, "checking_status", scores, "Score.output", "sex",
            JsonSerializer.Serialize(CreditModels.MulticlassClasses));

        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        var root = doc.RootElement;
        Assert.Equal("multiclass", root.GetProperty("task").GetString());
        foreach (var c in CreditModels.MulticlassClasses)
        {
            var feature = root.GetProperty("perClass").GetProperty(c).GetProperty("byFeature").GetProperty("sex");
            var groups = feature.GetProperty("groups");
            var rates = new List<double>();
            foreach (var group in expected.GetProperty(c).EnumerateObject())
            {
                foreach (var rate in new[] { "selectionRate", "truePositiveRate", "falsePositiveRate" })
                {
                    var want = group.Value.GetProperty(rate);
                    var got = groups.GetProperty(group.Name).GetProperty(rate);
                    if (want.ValueKind == JsonValueKind.Null)
                    {
                        Assert.Equal(JsonValueKind.Null, got.ValueKind);
                    }
                    else
                    {
                        Assert.True(Math.Abs(want.GetDouble() - got.GetDouble()) < 1e-12, $"{c} {group.Name} {rate}");
                    }
                }
                rates.Add(group.Value.GetProperty("selectionRate").GetDouble());
            }
            Assert.Equal(rates.Max() - rates.Min(), feature.GetProperty("demographicParityDifference").GetDouble(), 12);
        }
        var section = new FairnessEvidenceRenderer().Render(EvidenceFile.Load(output));
        Assert.Contains("<caption>Class no_account: between-group metrics for sex</caption>", section.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("positive (favourable) outcome", section.Markdown, StringComparison.Ordinal);
    }

    [PythonFact]
    public void Regression_fairness_gives_the_errors_per_group_and_their_spread_as_pandas_does()
    {
        var output = _dir.File("regression.json");
        var run = CliRunner.Run("fairness", "--task", "regression", "--model", models.Regression, "--data", models.Data,
            "--label", "duration_months", "--sensitive", "sex", "--out", output);
        Assert.Equal(0, run.ExitCode);
        var scores = _dir.File("scores.csv");
        Assert.Equal(0, CliRunner.Run("score", "--model", models.Regression, "--data", models.Data, "--out", scores).ExitCode);
        var expected = ReferencePython.RunJson("fairness_task_reference.py", "regression", models.Data, "duration_months", scores, "Score", "sex");

        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        var root = doc.RootElement;
        Assert.Equal("info", root.GetProperty("verdict").GetString());
        var feature = root.GetProperty("regression").GetProperty("byFeature").GetProperty("sex");
        foreach (var name in new[] { "maeDifference", "maeRatio", "rmseDifference", "rmseRatio", "meanResidualDifference" })
        {
            Assert.True(Math.Abs(expected.GetProperty(name).GetDouble() - feature.GetProperty(name).GetDouble()) < 1e-9, name);
        }
        foreach (var group in expected.GetProperty("groups").EnumerateObject())
        {
            var got = feature.GetProperty("groups").GetProperty(group.Name);
            Assert.Equal(group.Value.GetProperty("count").GetInt64(), got.GetProperty("count").GetInt64());
            foreach (var name in new[] { "mae", "rmse", "meanResidual" })
            {
                Assert.True(Math.Abs(group.Value.GetProperty(name).GetDouble() - got.GetProperty(name).GetDouble()) < 1e-9, $"{group.Name} {name}");
            }
        }
        var section = new FairnessEvidenceRenderer().Render(EvidenceFile.Load(output));
        Assert.Contains("| group | count | MAE | RMSE | mean residual |", section.Markdown, StringComparison.Ordinal);
        Assert.Contains("| mae ratio |", section.Markdown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Multiclass_fairness_refuses_a_label_the_model_does_not_know_and_a_single_class()
    {
        var lines = File.ReadAllLines(models.Data);
        var unknown = _dir.File("unknown.csv");
        File.WriteAllLines(unknown, lines.Select((l, i) => i == 3 ? "overdrawn" + l[l.IndexOf(',', StringComparison.Ordinal)..] : l));
        var output = _dir.File("f.json");
        var run = CliRunner.Run("fairness", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", unknown, "--label", "checking_status", "--sensitive", "sex", "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS150", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("line 4", run.StdErr, StringComparison.Ordinal);
        var single = _dir.File("single.csv");
        File.WriteAllLines(single, lines.Where((l, i) => i == 0 || l.StartsWith("lt_0,", StringComparison.Ordinal)));
        run = CliRunner.Run("fairness", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", single, "--label", "checking_status", "--sensitive", "sex", "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS151", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Binary_fairness_evidence_has_no_task_field()
    {
        var output = _dir.File("binary.json");
        var run = CliRunner.Run("fairness", "--model", models.FastTree, "--data", models.Data, "--label", "credit_risk", "--positive", "good", "--sensitive", "sex", "--out", output);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.False(doc.RootElement.TryGetProperty("task", out _));
        Assert.False(doc.RootElement.TryGetProperty("perClass", out _));
        Assert.Equal("good", doc.RootElement.GetProperty("positive").GetString());
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
