using System.Text.Json;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Explanations;
using MlOps.Governance.Scoring;

namespace MlOps.Governance.Tests.Explanations;

public sealed class PermutationImportanceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-explain-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Model(byte[] bytes, string name = "model.onnx")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static ExplanationRequest Request(string model, string data, ImportanceMetric? metric = null, int repeats = 5, string label = "y", ulong seed = 1,
        IReadOnlyList<string>? sensitive = null) => new()
    {
        ModelPath = model,
        DataPath = data,
        Options = new PermutationImportanceOptions { Label = label, Positive = "good", Metric = metric ?? ImportanceMetric.RocAuc, Repeats = repeats, Seed = seed, BatchSize = 64 },
        Sensitive = sensitive ?? [],
    };

    [Fact]
    public void The_feature_with_the_larger_coefficient_matters_more_and_the_evidence_is_the_same_bytes_each_run()
    {
        var model = Model(ExplanationModels.Logistic());
        var data = ExplanationModels.Data(_folder);
        var report = ExplanationService.Explain(Request(model, data, sensitive: ["g"]));
        Assert.Equal(["a", "b"], report.Importance.Features.Select(f => f.Feature));
        Assert.Equal(400, report.Importance.Rows);
        Assert.Equal("probabilities[1]", report.Importance.ScoreColumn);
        var a = report.Importance.Features[0];
        var b = report.Importance.Features[1];
        Assert.True(a.Mean > b.Mean && b.Mean > 0, $"a {a.Mean}, b {b.Mean}");
        Assert.Equal(5, a.Values.Count);
        Assert.True(a.Std > 0);

        var first = EvidenceDocument.ToBytes(ExplanationsJson.ToJson(report));
        var second = EvidenceDocument.ToBytes(ExplanationsJson.ToJson(ExplanationService.Explain(Request(model, data, sensitive: ["g"]))));
        Assert.Equal(first, second);
        var other = EvidenceDocument.ToBytes(ExplanationsJson.ToJson(ExplanationService.Explain(Request(model, data, seed: 2, sensitive: ["g"]))));
        Assert.NotEqual(first, other);

        using var doc = JsonDocument.Parse(first);
        var root = doc.RootElement;
        Assert.Equal("explanations", root.GetProperty("kind").GetString());
        Assert.Equal("info", root.GetProperty("verdict").GetString());
        Assert.Equal("rocAuc", root.GetProperty("metric").GetString());
        Assert.Equal(5, root.GetProperty("repeats").GetInt32());
        Assert.Equal(1, root.GetProperty("seed").GetInt32());
        Assert.Equal(a.Mean, root.GetProperty("importance").GetProperty("a").GetProperty("mean").GetDouble());
        Assert.Equal(b.Std, root.GetProperty("importance").GetProperty("b").GetProperty("std").GetDouble());
        Assert.InRange(root.GetProperty("baseline").GetDouble(), 0.5, 1);
        // Until a local explainer exists for the model, the evidence says why instead of guessing; once it does, it carries the summary.
        var local = root.GetProperty("local");
        if (local.GetProperty("supported").GetBoolean())
        {
            Assert.True(local.GetProperty("sensitive").GetProperty("g").GetProperty("groups").TryGetProperty("young", out _));
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(local.GetProperty("reason").GetString()));
        }
    }

    [Fact]
    public void The_baseline_is_the_metric_on_the_data_as_it_is()
    {
        // The regressor predicts t exactly, so its RMSE is 0 until a feature is shuffled; the importance is the rise in RMSE.
        var report = ExplanationService.Explain(Request(Model(ExplanationModels.Linear()), ExplanationModels.Data(_folder), ImportanceMetric.Rmse, label: "t"));
        Assert.True(report.Importance.Baseline < 1e-6, $"baseline {report.Importance.Baseline}");
        var a = report.Importance.Features[0];
        var b = report.Importance.Features[1];
        Assert.True(a.Mean > b.Mean && b.Mean > 0.5, $"a {a.Mean}, b {b.Mean}");
    }

    [Fact]
    public void Accuracy_counts_the_decisions_at_the_threshold()
    {
        var data = ExplanationModels.Data(_folder);
        var request = Request(Model(ExplanationModels.Logistic()), data, ImportanceMetric.Accuracy);
        var report = ExplanationService.Explain(request);
        // The decision p >= 0.5 is margin >= 0: recount it from the data.
        var rows = File.ReadAllLines(data).Skip(1).Select(l => l.Split(',')).ToList();
        var right = rows.Count(r => (((2 * float.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)) - float.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture) + 0.5f) >= 0) == (r[4] == "good"));
        Assert.Equal((double)right / rows.Count, report.Importance.Baseline, 12);
        Assert.True(report.Importance.Features[0].Mean > 0);
    }

    [Fact]
    public void A_model_without_a_probability_output_is_refused_for_rocAuc()
    {
        var e = Assert.Throws<MlOpsException>(() => ExplanationService.Explain(Request(Model(ExplanationModels.LabelOnly()), ExplanationModels.Data(_folder))));
        Assert.Equal(DiagnosticCatalog.MetricNeedsProbability, e.Diagnostic);
        Assert.Contains("no probability output", e.Message);
        Assert.Contains("'label'", e.Message);
    }

    [Fact]
    public void A_regressor_output_is_not_a_probability()
    {
        var e = Assert.Throws<MlOpsException>(() => ExplanationService.Explain(Request(Model(ExplanationModels.Linear()), ExplanationModels.Data(_folder))));
        Assert.Equal(DiagnosticCatalog.MetricNeedsProbability, e.Diagnostic);
        Assert.Contains("'prediction' is not a probability", e.Message);
    }

    [Fact]
    public void A_label_column_with_one_class_is_refused()
    {
        var e = Assert.Throws<MlOpsException>(() => ExplanationService.Explain(Request(Model(ExplanationModels.Logistic()), ExplanationModels.Data(_folder, labels: "good"))));
        Assert.Equal(DiagnosticCatalog.SingleClassLabel, e.Diagnostic);
        Assert.Contains("one class ('good')", e.Message);
        var never = Assert.Throws<MlOpsException>(() => ExplanationService.Explain(Request(Model(ExplanationModels.Logistic()), ExplanationModels.Data(_folder, labels: "bad"))));
        Assert.Equal(DiagnosticCatalog.SingleClassLabel, never.Diagnostic);
    }

    [Fact]
    public void An_unknown_metric_is_refused()
    {
        var e = Assert.Throws<MlOpsException>(() => ImportanceMetric.Parse("f1"));
        Assert.Equal(DiagnosticCatalog.UnknownImportanceMetric, e.Diagnostic);
        Assert.Contains("rocAuc, accuracy, rmse", e.Message);
        Assert.Equal([UserInputs.ImportanceMetric], e.Inputs.Select(i => i.Input));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(PermutationImportanceOptions.MaxRepeats + 1)]
    public void Repeats_out_of_range_are_refused_before_any_work(int repeats)
    {
        var e = Assert.Throws<MlOpsException>(() => ExplanationService.Validate(Request("absent.onnx", "absent.csv", repeats: repeats)));
        Assert.Equal(DiagnosticCatalog.CountLimit, e.Diagnostic);
        Assert.Contains("repeats", e.Message);
    }

    [Fact]
    public void Shuffles_are_whole_data_set_permutations()
    {
        // A model that outputs its input: shuffling the only feature permutes the scores, so the RMSE against the
        // unshuffled column equals that of the permuted column, and with one row the shuffle is the identity.
        var data = Path.Combine(_folder, "one.csv");
        File.WriteAllText(data, "a,b,y,t\n1,2,good,0.5\n");
        var report = ExplanationService.Explain(Request(Model(ExplanationModels.Linear()), data, ImportanceMetric.Rmse, label: "t"));
        Assert.All(report.Importance.Features, f => Assert.Equal(0, f.Mean));
    }
}
