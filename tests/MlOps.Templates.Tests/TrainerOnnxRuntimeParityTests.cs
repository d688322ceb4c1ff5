using CreditRisk.Trainer;
using Microsoft.ML;

namespace MlOps.Templates.Tests;

/// <summary>
/// The exported ONNX graph computes what ML.NET fitted: ONNX Runtime, scoring the evaluation split through the
/// exported graph, agrees with ML.NET's own prediction engine on the same rows.
/// </summary>
public sealed class TrainerOnnxRuntimeParityTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-ort-");

    public void Dispose() => _temp.Delete(recursive: true);

    [OnnxRuntimeFact]
    public void Onnx_runtime_reproduces_ml_nets_probabilities_and_labels()
    {
        var result = TrainingRun.Execute(new TrainingOptions(RepositoryPaths.GermanCredit, _temp.FullName));
        var expected = TrainerTests.MlNetPredictions(new TrainingOptions(RepositoryPaths.GermanCredit, _temp.FullName));

        var (predicted, good) = OnnxRuntimeOracle.Score(result.ModelPath, result.EvaluationPath, _temp.FullName);
        Assert.Equal(expected.Count, predicted.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Probability, good[i], 1e-5);
            Assert.Equal(expected[i].PredictedLabel ? "good" : "bad", predicted[i]);
        }
    }
}
