using System.Globalization;
using MlOps.Engines.OnnxRuntime;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Templates.Tests;

/// <summary>
/// Scores the credit model with ONNX Runtime 1.32 in process (Microsoft.ML.OnnxRuntime, one thread): an
/// implementation independent of the managed evaluator.
/// </summary>
internal static class OnnxRuntimeOracle
{
    /// <summary>
    /// The predicted label and P(good) of every row of a split file the trainer wrote. Each model input is fed from
    /// the CSV column of the same name as an [N,1] tensor of its declared type. The label is read from a <c>label</c>
    /// output (strings) or a <c>PredictedLabel</c> one (bool: true is good, as ML.NET exports it); P(good) from the
    /// second column of <c>probabilities</c> or from a <c>Probability</c> output.
    /// </summary>
    /// <param name="modelPath">The ONNX model.</param>
    /// <param name="splitCsv">A split file with a header naming the model's inputs.</param>
    /// <param name="workFolder">Unused since the oracle runs in process; kept so callers need not change.</param>
    public static (string[] Labels, float[] Good) Score(string modelPath, string splitCsv, string workFolder)
    {
        _ = workFolder;
        var lines = File.ReadAllLines(splitCsv);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        using var session = OnnxRuntimeSession.Load(File.ReadAllBytes(modelPath), modelPath);
        var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var input in session.Inputs)
        {
            var column = Array.IndexOf(header, input.Name);
            Assert.True(column >= 0, $"The split file has no column for model input '{input.Name}'.");
            var text = rows.Select(r => r[column]).ToArray();
            inputs[input.Name] = input.Type?.ElementType switch
            {
                OnnxDataType.String => Tensor.Create(text, rows.Length, 1),
                OnnxDataType.Double => Tensor.Create(text.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray(), rows.Length, 1),
                OnnxDataType.Int64 => Tensor.Create(text.Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray(), rows.Length, 1),
                OnnxDataType.Int32 => Tensor.Create(text.Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray(), rows.Length, 1),
                OnnxDataType.Bool => Tensor.Create(text.Select(t => bool.Parse(t)).ToArray(), rows.Length, 1),
                _ => Tensor.Create(text.Select(t => float.Parse(t, CultureInfo.InvariantCulture)).ToArray(), rows.Length, 1),
            };
        }
        var outputs = session.Run(inputs);
        return (Labels(outputs), Good(outputs, rows.Length));
    }

    private static string[] Labels(IReadOnlyDictionary<string, OnnxValue> outputs)
    {
        if (outputs.TryGetValue("label", out var label))
        {
            return ((Tensor<string>)label).Data;
        }
        var predicted = outputs.First(o => o.Key.StartsWith("PredictedLabel", StringComparison.Ordinal)).Value;
        return ((Tensor<bool>)predicted).Data.Select(good => good ? "good" : "bad").ToArray();
    }

    private static float[] Good(IReadOnlyDictionary<string, OnnxValue> outputs, int rows)
    {
        if (outputs.TryGetValue("probabilities", out var probabilities))
        {
            var data = ((Tensor<float>)probabilities).Data;
            return Enumerable.Range(0, rows).Select(i => data[(2 * i) + 1]).ToArray();
        }
        return ((Tensor<float>)outputs.First(o => o.Key.StartsWith("Probability", StringComparison.Ordinal)).Value).Data;
    }
}
