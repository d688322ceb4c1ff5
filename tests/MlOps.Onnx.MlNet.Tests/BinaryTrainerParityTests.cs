using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using static MlOps.Onnx.MlNet.Tests.ExportParity;

namespace MlOps.Onnx.MlNet.Tests;

/// <summary>
/// Binary trainers on German credit behind the usual featurizers (one-hot, min-max and mean-variance normalisation,
/// concatenation): the exported graph scores every row as ML.NET does (score and probability within 1e-5, label exact).
/// </summary>
public sealed class BinaryTrainerParityTests
{
    public static TheoryData<string> Calibrated => ["SdcaLogisticRegression", "LbfgsLogisticRegression", "FastTree", "LightGbm"];

    private static IEstimator<ITransformer> Trainer(MLContext ml, string name) => name switch
    {
        "SdcaLogisticRegression" => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }),
        "LbfgsLogisticRegression" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }),
        "FastTree" => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfThreads = 1, NumberOfTrees = 50 }),
        "FastForest" => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options { NumberOfThreads = 1, NumberOfTrees = 30 }),
        "LightGbm" => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfThreads = 1, NumberOfIterations = 50, Seed = 1 }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    internal static IEstimator<ITransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding(CreditRow.Categorical.Select(c => new InputOutputColumnPair(c + "_onehot", c)).ToArray())
            .Append(ml.Transforms.NormalizeMinMax(CreditRow.Numeric[..3].Select(c => new InputOutputColumnPair(c + "_norm", c)).ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance(CreditRow.Numeric[3..].Select(c => new InputOutputColumnPair(c + "_norm", c)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features",
                CreditRow.Numeric.Select(c => c + "_norm").Concat(CreditRow.Categorical.Select(c => c + "_onehot")).ToArray()));

    [Theory]
    [MemberData(nameof(Calibrated))]
    public void Calibrated_binary_trainer_scores_exactly(string trainer)
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = Featurizer(ml).Append(Trainer(ml, trainer)).Fit(data);

        var outputs = Score(Export(ml, model, data, "PredictedLabel", "Score", "Probability"), data);
        var expected = Predict<CreditRow, CalibratedPrediction>(ml, model, rows);

        var labels = Output<bool>(outputs, "PredictedLabel");
        var scores = Output<float>(outputs, "Score");
        var probabilities = Output<float>(outputs, "Probability");
        Assert.Equal(rows.Count, labels.Length);
        for (var i = 0; i < rows.Count; i++)
        {
            Close(expected[i].Score, scores[i], "Score", i);
            Close(expected[i].Probability, probabilities[i], "Probability", i);
            Assert.Equal(expected[i].PredictedLabel, labels[i]);
        }
        // Not a constant model: both classes are predicted.
        Assert.Contains(true, labels);
        Assert.Contains(false, labels);
    }

    [Fact]
    public void FastForest_binary_scores_exactly()
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = Featurizer(ml).Append(Trainer(ml, "FastForest")).Fit(data);

        var outputs = Score(Export(ml, model, data, "PredictedLabel", "Score"), data);
        var expected = Predict<CreditRow, UncalibratedPrediction>(ml, model, rows);

        var labels = Output<bool>(outputs, "PredictedLabel");
        var scores = Output<float>(outputs, "Score");
        for (var i = 0; i < rows.Count; i++)
        {
            Close(expected[i].Score, scores[i], "Score", i);
            Assert.Equal(expected[i].PredictedLabel, labels[i]);
        }
    }

    [Fact]
    public void LightGbm_binary_on_adult_scores_exactly()
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.Adult(4000);
        var data = ml.Data.LoadFromEnumerable(rows);
        string[] categorical = ["workclass", "education", "marital_status", "occupation", "relationship", "sex"];
        string[] numeric = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"];
        var model = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c, c)).ToArray())
            .Append(ml.Transforms.Concatenate("Features", numeric.Concat(categorical).ToArray()))
            .Append(Trainer(ml, "LightGbm"))
            .Fit(data);

        var outputs = Score(Export(ml, model, data, "PredictedLabel", "Probability"), data);
        var expected = Predict<AdultRow, CalibratedPrediction>(ml, model, rows);

        var labels = Output<bool>(outputs, "PredictedLabel");
        var probabilities = Output<float>(outputs, "Probability");
        for (var i = 0; i < rows.Count; i++)
        {
            Close(expected[i].Probability, probabilities[i], "Probability", i);
            Assert.Equal(expected[i].PredictedLabel, labels[i]);
        }
    }
}
