using MlOps.Governance.Risk;

namespace MlOps.Governance.Cards;

/// <summary>
/// A model card as its author wrote it: the front-matter fields (docs/model-card.md) and the Markdown prose.
/// Text fields are null when absent or empty.
/// </summary>
public sealed class CardSource
{
    /// <summary>The card file.</summary>
    public required string FilePath { get; init; }

    /// <summary>The whole file as written (embedded in the packaged ONNX as <c>mlops.card</c>).</summary>
    public required string Text { get; init; }

    /// <summary>The Markdown after the front matter.</summary>
    public required string Body { get; init; }

    /// <summary>The line of <see cref="FilePath"/> where <see cref="Body"/> starts.</summary>
    public int BodyLine { get; init; } = 1;

    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>version</c> (validated later, so a project Version can override a bad one).</summary>
    public CardValue? Version { get; init; }

    /// <summary><c>owners</c>.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary><c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary><c>intendedUse</c>.</summary>
    public string? IntendedUse { get; init; }

    /// <summary><c>outOfScopeUse</c>.</summary>
    public string? OutOfScopeUse { get; init; }

    /// <summary><c>limitations</c>.</summary>
    public string? Limitations { get; init; }

    /// <summary><c>ethicalConsiderations</c>.</summary>
    public string? EthicalConsiderations { get; init; }

    /// <summary><c>humanOversight</c>.</summary>
    public string? HumanOversight { get; init; }

    /// <summary><c>risk</c>, null when the block or any of its three words is absent.</summary>
    public RiskAssessment? Risk { get; init; }

    /// <summary>The risk words that were absent (for MLOPS106), for example "risk.severity".</summary>
    public IReadOnlyList<string> MissingRiskFields { get; init; } = [];

    /// <summary><c>sensitiveFeatures</c>.</summary>
    public IReadOnlyList<string> SensitiveFeatures { get; init; } = [];

    /// <summary><c>label</c>.</summary>
    public string? Label { get; init; }

    /// <summary><c>licence</c> (or <c>license</c>).</summary>
    public string? Licence { get; init; }

    // The technical-documentation fields (EU AI Act Annex IV): optional, read by `mlops dossier`; the rendered card
    // leaves them out so that a card's pages stay the one-page summary they are.

    /// <summary><c>metricsRationale</c>.</summary>
    public string? MetricsRationale { get; init; }

    /// <summary><c>riskManagement</c>.</summary>
    public string? RiskManagement { get; init; }

    /// <summary><c>lifecycleChanges</c>.</summary>
    public string? LifecycleChanges { get; init; }

    /// <summary><c>standardsApplied</c>.</summary>
    public IReadOnlyList<string> StandardsApplied { get; init; } = [];

    /// <summary><c>declarationOfConformity</c>.</summary>
    public string? DeclarationOfConformity { get; init; }

    /// <summary><c>postMarketMonitoring</c>.</summary>
    public string? PostMarketMonitoring { get; init; }

    /// <summary><c>monotonic</c>: how the score must move as each named feature rises, in card order.</summary>
    public IReadOnlyList<MonotonicConstraint> Monotonic { get; init; } = [];
}

/// <summary>A scalar from the front matter with where it was written, for error messages.</summary>
/// <param name="Text">The value.</param>
/// <param name="Line">1-based line in the card file.</param>
/// <param name="Column">1-based column.</param>
public sealed record CardValue(string Text, long Line, long Column);
