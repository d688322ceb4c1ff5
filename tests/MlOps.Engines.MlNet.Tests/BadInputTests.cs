using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>The bad input for ML.NET models: a clear MLOPS error, exit 2, nothing written.</summary>
[Collection(CreditModelsCollection.Name)]
public sealed class BadInputTests(CreditModels models) : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-mlnet-bad-");

    [Fact]
    public void A_zip_that_is_not_an_MlNet_model_is_MLOPS147_naming_the_file_and_what_is_missing()
    {
        var path = _dir.File("photos.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(archive.CreateEntry("holiday.txt").Open());
            writer.Write("no model here");
        }
        var run = AssertBadInput("score", "--model", path, "--data", models.Data, "--out", _dir.File("out.csv"));
        Assert.Contains("MLOPS147", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("photos.zip", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("TransformerChain/Model.key", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_extension_on_something_else_and_a_model_saved_without_its_schema_are_MLOPS147()
    {
        var text = _dir.File("model.zip");
        File.WriteAllText(text, "hello");
        var run = AssertBadInput("score", "--model", text, "--data", models.Data, "--out", _dir.File("out.csv"));
        Assert.Contains("MLOPS147", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("not a ZIP archive", run.StdErr, StringComparison.Ordinal);

        var noSchema = _dir.File("no-schema.zip");
        var transformer = models.Context.Model.Load(models.Regression, out _);
        models.Context.Model.Save(transformer, null, noSchema);
        run = AssertBadInput("evaluate", "--model", noSchema, "--data", models.Data, "--label", "credit_risk", "--out", _dir.File("evaluation.json"));
        Assert.Contains("MLOPS147", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("'Schema'", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_schema_has_a_type_we_cannot_score_is_MLOPS148_naming_column_and_type()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new Dated { Amount = 1, When = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) }]);
        var path = _dir.File("dated.zip");
        ml.Model.Save(ml.Transforms.CopyColumns("Score", "Amount").Fit(data), data.Schema, path);
        var csv = _dir.File("dated.csv");
        File.WriteAllText(csv, "Amount,When\n1,2020-01-01\n");
        var run = AssertBadInput("score", "--model", path, "--data", csv, "--out", _dir.File("out.csv"));
        Assert.Contains("MLOPS148", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("'When'", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("DateTime", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_managed_evaluator_asked_for_an_MlNet_model_is_MLOPS149()
    {
        var run = AssertBadInput("score", "--model", models.Sdca, "--data", models.Data, "--out", _dir.File("out.csv"), "--engine", "managed");
        Assert.Contains("MLOPS149", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("mlnet", run.StdErr, StringComparison.Ordinal);
        run = AssertBadInput("evaluate", "--model", models.Sdca, "--data", models.Data, "--label", "credit_risk", "--positive", "good",
            "--engine", "managed", "--out", _dir.File("evaluation.json"));
        Assert.Contains("MLOPS149", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reproducibility_check_refuses_an_MlNet_model_with_MLOPS158_and_mlnet_refuses_ONNX_with_MLOPS159()
    {
        var evidence = _dir.File("evaluation.json");
        var run = AssertBadInput("repro", "--baseline", models.Sdca, "--candidate", models.Sdca, "--out", evidence);
        Assert.Contains("MLOPS158", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("ML.NET model", run.StdErr, StringComparison.Ordinal);

        var onnx = _dir.File("toy.onnx");
        File.WriteAllBytes(onnx, new MlOps.Onnx.OnnxModelBuilder().Opset("", 17).Input("x", MlOps.Onnx.OnnxDataType.Float, "N", 1)
            .Output("y", MlOps.Onnx.OnnxDataType.Float, "N", 1).Node("Identity", ["x"], ["y"]).ToBytes());
        var csv = _dir.File("x.csv");
        File.WriteAllText(csv, "x\n1\n");
        run = AssertBadInput("score", "--model", onnx, "--data", csv, "--out", _dir.File("out.csv"), "--engine", "mlnet");
        Assert.Contains("MLOPS159", run.StdErr, StringComparison.Ordinal);
    }

    private CliResult AssertBadInput(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("out.csv")));
        Assert.False(File.Exists(_dir.File("evaluation.json")));
        return run;
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();

    private sealed class Dated
    {
        public float Amount { get; set; }
        public DateTime When { get; set; }
    }
}
