using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Engines;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>`mlops score` scores an ML.NET model through ML.NET, exactly as ML.NET's own PredictionEngine does.</summary>
[Collection(CreditModelsCollection.Name)]
public sealed class ScoringTests(CreditModels models) : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-mlnet-score-");

    [Fact]
    public void A_binary_model_scores_as_its_PredictionEngine_predicts()
    {
        foreach (var model in new[] { models.Sdca, models.FastTree })
        {
            var scored = Score(model);
            var engine = models.Context.Model.CreatePredictionEngine<CreditRow, BinaryPrediction>(models.Context.Model.Load(model, out _));
            var rows = CreditRow.ReadAll(models.Data);
            Assert.Equal(rows.Count, scored.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var expected = engine.Predict(rows[i]);
                Assert.Equal(expected.PredictedLabel ? "true" : "false", scored[i]["PredictedLabel"]);
                Assert.Equal(expected.Score, Single(scored[i]["Score"]));
                Assert.Equal(expected.Probability, Single(scored[i]["Probability"]));
            }
        }
    }

    [Fact]
    public void A_regression_and_a_multiclass_model_score_as_their_PredictionEngines_predict()
    {
        var regression = Score(models.Regression);
        var multiclass = Score(models.Multiclass);
        var transformer = models.Context.Model.Load(models.Regression, out _);
        var byRegression = models.Context.Model.CreatePredictionEngine<CreditRow, RegressionPrediction>(transformer);
        var byMulticlass = models.Context.Model.CreatePredictionEngine<CreditRow, MulticlassPrediction>(models.Context.Model.Load(models.Multiclass, out _));
        var rows = CreditRow.ReadAll(models.Data);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(byRegression.Predict(rows[i]).Score, Single(regression[i]["Score"]));
            var expected = byMulticlass.Predict(rows[i]);
            Assert.Equal(expected.PredictedLabel, multiclass[i]["PredictedLabel"]);
            for (var k = 0; k < expected.Score.Length; k++)
            {
                Assert.Equal(expected.Score[k], Single(multiclass[i][$"Score[{k}]"]));
            }
        }
    }

    [Fact]
    public void An_MlNet_model_scores_with_MlNet_by_default_and_with_the_engine_named()
    {
        var model = ModelFile.Open(models.Sdca);
        Assert.True(model.IsMlNet);
        Assert.Equal("mlnet", ScoringEngines.For(model, null).Name);
        Assert.Equal("mlnet", ScoringEngines.For(model, "mlnet").Name);
        Assert.Equal("managed", ScoringEngines.For(ModelFile.Open(OnnxModelPath()), null).Name);
        var session = ScoringEngines.Open(model, null);
        Assert.Equal(["PredictedLabel", "Score", "Probability"], session.Outputs.Select(o => o.Name));
        Assert.Equal(models.Schema.Select(c => c.Name), session.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Scoring_twice_gives_the_same_bytes()
    {
        var a = _dir.File("a.csv");
        var b = _dir.File("b.csv");
        Assert.Equal(0, CliRunner.Run("score", "--model", models.FastTree, "--data", models.Data, "--out", a).ExitCode);
        Assert.Equal(0, CliRunner.Run("score", "--model", models.FastTree, "--data", models.Data, "--out", b).ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    private List<Dictionary<string, string>> Score(string model)
    {
        var output = _dir.File(Path.GetFileNameWithoutExtension(model) + ".csv");
        var run = CliRunner.Run("score", "--model", model, "--data", models.Data, "--out", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private string OnnxModelPath()
    {
        var path = _dir.File("toy.onnx");
        File.WriteAllBytes(path, new MlOps.Onnx.OnnxModelBuilder().Opset("", 17).Input("x", MlOps.Onnx.OnnxDataType.Float, "N", 1)
            .Output("y", MlOps.Onnx.OnnxDataType.Float, "N", 1).Node("Identity", ["x"], ["y"]).ToBytes());
        return path;
    }

    // The CSV holds each float's shortest round-trip text: parsed back it is the very float ML.NET gave (closer than 1e-6).
    private static float Single(string text) => float.Parse(text, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}

/// <summary>A row of the German credit data with the columns the models were saved with.</summary>
public sealed class CreditRow
{
    [ColumnName("checking_status")] public string CheckingStatus { get; set; } = "";
    [ColumnName("duration_months")] public float DurationMonths { get; set; }
    [ColumnName("purpose")] public string Purpose { get; set; } = "";
    [ColumnName("credit_amount")] public double CreditAmount { get; set; }
    [ColumnName("savings")] public string Savings { get; set; } = "";
    [ColumnName("age")] public int Age { get; set; }
    [ColumnName("existing_credits")] public long ExistingCredits { get; set; }
    [ColumnName("sex")] public string Sex { get; set; } = "";
    [ColumnName("credit_risk")] public string CreditRisk { get; set; } = "";

    /// <summary>Every row of the CSV.</summary>
    public static List<CreditRow> ReadAll(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int At(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Select(l => l.Split(',')).Select(f => new CreditRow
        {
            CheckingStatus = f[At("checking_status")],
            DurationMonths = float.Parse(f[At("duration_months")], CultureInfo.InvariantCulture),
            Purpose = f[At("purpose")],
            CreditAmount = double.Parse(f[At("credit_amount")], CultureInfo.InvariantCulture),
            Savings = f[At("savings")],
            Age = int.Parse(f[At("age")], CultureInfo.InvariantCulture),
            ExistingCredits = long.Parse(f[At("existing_credits")], CultureInfo.InvariantCulture),
            Sex = f[At("sex")],
            CreditRisk = f[At("credit_risk")],
        }).ToList();
    }
}

/// <summary>A binary classifier's prediction.</summary>
public sealed class BinaryPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}

/// <summary>A regression's prediction.</summary>
public sealed class RegressionPrediction
{
    public float Score { get; set; }
}

/// <summary>A multiclass classifier's prediction (the label mapped back to its text).</summary>
public sealed class MulticlassPrediction
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}
