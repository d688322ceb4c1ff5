using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Runtime.Engines;

/// <summary>
/// The engines a model can be scored with, by the name <c>--engine</c> and <see cref="GovernedModelOptions.Engine"/>
/// use, and the default for a model when none is named. One list, so the CLI, the evidence stages and
/// <see cref="GovernedModel"/> choose the same engine for the same model.
/// </summary>
public static class ScoringEngines
{
    private static readonly IScoringEngine[] All = [ManagedEngine.Instance, MlOps.Engines.OnnxRuntime.OnnxRuntimeEngine.Instance, MlOps.Engines.MlNet.MlNetEngine.Instance];

    /// <summary>Every engine name, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>The engine called <paramref name="name"/> (one of <see cref="Names"/>, ordinal ignoring case).</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    public static IScoringEngine Named(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no scoring engine '{name}'; the engines are {string.Join(", ", Names)}.", nameof(name));

    /// <summary>
    /// The engine for <paramref name="model"/>: the named one, else the default for the model's format (the managed
    /// evaluator for ONNX, ML.NET for an ML.NET model). Only ML.NET runs an ML.NET model.
    /// </summary>
    /// <exception cref="MlOpsException">MLOPS149: an ONNX engine was named for an ML.NET model.</exception>
    public static IScoringEngine For(ModelFile model, string? name)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (name is null)
        {
            return model.IsMlNet ? MlOps.Engines.MlNet.MlNetEngine.Instance : ManagedEngine.Instance;
        }
        var engine = Named(name);
        return model.IsMlNet && engine != MlOps.Engines.MlNet.MlNetEngine.Instance ? throw model.EngineCannotRun(engine.Name) : engine;
    }

    /// <summary>
    /// An engine that decides per model as <see cref="For"/> does: the named one, or each model's default when
    /// <paramref name="name"/> is null. What the evidence stages take, so that they score an ML.NET model with ML.NET
    /// without being told.
    /// </summary>
    public static IScoringEngine Choosing(string? name) => name is null ? ByFormat : new PerModel(name);

    private static readonly IScoringEngine ByFormat = new PerModel(null);

    private sealed class PerModel(string? name) : IScoringEngine
    {
        public string Name => name ?? "default";

        public IModelSession Open(ModelFile model) => ScoringEngines.Open(model, name);
    }

    /// <summary>Opens <paramref name="model"/> with the engine <see cref="For"/> chooses.</summary>
    public static IModelSession Open(ModelFile model, string? name) => For(model, name).Open(model);
}
