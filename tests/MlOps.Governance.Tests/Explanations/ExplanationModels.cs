using MlOps.Onnx;

namespace MlOps.Governance.Tests.Explanations;

/// <summary>Small real ONNX models for the explanation tests, and data to explain them on.</summary>
internal static class ExplanationModels
{
    private const string Ml = "ai.onnx.ml";

    /// <summary>Logistic regression on inputs a, b (one column each): margin 2a − b + 0.5, probabilities [1 − p, p].</summary>
    public static byte[] Logistic() => Margin(new OnnxModelBuilder())
        .Output("probabilities", OnnxDataType.Float, "N", 2)
        .Initializer("one", [1f], 1)
        .Node("Sigmoid", ["margin"], ["p1"])
        .Node("Sub", ["one", "p1"], ["p0"])
        .Node("Concat", ["p0", "p1"], ["probabilities"], [OnnxAttribute.Of("axis", 1L)])
        .ToBytes();

    /// <summary>The same model giving only the predicted label (1 when the margin is positive): no probability.</summary>
    public static byte[] LabelOnly() => Margin(new OnnxModelBuilder())
        .Output("label", OnnxDataType.Int64, "N", 1)
        .Initializer("zero", [0f], 1)
        .Node("Greater", ["margin", "zero"], ["positive"])
        .Node("Cast", ["positive"], ["label"], [OnnxAttribute.Of("to", (long)OnnxDataType.Int64)])
        .ToBytes();

    /// <summary>A regressor: prediction = 2a − b + 0.5.</summary>
    public static byte[] Linear() => Margin(new OnnxModelBuilder())
        .Output("prediction", OnnxDataType.Float, "N", 1)
        .Node("Identity", ["margin"], ["prediction"])
        .ToBytes();

    private static OnnxModelBuilder Margin(OnnxModelBuilder builder) => builder
        .Input("a", OnnxDataType.Float, "N", 1).Input("b", OnnxDataType.Float, "N", 1)
        .Node("Concat", ["a", "b"], ["ab"], [OnnxAttribute.Of("axis", 1L)])
        .Node("LinearRegressor", ["ab"], ["margin"], [OnnxAttribute.Of("coefficients", new[] { 2f, -1f }), OnnxAttribute.Of("intercepts", new[] { 0.5f })], domain: Ml);

    /// <summary>
    /// Rows with a, b, an ignored column noise, a group column g and labels: y (1 when the margin plus noise from a
    /// fixed generator is positive) and t (the regressor's exact prediction).
    /// </summary>
    public static string Data(string folder, int rows = 400, string? labels = null)
    {
        var random = new Random(7);
        var lines = new List<string> { "a,b,noise,g,y,t" };
        for (var i = 0; i < rows; i++)
        {
            var a = Math.Round((random.NextDouble() * 4) - 2, 3);
            var b = Math.Round((random.NextDouble() * 4) - 2, 3);
            var margin = (2 * a) - b + 0.5;
            var y = labels ?? (margin + (random.NextDouble() * 3) - 1.5 > 0 ? "good" : "bad");
            var g = i % 3 == 0 ? "young" : "old";
            lines.Add(FormattableString.Invariant($"{a},{b},{random.Next(100)},{g},{y},{(float)((2 * (float)a) - (float)b + 0.5f)}"));
        }
        var path = Path.Combine(folder, "eval.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
