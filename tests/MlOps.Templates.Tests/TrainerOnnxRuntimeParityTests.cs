using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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

        var inputs = new JsonObject();
        foreach (var name in GermanCreditSchema.NumericFeatures)
        {
            var column = data.Column(name);
            var values = evaluation.Select(r => float.Parse(data.Rows[r][column], CultureInfo.InvariantCulture)).ToArray();
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            inputs[name] = new JsonObject { ["type"] = "float32", ["dims"] = new JsonArray(evaluation.Length, 1), ["data"] = Convert.ToBase64String(bytes) };
        }
        foreach (var name in GermanCreditSchema.CategoricalFeatures)
        {
            var column = data.Column(name);
            inputs[name] = new JsonObject
            {
                ["type"] = "string",
                ["dims"] = new JsonArray(evaluation.Length, 1),
                ["data"] = new JsonArray(evaluation.Select(r => (JsonNode?)data.Rows[r][column]).ToArray()),
            };
        }
        var request = Path.Combine(_temp.FullName, "request.json");
        var response = Path.Combine(_temp.FullName, "response.json");
        File.WriteAllText(request, new JsonArray(new JsonObject { ["model"] = result.ModelPath, ["inputs"] = inputs }).ToJsonString());

        var start = new ProcessStartInfo(OnnxRuntimeFactAttribute.Node ?? "node", [OnnxRuntimeFactAttribute.OracleScript, request, response])
        {
            WorkingDirectory = Path.GetDirectoryName(OnnxRuntimeFactAttribute.OracleScript)!,
            RedirectStandardError = true,
        };
        using (var node = Process.Start(start)!)
        {
            var stderr = node.StandardError.ReadToEnd();
            node.WaitForExit();
            Assert.True(node.ExitCode == 0, stderr);
        }

        var outputs = JsonDocument.Parse(File.ReadAllText(response)).RootElement[0].GetProperty("outputs");
        var probabilities = Convert.FromBase64String(outputs.GetProperty("probabilities").GetProperty("data").GetString()!);
        var predicted = outputs.GetProperty("label").GetProperty("data").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(evaluation.Length, predicted.Length);
        for (var i = 0; i < evaluation.Length; i++)
        {
            var bad = BitConverter.ToSingle(probabilities, (2 * i) * 4);
            var good = BitConverter.ToSingle(probabilities, (2 * i + 1) * 4);
            Assert.Equal(expected[i], good, 1e-5);
            Assert.Equal(1 - expected[i], bad, 1e-5);
            if (Math.Abs(expected[i] - 0.5) > 1e-5)
            {
                Assert.Equal(expected[i] > 0.5 ? "good" : "bad", predicted[i]);
            }
        }
    }
}
