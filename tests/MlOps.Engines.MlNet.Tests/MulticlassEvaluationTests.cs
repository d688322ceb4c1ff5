using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>
/// <c>mlops evaluate --task multiclass</c> on a real ML.NET SDCA maximum-entropy model (four checking-status classes of
/// the German credit data): its ONNX export against scikit-learn, the ML.NET model itself, and the bad inputs.
/// </summary>
[Collection(CreditModelsCollection.Name)]
public sealed class MulticlassEvaluationTests(CreditModels models) : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-multiclass-");

    [PythonFact]
    public void The_metrics_of_the_ONNX_export_equal_scikit_learn_on_the_same_predictions()
    {
        var evaluation = _dir.File("evaluation.json");
        var run = CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", models.Data,
            "--label", "checking_status", "--out", evaluation);
        Assert.Equal(0, run.ExitCode);
        var scores = _dir.File("scores.csv");
        Assert.Equal(0, CliRunner.Run("score", "--model", models.MulticlassOnnx, "--data", models.Data, "--out", scores).ExitCode);
        var expected = ReferencePython.RunJson("multiclass_reference.py", models.Data, "checking_status", scores, "Score.output", JsonSerializer.Serialize(CreditModels.MulticlassClasses));

        using var doc = JsonDocument.Parse(File.ReadAllBytes(evaluation));
        var root = doc.RootElement;
        Assert.Equal("multiclass", root.GetProperty("task").GetString());
        // The class names come from the graph (ML.NET's slot names), in the model's order.
        Assert.Equal(CreditModels.MulticlassClasses, root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        foreach (var name in new[] { "accuracy", "macroPrecision", "macroRecall", "macroF1", "microF1", "weightedF1", "logLoss" })
        {
            Assert.True(Math.Abs(expected.GetProperty(name).GetDouble() - root.GetProperty("metrics").GetProperty(name).GetDouble()) < 1e-9, name);
        }
        foreach (var c in CreditModels.MulticlassClasses)
        {
            var want = expected.GetProperty("perClass").GetProperty(c);
            var got = root.GetProperty("perClass").GetProperty(c);
            foreach (var figure in new[] { "precision", "recall", "f1" })
            {
                Assert.True(Math.Abs(want.GetProperty(figure).GetDouble() - got.GetProperty(figure).GetDouble()) < 1e-9, $"{c}.{figure}");
            }
            Assert.Equal(want.GetProperty("support").GetInt64(), got.GetProperty("support").GetInt64());
        }
        Assert.Equal(Matrix(expected.GetProperty("confusion")), Matrix(root.GetProperty("confusionMatrix").GetProperty("counts")));
    }

    [Fact]
    public void Rules_name_the_new_metrics_and_a_class_by_its_dotted_path()
    {
        var evaluation = _dir.File("rules.json");
        var run = CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", models.Data, "--label", "checking_status",
            "--threshold", "macroF1>=0.3", "--threshold", "perClass.ge_200.recall>=0.5", "--out", evaluation);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("perClass.ge_200.recall 0 is below the threshold 0.5", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("macroF1 ", run.StdOut.Split("failed:").Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_MlNet_model_predicts_the_same_classes_and_without_named_probabilities_its_log_loss_is_undefined()
    {
        string onnx = _dir.File("onnx.json"), zip = _dir.File("zip.json");
        Assert.Equal(0, CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", models.Data, "--label", "checking_status", "--out", onnx).ExitCode);
        // The ML.NET engine gives Score[0..3] without class names: the predicted label is used, and a rule on log loss fails as undefined.
        var run = CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.Multiclass, "--data", models.Data, "--label", "checking_status",
            "--threshold", "logLoss<=2", "--out", zip);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("logLoss is undefined", run.StdOut, StringComparison.Ordinal);
        using var a = JsonDocument.Parse(File.ReadAllBytes(onnx));
        using var b = JsonDocument.Parse(File.ReadAllBytes(zip));
        Assert.Equal("the model gives no class probabilities", b.RootElement.GetProperty("undefined").GetProperty("logLoss").GetString());
        Assert.Equal(JsonValueKind.Null, b.RootElement.GetProperty("metrics").GetProperty("logLoss").ValueKind);
        Assert.Equal(a.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble(), b.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        // Without the model's class order, the classes are sorted (scikit-learn's unique_labels).
        Assert.Equal(CreditModels.MulticlassClasses.Order(StringComparer.Ordinal), b.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void The_card_section_has_the_per_class_table_and_the_k_by_k_confusion_matrix()
    {
        var evaluation = _dir.File("card.json");
        Assert.Equal(0, CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", models.Data, "--label", "checking_status", "--out", evaluation).ExitCode);
        var section = new EvaluationEvidenceRenderer().Render(EvidenceFile.Load(evaluation));
        Assert.Contains("| class | precision | recall | F1 | support |", section.Markdown, StringComparison.Ordinal);
        Assert.Contains(@"| ge\_200 | 0 | 0 | 0 | 63 |", section.Markdown, StringComparison.Ordinal);
        Assert.Contains("| macro F1 |", section.Markdown, StringComparison.Ordinal);
        // Four rows and four columns of counts: every class is a row label and a column label of the matrix.
        var matrix = section.Html[section.Html.IndexOf("Confusion matrix (rows: true class", StringComparison.Ordinal)..];
        matrix = matrix[..matrix.IndexOf("</svg>", StringComparison.Ordinal)];
        foreach (var c in CreditModels.MulticlassClasses)
        {
            Assert.Equal(2, matrix.Split($">{c}<").Length - 1);
        }
    }

    [Fact]
    public void A_label_the_model_does_not_know_stops_with_MLOPS150_naming_the_line()
    {
        var data = Rewrite("unknown.csv", (line, i) => i == 5 ? "overdrawn" + line[line.IndexOf(',', StringComparison.Ordinal)..] : line);
        var lines = File.ReadAllLines(data);
        var bad = Array.FindIndex(lines, l => l.StartsWith("overdrawn,", StringComparison.Ordinal));
        Assert.True(bad > 0, "The test data has a row whose checking status was replaced.");
        var output = _dir.File("unknown.json");
        var run = CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", data, "--label", "checking_status", "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS150", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("'overdrawn'", run.StdErr, StringComparison.Ordinal);
        Assert.Contains($"line {bad + 1}", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_label_column_with_one_class_stops_with_MLOPS151()
    {
        var data = Rewrite("one-class.csv", (line, i) => i == 0 || line.StartsWith("no_account,", StringComparison.Ordinal) ? line : null);
        var output = _dir.File("one.json");
        var run = CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", data, "--label", "checking_status", "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS151", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("'no_account'", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_predictions_file_without_class_outputs_stops_with_MLOPS152()
    {
        var output = _dir.File("none.json");
        var run = CliRunner.Run("evaluate", "--task", "multiclass", "--predictions", models.Data, "--label", "checking_status", "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MLOPS152", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_predictions_file_with_a_probability_column_per_class_is_evaluated_like_the_model()
    {
        var scores = _dir.File("scores.csv");
        Assert.Equal(0, CliRunner.Run("score", "--model", models.MulticlassOnnx, "--data", models.Data, "--out", scores).ExitCode);
        var labels = File.ReadAllLines(models.Data).Select(l => l.Split(',')[0]).ToArray();
        var predictions = _dir.File("predictions.csv");
        File.WriteAllLines(predictions, File.ReadAllLines(scores).Select((l, i) => i == 0
            ? "checking_status," + string.Join(",", CreditModels.MulticlassClasses.Select(c => $"p[{c}]"))
            : labels[i] + "," + string.Join(",", l.Split(',').Skip(1))));
        string fromModel = _dir.File("model.json"), fromFile = _dir.File("file.json");
        Assert.Equal(0, CliRunner.Run("evaluate", "--task", "multiclass", "--model", models.MulticlassOnnx, "--data", models.Data, "--label", "checking_status", "--out", fromModel).ExitCode);
        Assert.Equal(0, CliRunner.Run("evaluate", "--task", "multiclass", "--predictions", predictions, "--score", "p", "--label", "checking_status", "--out", fromFile).ExitCode);
        using var a = JsonDocument.Parse(File.ReadAllBytes(fromModel));
        using var b = JsonDocument.Parse(File.ReadAllBytes(fromFile));
        Assert.Equal(a.RootElement.GetProperty("metrics").GetRawText(), b.RootElement.GetProperty("metrics").GetRawText());
        Assert.Equal(a.RootElement.GetProperty("confusionMatrix").GetRawText(), b.RootElement.GetProperty("confusionMatrix").GetRawText());
    }

    private string Rewrite(string name, Func<string, int, string?> line)
    {
        var path = _dir.File(name);
        File.WriteAllLines(path, File.ReadAllLines(models.Data).Select(line).Where(l => l is not null)!);
        return path;
    }

    private static long[][] Matrix(JsonElement rows) => rows.EnumerateArray().Select(r => r.EnumerateArray().Select(n => n.GetInt64()).ToArray()).ToArray();

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
