using MlOps.Cli.Tests.TestSupport;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.Review;

/// <summary>
/// Inputs a careless or hostile user gives the CLI: an output path that names an input, an output path that is a
/// folder, an evidence stage failing on the data. The contract: exit 2, one line naming the user's file, and nothing
/// the user had is lost or half-written.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Data = "age,income,debt,label,group\n30,1000,200,1,a\n60,4000,100,0,b\n45,2500,50,1,a\n22,800,300,0,b\n";

    private readonly TempDirectory _dir = new("mlops-review-cli-");

    public void Dispose() => _dir.Dispose();

    /// <summary>A binary logistic regression as skl2onnx exports it: LinearClassifier + ZipMap, one [N,3] input.</summary>
    private string Model(string name = "model.onnx")
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, new OnnxModelBuilder()
            .Producer("skl2onnx", "1.16.0")
            .Input("float_input", OnnxDataType.Float, "N", 3)
            .Output("output_label", OnnxDataType.Int64, "N")
            .Output("output_probability", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
            .Metadata("mlops.features", "age,income,debt")
            .Node("LinearClassifier", ["float_input"], ["output_label", "probability_tensor"],
                [OnnxAttribute.Of("coefficients", new[] { -0.1f, -0.001f, 0.002f, 0.1f, 0.001f, -0.002f }),
                 OnnxAttribute.Of("intercepts", new[] { 0.5f, -0.5f }), OnnxAttribute.Of("classlabels_ints", new long[] { 0, 1 }),
                 OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: "ai.onnx.ml", name: "LinearClassifier")
            .Node("Normalizer", ["probability_tensor"], ["probabilities"], [OnnxAttribute.Of("norm", "L1")], domain: "ai.onnx.ml", name: "Normalizer")
            .Node("ZipMap", ["probabilities"], ["output_probability"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 })], domain: "ai.onnx.ml", name: "ZipMap")
            .ToBytes());
        return path;
    }

    private string Csv(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertOneLineError(CliResult result, string mentions)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(mentions, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_refuses_an_output_path_that_is_its_data_file_and_keeps_the_data()
    {
        var data = Csv("data.csv", Data);
        var result = CliRunner.Run("score", "--model", Model(), "--data", data, "--out", data);
        AssertOneLineError(result, "data.csv");
        Assert.Equal(Data, File.ReadAllText(data));
    }

    [Fact]
    public void Score_refuses_an_output_path_that_is_its_model_and_keeps_the_model()
    {
        var model = Model();
        var before = File.ReadAllBytes(model);
        var result = CliRunner.Run("score", "--model", model, "--data", Csv("data.csv", Data), "--out", model);
        AssertOneLineError(result, "model.onnx");
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void Score_names_an_output_folder_as_a_folder_before_scoring()
    {
        var folder = _dir.File("sub");
        Directory.CreateDirectory(folder);
        var result = CliRunner.Run("score", "--model", Model(), "--data", Csv("data.csv", Data), "--out", folder);
        AssertOneLineError(result, "is a folder");
    }

    [Fact]
    public void Evaluate_refuses_an_output_path_that_is_its_model_and_keeps_the_model()
    {
        var model = Model();
        var before = File.ReadAllBytes(model);
        var result = CliRunner.Run("evaluate", "--model", model, "--data", Csv("data.csv", Data), "--label", "label", "--out", model);
        AssertOneLineError(result, "model.onnx");
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void Evaluate_refuses_an_output_path_that_is_its_champion()
    {
        var champion = Model("champion.onnx");
        var before = File.ReadAllBytes(champion);
        var result = CliRunner.Run("evaluate", "--model", Model(), "--data", Csv("data.csv", Data), "--label", "label",
            "--champion", champion, "--out", champion);
        AssertOneLineError(result, "champion.onnx");
        Assert.Equal(before, File.ReadAllBytes(champion));
    }

    [Fact]
    public void Evaluate_label_error_names_the_users_data_file_not_the_temporary_join()
    {
        var data = Csv("data.csv", Data.Replace(",1,a", ",yes,a").Replace(",0,b", ",no,b"));
        var result = CliRunner.Run("evaluate", "--model", Model(), "--data", data, "--label", "label", "--out", _dir.File("eval.json"));
        AssertOneLineError(result, "data.csv");
        Assert.DoesNotContain(".mlops-joined", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("eval.json")));
    }

    [Fact]
    public void Fairness_label_error_names_the_users_data_file_not_the_temporary_join()
    {
        var data = Csv("data.csv", Data.Replace(",1,a", ",yes,a").Replace(",0,b", ",no,b"));
        var result = CliRunner.Run("fairness", "--model", Model(), "--data", data, "--label", "label", "--sensitive", "group",
            "--out", _dir.File("fairness.json"));
        AssertOneLineError(result, "data.csv");
        Assert.DoesNotContain(".mlops-joined", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_refuses_an_output_path_that_is_its_predictions_file()
    {
        var predictions = Csv("predictions.csv", "y_true,y_pred,sex\n1,1,m\n0,1,f\n1,0,m\n0,0,f\n");
        var before = File.ReadAllText(predictions);
        var result = CliRunner.Run("fairness", "--predictions", predictions, "--label", "y_true", "--prediction", "y_pred",
            "--sensitive", "sex", "--out", predictions);
        AssertOneLineError(result, "predictions.csv");
        Assert.Equal(before, File.ReadAllText(predictions));
    }

    [Fact]
    public void Drift_baseline_refuses_an_output_path_that_is_its_data_file()
    {
        var data = Csv("train.csv", Data);
        var result = CliRunner.Run("drift", "baseline", "--data", data, "--out", data);
        AssertOneLineError(result, "train.csv");
        Assert.Equal(Data, File.ReadAllText(data));
    }

    [Fact]
    public void Drift_compare_with_a_bad_html_path_writes_no_report()
    {
        var baseline = _dir.File("baseline.json");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", Csv("train.csv", Data), "--out", baseline).ExitCode);
        var folder = _dir.File("html");
        Directory.CreateDirectory(folder);
        var report = _dir.File("report.json");
        var result = CliRunner.Run("drift", "compare", "--baseline", baseline, "--data", Csv("new.csv", Data), "--out", report, "--html", folder);
        AssertOneLineError(result, "html");
        Assert.False(File.Exists(report), "a failed command must leave no output behind");
    }

    [Fact]
    public void Drift_compare_refuses_an_html_path_equal_to_the_report_path()
    {
        var baseline = _dir.File("baseline.json");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", Csv("train.csv", Data), "--out", baseline).ExitCode);
        var report = _dir.File("report.json");
        var result = CliRunner.Run("drift", "compare", "--baseline", baseline, "--data", Csv("new.csv", Data), "--out", report, "--html", report);
        AssertOneLineError(result, "report.json");
        Assert.False(File.Exists(report));
    }

    [Fact]
    public void Drift_compare_refuses_an_output_path_that_is_its_baseline()
    {
        var baseline = _dir.File("baseline.json");
        Assert.Equal(0, CliRunner.Run("drift", "baseline", "--data", Csv("train.csv", Data), "--out", baseline).ExitCode);
        var before = File.ReadAllText(baseline);
        var result = CliRunner.Run("drift", "compare", "--baseline", baseline, "--data", Csv("new.csv", Data), "--out", baseline);
        AssertOneLineError(result, "baseline.json");
        Assert.Equal(before, File.ReadAllText(baseline));
    }

    [Fact]
    public void Repro_refuses_an_output_path_that_is_its_baseline_model()
    {
        var model = Model();
        var before = File.ReadAllBytes(model);
        var result = CliRunner.Run("repro", "--baseline", model, "--candidate", Model("candidate.onnx"), "--out", model);
        AssertOneLineError(result, "model.onnx");
        Assert.Equal(before, File.ReadAllBytes(model));
    }
    [Fact]
    public void Evaluate_refuses_a_decision_threshold_that_is_not_a_number()
    {
        var result = CliRunner.Run("evaluate", "--model", Model(), "--data", Csv("data.csv", Data), "--label", "label",
            "--decision-threshold", "NaN", "--out", _dir.File("eval.json"));
        AssertOneLineError(result, "--decision-threshold");
        Assert.False(File.Exists(_dir.File("eval.json")));
    }

    [Theory]
    [InlineData("--threshold", "NaN")]
    [InlineData("--min-group-size", "-3")]
    [InlineData("--bootstrap", "-1")]
    public void Fairness_refuses_an_out_of_range_number_as_bad_input_not_a_governance_failure(string option, string value)
    {
        var predictions = Csv("predictions.csv", "y_true,score,sex\n1,0.9,m\n0,0.2,f\n1,0.4,m\n0,0.7,f\n");
        var result = CliRunner.Run("fairness", "--predictions", predictions, "--label", "y_true", "--score", "score",
            "--sensitive", "sex", option, value, "--out", _dir.File("fairness.json"));
        AssertOneLineError(result, option);
        Assert.False(File.Exists(_dir.File("fairness.json")));
    }

    [Theory]
    [InlineData("a,a\n1,2\n", "'a' twice")]
    [InlineData("a,\n1,2\n", "no name")]
    public void Drift_baseline_refuses_a_header_whose_names_cannot_key_the_features(string csv, string message)
    {
        var result = CliRunner.Run("drift", "baseline", "--data", Csv("train.csv", csv), "--out", _dir.File("baseline.json"));
        AssertOneLineError(result, message);
        Assert.Contains("train.csv(1,", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("baseline.json")));
    }
    [Fact]
    public void Gate_refuses_an_output_path_that_is_its_policy_file()
    {
        var artefact = MlOps.Cli.Tests.ArtefactCommands.SampleArtefact.Build(_dir.Path).PackagePath;
        var policy = _dir.File("policy.yaml");
        File.WriteAllText(policy, "levels:\n  low:\n    evidence: []\n");
        Assert.True(CliRunner.Run("gate", artefact, "--policy", policy).ExitCode is 0 or 1, "the policy must be valid for this test to mean anything");
        var before = File.ReadAllText(policy);
        var result = CliRunner.Run("gate", artefact, "--policy", policy, "--out", policy);
        AssertOneLineError(result, "policy.yaml");
        Assert.Equal(before, File.ReadAllText(policy));
    }

    [Fact]
    public void Gate_refuses_an_output_path_that_is_the_artefact_it_gates()
    {
        var artefact = MlOps.Cli.Tests.ArtefactCommands.SampleArtefact.Build(_dir.Path).PackagePath;
        var before = File.ReadAllBytes(artefact);
        var result = CliRunner.Run("gate", artefact, "--out", artefact);
        AssertOneLineError(result, System.IO.Path.GetFileName(artefact));
        Assert.Equal(before, File.ReadAllBytes(artefact));
        Assert.Equal(0, CliRunner.Run("verify", artefact).ExitCode);
    }
    [Fact]
    public void Gate_refuses_folder_mode_options_for_an_artefact_instead_of_ignoring_them()
    {
        var artefact = MlOps.Cli.Tests.ArtefactCommands.SampleArtefact.Build(_dir.Path).PackagePath;
        var result = CliRunner.Run("gate", artefact, "--card", _dir.File("other-card.md"));
        AssertOneLineError(result, "--card");
    }
    [Fact]
    public void Repro_refuses_header_only_data_instead_of_passing_on_zero_predictions()
    {
        var header = Csv("header-only.csv", "age,income,debt\n");
        var result = CliRunner.Run("repro", "--baseline", Model(), "--candidate", Model("candidate.onnx"), "--data", header,
            "--out", _dir.File("repro.json"));
        AssertOneLineError(result, "header-only.csv");
        Assert.False(File.Exists(_dir.File("repro.json")));
    }
    [Theory]
    [InlineData("verify")]
    [InlineData("score-model")]
    [InlineData("score-data")]
    [InlineData("drift-baseline")]
    public void A_folder_given_where_a_file_belongs_is_named_as_a_folder_not_as_missing(string where)
    {
        var folder = _dir.File("a-folder");
        Directory.CreateDirectory(folder);
        var output = _dir.File("out.csv");
        var result = where switch
        {
            "verify" => CliRunner.Run("verify", folder),
            "score-model" => CliRunner.Run("score", "--model", folder, "--data", Csv("data.csv", Data), "--out", output),
            "score-data" => CliRunner.Run("score", "--model", Model(), "--data", folder, "--out", output),
            _ => CliRunner.Run("drift", "baseline", "--data", folder, "--out", output),
        };
        AssertOneLineError(result, "is a folder");
        Assert.DoesNotContain("does not exist", result.StdErr, StringComparison.Ordinal);
    }
}
