using MlOps.Governance.Scoring;

namespace MlOps.Governance.Fairness;

/// <summary>The inputs of <see cref="FairnessService.Measure"/>.</summary>
public sealed record FairnessRequest
{
    /// <summary>The model and the data to score, or a predictions file (with the model that made them, optionally).</summary>
    public required StageData Inputs { get; init; }

    /// <summary>Columns, groups, threshold and bootstrap.</summary>
    public required FairnessOptions Options { get; init; }

    /// <summary>The model output that holds the positive class's probability; null: detected.</summary>
    public string? OutputColumn { get; init; }

    /// <summary>Where temporary joins of data and scores are written (the output's folder); they are deleted afterwards.</summary>
    public required string WorkFolder { get; init; }

    /// <summary>The engine that scores the data (null: the managed evaluator).</summary>
    public IScoringEngine? Engine { get; init; }
}
