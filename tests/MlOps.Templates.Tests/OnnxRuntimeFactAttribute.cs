namespace MlOps.Templates.Tests;

/// <summary>
/// A fact checked against ONNX Runtime (<see cref="OnnxRuntimeOracle"/>). ONNX Runtime runs in process from the
/// Microsoft.ML.OnnxRuntime package, so nothing beyond the .NET SDK is needed and the test never skips; the attribute
/// only marks which facts compare against the independent runtime.
/// </summary>
public sealed class OnnxRuntimeFactAttribute : FactAttribute
{
}
