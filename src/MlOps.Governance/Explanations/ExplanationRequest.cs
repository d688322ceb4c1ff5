using MlOps.Governance.Scoring;

namespace MlOps.Governance.Explanations;

/// <summary>The inputs of <see cref="ExplanationService.Explain"/>.</summary>
public sealed record ExplanationRequest
{
    /// <summary>The model (.onnx, ML.NET .zip or .mlpkg).</summary>
    public required string? ModelPath { get; init; }

    /// <summary>The evaluation data (CSV or Parquet) with the model's inputs, the label and the sensitive columns.</summary>
    public required string? DataPath { get; init; }

    /// <summary>Metric, label, repeats, seed, score column.</summary>
    public required PermutationImportanceOptions Options { get; init; }

    /// <summary>The sensitive columns whose groups the local contributions are summarised for (may be empty).</summary>
    public IReadOnlyList<string> Sensitive { get; init; } = [];

    /// <summary>
    /// The most rows whose local contributions are computed for the summaries: larger data is summarised on a seeded
    /// uniform sample of this many rows (the importance seed). Default 1,000.
    /// </summary>
    public int MaxLocalRows { get; init; } = DefaultMaxLocalRows;

    /// <summary>The default of <see cref="MaxLocalRows"/>.</summary>
    public const int DefaultMaxLocalRows = 1000;

    /// <summary>The engine that scores the data (null: the managed evaluator).</summary>
    public IScoringEngine? Engine { get; init; }
}
