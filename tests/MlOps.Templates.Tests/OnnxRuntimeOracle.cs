using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditRisk.Trainer;

namespace MlOps.Templates.Tests;

/// <summary>Scores the credit model with ONNX Runtime (tests/oracle/run.js): an implementation independent of ours.</summary>
internal static class OnnxRuntimeOracle
{
    /// <summary>The predicted label and P(good) of every row of a split file the trainer wrote.</summary>
    public static (string[] Labels, float[] Good) Score(string modelPath, string splitCsv, string workFolder)
    {
        var lines = File.ReadAllLines(splitCsv);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var inputs = new JsonObject();
        foreach (var name in GermanCreditSchema.NumericFeatures)
        {
            var column = Array.IndexOf(header, name);
            var values = rows.Select(r => float.Parse(r[column], CultureInfo.InvariantCulture)).ToArray();
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            inputs[name] = new JsonObject { ["type"] = "float32", ["dims"] = new JsonArray(rows.Length, 1), ["data"] = Convert.ToBase64String(bytes) };
        }
        foreach (var name in GermanCreditSchema.CategoricalFeatures)
        {
            var column = Array.IndexOf(header, name);
            inputs[name] = new JsonObject
            {
                ["type"] = "string",
                ["dims"] = new JsonArray(rows.Length, 1),
                ["data"] = new JsonArray(rows.Select(r => (JsonNode?)r[column]).ToArray()),
            };
        }
        var request = Path.Combine(workFolder, $"ort-request-{Guid.NewGuid():N}.json");
        var response = Path.ChangeExtension(request, ".response.json");
        File.WriteAllText(request, new JsonArray(new JsonObject { ["model"] = modelPath, ["inputs"] = inputs }).ToJsonString());
        var start = new ProcessStartInfo(OnnxRuntimeFactAttribute.Node ?? "node", [OnnxRuntimeFactAttribute.OracleScript, request, response])
        {
            WorkingDirectory = Path.GetDirectoryName(OnnxRuntimeFactAttribute.OracleScript)!,
            RedirectStandardError = true,
        };
        using (var node = Process.Start(start)!)
        {
            var stderr = node.StandardError.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0)
            {
                throw new InvalidOperationException($"node run.js failed: {stderr}");
            }
        }
        // The ML.NET export's outputs: PredictedLabel.output (bool [N,1], true = good) and Probability.output (P(good), [N,1]).
        var outputs = JsonDocument.Parse(File.ReadAllText(response)).RootElement[0].GetProperty("outputs");
        var probabilities = Convert.FromBase64String(outputs.GetProperty("Probability.output").GetProperty("data").GetString()!);
        var predicted = Convert.FromBase64String(outputs.GetProperty("PredictedLabel.output").GetProperty("data").GetString()!);
        var labels = predicted.Select(b => b != 0 ? GermanCreditSchema.PositiveLabel : GermanCreditSchema.NegativeLabel).ToArray();
        var good = Enumerable.Range(0, rows.Length).Select(i => BitConverter.ToSingle(probabilities, i * 4)).ToArray();
        return (labels, good);
    }
}
