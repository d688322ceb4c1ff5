using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Scoring;

/// <summary>
/// Opens a model for scoring with one engine. The managed evaluator (<see cref="ManagedEngine"/>) lives here; ONNX
/// Runtime and ML.NET live in their own projects (MlOps.Engines.OnnxRuntime, MlOps.Engines.MlNet), so that neither
/// this project nor the MSBuild task ever loads a native runtime. Evidence stages take an engine and score through
/// <see cref="IModelSession"/>, so every stage works the same on each engine.
/// </summary>
public interface IScoringEngine
{
    /// <summary>The engine's name as <c>--engine</c> spells it (<see cref="IModelSession.Engine"/>).</summary>
    string Name { get; }

    /// <summary>Opens <paramref name="model"/> for scoring.</summary>
    /// <exception cref="MlOpsException">The engine cannot run this model; the message says why and what to do.</exception>
    IModelSession Open(ModelFile model);
}

/// <summary>The managed ONNX evaluator (MlOps.Onnx): no native code, the default wherever it can run the model.</summary>
public sealed class ManagedEngine : IScoringEngine
{
    /// <summary>The one instance (the engine holds no state).</summary>
    public static ManagedEngine Instance { get; } = new();

    private ManagedEngine()
    {
    }

    /// <inheritdoc />
    public string Name => InferenceSession.EngineName;

    /// <inheritdoc />
    public IModelSession Open(ModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.CreateSession();
    }
}
