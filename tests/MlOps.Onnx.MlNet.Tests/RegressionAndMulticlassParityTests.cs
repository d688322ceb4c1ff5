using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlOps.Onnx.Evaluation;
using static MlOps.Onnx.MlNet.Tests.ExportParity;

namespace MlOps.Onnx.MlNet.Tests;

/// <summary>
/// Regression (German credit's credit amount) and multiclass (Adult's relationship, a text label mapped to a key
/// and back) trainers: the exported graph agrees with ML.NET's prediction engine within 1e-5, labels exact.
/// </summary>
public sealed class RegressionAndMulticlassParityTests
{
    public static TheoryData<string> Regressions => ["Sdca", "FastTree", "LightGbm"];

    public static TheoryData<string> Multiclass => ["SdcaMaximumEntropy", "LightGbm"];

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Regression_trainer_scores_exactly(string trainer)
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        var data = ml.Data.LoadFromEnumerable(rows);
        var featurizer = ml.Transforms.Categorical.OneHotEncoding(CreditRow.Categorical.Select(c => new InputOutputColumnPair(c + "_onehot", c)).ToArray())
            .Append(ml.Transforms.NormalizeMeanVariance("duration_months_norm", "duration_months"))
            .Append(ml.Transforms.NormalizeMinMax("age_norm", "age"))
            .Append(ml.Transforms.Concatenate("Features", ["duration_months_norm", "age_norm", "installment_rate", .. CreditRow.Categorical.Select(c => c + "_onehot")]));
        IEstimator<ITransformer> estimator = trainer switch
        {
            "Sdca" => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = "credit_amount", NumberOfThreads = 1 }),
            "FastTree" => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { LabelColumnName = "credit_amount", NumberOfThreads = 1, NumberOfTrees = 50 }),
            _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { LabelColumnName = "credit_amount", NumberOfThreads = 1, NumberOfIterations = 50, Seed = 1 }),
        };
        var model = featurizer.Append(estimator).Fit(data);

        var scores = Output<float>(Score(Export(ml, model, data, "Score"), data), "Score");
        var expected = Predict<CreditRow, RegressionPrediction>(ml, model, rows);

        Assert.Equal(rows.Count, scores.Length);
        for (var i = 0; i < rows.Count; i++)
        {
            // Credit amounts are in the thousands: 1e-5 relative is what float arithmetic in another order gives.
            Assert.True(Math.Abs(expected[i].Score - scores[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i].Score)),
                $"Score of row {i}: ML.NET {expected[i].Score:R}, evaluator {scores[i]:R}.");
        }
        Assert.True(scores.Distinct().Count() > 10, "The regression is not constant.");
    }

    [Theory]
    [MemberData(nameof(Multiclass))]
    public void Multiclass_trainer_scores_exactly_and_maps_the_label_back(string trainer)
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.Adult(3000);
        var data = ml.Data.LoadFromEnumerable(rows);
        string[] categorical = ["workclass", "education", "marital_status", "sex"];
        IEstimator<ITransformer> estimator = trainer switch
        {
            "SdcaMaximumEntropy" => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }),
            _ => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { NumberOfThreads = 1, NumberOfIterations = 30, Seed = 1 }),
        };
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "relationship")
            .Append(ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_onehot", c)).ToArray()))
            .Append(ml.Transforms.NormalizeMinMax("age_norm", "age"))
            .Append(ml.Transforms.NormalizeMeanVariance("hours_norm", "hours_per_week"))
            .Append(ml.Transforms.Concatenate("Features", ["age_norm", "hours_norm", "education_num", .. categorical.Select(c => c + "_onehot")]))
            .Append(estimator)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(data);

        var outputs = Score(Export(ml, model, data, "PredictedLabel", "Score"), data);
        var expected = Predict<AdultRow, MulticlassPrediction>(ml, model, rows);

        var labels = Output<string>(outputs, "PredictedLabel");
        var scores = (Tensor<float>)outputs["Score.output"];
        var classes = scores.Dimensions[1];
        Assert.Equal(expected[0].Score.Length, classes);
        for (var i = 0; i < rows.Count; i++)
        {
            for (var k = 0; k < classes; k++)
            {
                Close(expected[i].Score[k], scores.Data[i * classes + k], $"Score[{k}]", i);
            }
            Assert.Equal(expected[i].PredictedLabel, labels[i]);
        }
        Assert.True(labels.Distinct().Count() >= 3, "Several classes are predicted.");
    }
}
