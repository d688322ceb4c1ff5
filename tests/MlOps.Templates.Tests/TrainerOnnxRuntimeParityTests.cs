using CreditRisk.Trainer;

namespace MlOps.Templates.Tests;

/// <summary>
/// The exported ONNX graph computes what the trainer fitted: ONNX Runtime, scoring the evaluation split
/// through the graph (Scaler, OneHotEncoder, Concat, Reshape, LinearClassifier), agrees with the trainer's
/// own probabilities.
/// </summary>
public sealed class TrainerOnnxRuntimeParityTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-ort-");

    public void Dispose() => _temp.Delete(recursive: true);

    [OnnxRuntimeFact]
    public void Onnx_runtime_reproduces_the_trainers_probabilities_and_labels()
    {
        var result = TrainingRun.Execute(new TrainingOptions(RepositoryPaths.GermanCredit, _temp.FullName));
        var data = CreditDataSet.Load(RepositoryPaths.GermanCredit);
        var labels = data.Rows.Select(r => r[data.Column("credit_risk")]).ToArray();
        var (train, evaluation) = StratifiedSplit.Split(labels, 0.3, TrainingOptions.DefaultSeed);
        var pipeline = FeaturePipeline.Fit(data, train);
        var model = LogisticRegression.Fit(pipeline.Transform(data, train), train.Select(r => labels[r] == "good" ? 1 : 0).ToArray(), 1.0, 100, 1e-10);
        var expected = pipeline.Transform(data, evaluation).Select(model.PredictProbability).ToArray();

        var (predicted, good) = OnnxRuntimeOracle.Score(result.ModelPath, result.EvaluationPath, _temp.FullName);
        Assert.Equal(evaluation.Length, predicted.Length);
        for (var i = 0; i < evaluation.Length; i++)
        {
            Assert.Equal(expected[i], good[i], 1e-5);
            if (Math.Abs(expected[i] - 0.5) > 1e-5)
            {
                Assert.Equal(expected[i] > 0.5 ? "good" : "bad", predicted[i]);
            }
        }
    }
}
