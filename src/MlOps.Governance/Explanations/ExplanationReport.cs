namespace MlOps.Governance.Explanations;

/// <summary>What <c>mlops explain</c> found: global permutation importance and the local-contribution summaries.</summary>
public sealed record ExplanationReport
{
    /// <summary>The sha256 of the model the explanation is about.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The data file's bare name.</summary>
    public required string DataFile { get; init; }

    /// <summary>The data file's sha256.</summary>
    public required string? DataSha256 { get; init; }

    /// <summary>The settings used.</summary>
    public required PermutationImportanceOptions Options { get; init; }

    /// <summary>The sensitive columns whose groups the local contributions are summarised for.</summary>
    public required IReadOnlyList<string> Sensitive { get; init; }

    /// <summary>The permutation importance.</summary>
    public required PermutationImportanceResult Importance { get; init; }

    /// <summary>The local-contribution summaries, or null when the model allows no exact local explainer.</summary>
    public LocalContributionSummary? Local { get; init; }

    /// <summary>Why there are no local contributions (when <see cref="Local"/> is null).</summary>
    public string? LocalNotSupported { get; init; }
}
