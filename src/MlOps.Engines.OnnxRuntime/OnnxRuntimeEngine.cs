using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Engines.OnnxRuntime;

/// <summary>
/// Scores ONNX models with Microsoft.ML.OnnxRuntime in process (engine name <c>onnxruntime</c>): for models whose
/// operators the managed evaluator does not have (image and text models). Never the default for an ONNX model: the
/// managed evaluator is as fast on the tabular models this toolkit governs and needs no native code (docs/engines.md).
/// </summary>
public sealed class OnnxRuntimeEngine : IScoringEngine
{
    /// <summary>The engine name, as <c>--engine</c> and audit records spell it.</summary>
    public const string EngineName = "onnxruntime";

    /// <summary>The one instance (the engine holds no state).</summary>
    public static OnnxRuntimeEngine Instance { get; } = new();

    private OnnxRuntimeEngine()
    {
    }

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    /// <exception cref="MlOpsException">ONNX Runtime cannot load the model (MLOPS145), naming the file.</exception>
    public IModelSession Open(ModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxRuntimeSession.Create(model.OnnxBytes, model.Model, model.Source);
    }
}
