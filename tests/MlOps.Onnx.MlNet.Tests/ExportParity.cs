using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Onnx.Evaluation;

namespace MlOps.Onnx.MlNet.Tests;

/// <summary>
/// Exports a fitted ML.NET model with Microsoft.ML.OnnxConverter, scores rows with the managed evaluator, and
/// compares with ML.NET's own <see cref="PredictionEngine{TSrc,TDst}"/> on the same rows.
/// </summary>
internal static class ExportParity
{
    /// <summary>Agreement required between ML.NET and the evaluator on every number.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>The ONNX bytes of <paramref name="model"/>, its graph inputs being the columns of <paramref name="input"/>.</summary>
    public static byte[] Export(MLContext ml, ITransformer model, IDataView input, params string[] outputColumns)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, input, stream, outputColumns);
        return stream.ToArray();
    }

    /// <summary>Scores the rows of <paramref name="rows"/> with the managed evaluator: one [N,1] tensor per graph input.</summary>
    public static IReadOnlyDictionary<string, OnnxValue> Score(byte[] onnx, IDataView rows)
    {
        var session = InferenceSession.Load(onnx, "ml.net export");
        return session.Run(Inputs(session.Inputs, rows));
    }

    /// <summary>The rows of <paramref name="rows"/> as the model inputs <paramref name="modelInputs"/>: one [N,1] tensor per input.</summary>
    public static Dictionary<string, OnnxValue> Inputs(IReadOnlyList<OnnxValueInfo> modelInputs, IDataView rows)
    {
        var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var input in modelInputs)
        {
            var type = rows.Schema[input.Name].Type;
            inputs[input.Name] = type switch
            {
                NumberDataViewType when type.RawType == typeof(float) => Column(rows.GetColumn<float>(input.Name).ToArray()),
                TextDataViewType => Column(rows.GetColumn<ReadOnlyMemory<char>>(input.Name).Select(t => t.ToString()).ToArray()),
                BooleanDataViewType => Column(rows.GetColumn<bool>(input.Name).ToArray()),
                _ => throw new NotSupportedException($"Input '{input.Name}' of type {type}."),
            };
        }
        return inputs;
    }

    private static Tensor<T> Column<T>(T[] values) => new(values, [values.Length, 1]);

    /// <summary>The evaluator's output for ML.NET column <paramref name="column"/> (exported as "&lt;column&gt;.output").</summary>
    public static T[] Output<T>(IReadOnlyDictionary<string, OnnxValue> outputs, string column) =>
        ((Tensor<T>)outputs[column + ".output"]).Data;

    /// <summary>ML.NET's predictions for <paramref name="rows"/>, one by one, through a prediction engine.</summary>
    public static List<TOut> Predict<TIn, TOut>(MLContext ml, ITransformer model, IEnumerable<TIn> rows)
        where TIn : class where TOut : class, new()
    {
        using var engine = ml.Model.CreatePredictionEngine<TIn, TOut>(model);
        return rows.Select(r => engine.Predict(r)).ToList();
    }

    public static void Close(double expected, double actual, string what, int row) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what} of row {row}: ML.NET {expected:R}, evaluator {actual:R}.");
}
