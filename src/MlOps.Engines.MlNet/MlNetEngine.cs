using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Engines.MlNet;

/// <summary>
/// Scores ML.NET models (.zip, bare or packaged as <c>model/model.zip</c>) with ML.NET itself: engine name
/// <c>mlnet</c>, the default for an ML.NET model (docs/mlnet-models.md).
/// </summary>
public sealed class MlNetEngine : IScoringEngine
{
    /// <summary>The engine's name as <c>--engine</c> spells it.</summary>
    public const string EngineName = "mlnet";

    /// <summary>The one instance (each session holds its own ML.NET context).</summary>
    public static MlNetEngine Instance { get; } = new();

    private MlNetEngine()
    {
    }

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    /// <exception cref="MlOpsException">MLOPS159 for an ONNX model; MLOPS147 when ML.NET cannot load the model; MLOPS148 for
    /// an input type a table cannot feed.</exception>
    public IModelSession Open(ModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.MlNet is not { } read)
        {
            throw new MlOpsException($"The scoring engine '{EngineName}' runs ML.NET models, and '{model.Source}' is an ONNX model.", model.Source,
                fix: "Score an ONNX model with the managed evaluator (its default) or ONNX Runtime.",
                diagnostic: DiagnosticCatalog.EngineNeedsMlNetModel, inputs: [UserInputs.Engine, UserInputs.Model]);
        }
        read.EnsureScorable(model.Source);
        return MlNetSession.Load(model, read);
    }
}
