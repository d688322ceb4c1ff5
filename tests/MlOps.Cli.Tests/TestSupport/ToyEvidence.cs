using System.Text.Json;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.TestSupport;

/// <summary>The toy scorer and the JSON reading the evidence command tests share.</summary>
internal static class ToyEvidence
{
    /// <summary>A three-feature logistic scorer (features a, b, c; output "probability"); <paramref name="w0"/> is the weight of a.</summary>
    public static byte[] Model(float w0 = 0.5f) => new OnnxModelBuilder()
        .Producer("test", "1")
        .Opset("", 17)
        .Input("X", OnnxDataType.Float, "N", 3)
        .Output("probability", OnnxDataType.Float, "N", 1)
        .Initializer("W", [w0, -0.25f, 1f], 3, 1)
        .Initializer("B", [0.1f], 1)
        .Node("MatMul", ["X", "W"], ["XW"])
        .Node("Add", ["XW", "B"], ["Z"])
        .Node("Sigmoid", ["Z"], ["probability"])
        .Metadata("mlops.features", "a,b,c")
        .ToBytes();

    /// <summary>The toy scorer's card (LF line ends), with <paramref name="version"/> or, when null, without a version.</summary>
    public static string Card(string? version = "1.0.0")
    {
        var card = CardWithoutVersion.Replace("\r\n", "\n");
        return version is null ? card : card.Replace("name: toy\n", $"name: toy\nversion: {version}\n");
    }

    private const string CardWithoutVersion = """
        ---
        name: toy
        owners: [Team <team@example.org>]
        description: A toy scorer.
        intendedUse: Tests.
        outOfScopeUse: Anything real.
        limitations: Toy data.
        risk:
          probability: possible
          severity: moderate
          euAiActCategory: limited
        licence: MIT
        ---
        # Toy
        """;

    /// <summary>The root element of a JSON file (detached from its document).</summary>
    public static JsonElement Json(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    }
}
