using MlOps.Onnx;

namespace MlOps.Parquet.Tests.Support;

/// <summary>Small logistic scorers over numeric columns of the shared data sets, built with the project's ONNX builder.</summary>
internal static class Models
{
    /// <summary>German credit: duration, amount, instalment rate, age, existing credits (output "probability").</summary>
    public static string GermanCredit(string path) => Write(path, ["duration_months", "credit_amount", "installment_rate", "age", "existing_credits"],
        [-0.03f, -0.0001f, -0.2f, 0.02f, -0.1f], 2.0f);

    /// <summary>Adult: age, education years, capital gain, hours per week.</summary>
    public static string Adult(string path) => Write(path, ["age", "education_num", "capital_gain", "hours_per_week"],
        [0.04f, 0.3f, 0.0003f, 0.03f], -6.5f);

    private static string Write(string path, string[] features, float[] weights, float bias)
    {
        var bytes = new OnnxModelBuilder()
            .Producer("test", "1")
            .Opset("", 17)
            .Input("X", OnnxDataType.Float, "N", features.Length)
            .Output("probability", OnnxDataType.Float, "N", 1)
            .Initializer("W", weights, features.Length, 1)
            .Initializer("B", [bias], 1)
            .Node("MatMul", ["X", "W"], ["XW"])
            .Node("Add", ["XW", "B"], ["Z"])
            .Node("Sigmoid", ["Z"], ["probability"])
            .Metadata("mlops.features", string.Join(',', features))
            .ToBytes();
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
