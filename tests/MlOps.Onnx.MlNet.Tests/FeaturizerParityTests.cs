using Microsoft.ML;
using Microsoft.ML.Trainers;
using static MlOps.Onnx.MlNet.Tests.ExportParity;

namespace MlOps.Onnx.MlNet.Tests;

/// <summary>Featurizers beyond one-hot and normalisation: missing-value replacement and text.</summary>
public sealed class FeaturizerParityTests
{
    [Fact]
    public void Missing_value_replacement_scores_exactly()
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        // Every seventh age and every eleventh duration missing: the exported Imputer must fill them as ML.NET does.
        for (var i = 0; i < rows.Count; i++)
        {
            if (i % 7 == 0) rows[i].age = float.NaN;
            if (i % 11 == 0) rows[i].duration_months = float.NaN;
        }
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.ReplaceMissingValues("age_filled", "age", Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.ReplaceMissingValues("duration_filled", "duration_months", Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Maximum))
            .Append(ml.Transforms.Categorical.OneHotEncoding("purpose_onehot", "purpose"))
            .Append(ml.Transforms.Concatenate("Features", "age_filled", "duration_filled", "credit_amount", "purpose_onehot"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }))
            .Fit(data);

        var outputs = Score(Export(ml, model, data, "PredictedLabel", "Probability"), data);
        var expected = Predict<CreditRow, CalibratedPrediction>(ml, model, rows);

        var labels = Output<bool>(outputs, "PredictedLabel");
        var probabilities = Output<float>(outputs, "Probability");
        for (var i = 0; i < rows.Count; i++)
        {
            Close(expected[i].Probability, probabilities[i], "Probability", i);
            Assert.Equal(expected[i].PredictedLabel, labels[i]);
        }
    }

    [Fact]
    public void Text_featurizer_is_not_exported_by_the_converter()
    {
        // Microsoft.ML.OnnxConverter 0.24.0 fails inside WordTokenizingTransformer.SaveAsOnnx (it looks up a column
        // name it never registered). docs/evaluator.md says so; when a converter release exports it, this test fails
        // and the text featurizer gets a parity test like the others.
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Text.FeaturizeText("Features", "purpose")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }))
            .Fit(data);

        Assert.Throws<KeyNotFoundException>(() => Export(ml, model, data, "PredictedLabel", "Probability"));
    }
}
