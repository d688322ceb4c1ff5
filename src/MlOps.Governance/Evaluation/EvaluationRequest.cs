using MlOps.Governance.Scoring;

namespace MlOps.Governance.Evaluation;

/// <summary>The inputs of <see cref="EvaluationService.Evaluate"/>.</summary>
public sealed record EvaluationRequest
{
    /// <summary>The model and the evaluation data, or a predictions file.</summary>
    public required StageData Inputs { get; init; }

    /// <summary>Columns, task and the metric thresholds to check.</summary>
    public required EvaluationOptions Options { get; init; }

    /// <summary>A champion (.mlpkg or .onnx) scored on the same data, for the change rules; null for none.</summary>
    public string? ChampionPath { get; init; }

    /// <summary>The model output that holds the score; null: detected (the positive class's probability).</summary>
    public string? OutputColumn { get; init; }

    /// <summary>Where temporary joins of data and scores are written (the output's folder); they are deleted afterwards.</summary>
    public required string WorkFolder { get; init; }

    /// <summary>The engine that scores the data (null: the managed evaluator).</summary>
    public IScoringEngine? Engine { get; init; }
}
