using MlOps.Onnx;

namespace MlOps.Build.Tests.Infrastructure;

/// <summary>Real ONNX models for the tests, built with MlOps.Onnx's builder (no files checked in).</summary>
public static class TestModels
{
    /// <summary>The credit model's input: float [batch, 3].</summary>
    public const string InputName = "applicant_features";

    /// <summary>The credit model's output: float [batch, 1], the default probability.</summary>
    public const string OutputName = "default_probability";

    /// <summary>
    /// A logistic regression over three features: Sigmoid(MatMul(x, W) + b). Names and a symbolic
    /// batch dimension that a card can only show if it really read the graph.
    /// </summary>
    public static byte[] CreditRisk() =>
        new OnnxModelBuilder()
            .Producer("mlops-build-tests", "1")
            .GraphName("credit_risk")
            .Input(InputName, OnnxDataType.Float, "batch", 3)
            .Output(OutputName, OnnxDataType.Float, "batch", 1)
            .Initializer("weights", [0.8f, -1.25f, 0.5f], 3, 1)
            .Initializer("bias", [-0.1f], 1)
            .Node("MatMul", [InputName, "weights"], ["logit_raw"])
            .Node("Add", ["logit_raw", "bias"], ["logit"])
            .Node("Sigmoid", ["logit"], [OutputName])
            .ToBytes();
}
