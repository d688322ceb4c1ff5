namespace MlOps.Governance.Cards;

/// <summary>How the model's score (the positive class's probability) must move as a feature rises.</summary>
public enum MonotonicDirection
{
    /// <summary>The score must not fall as the feature rises (it rises or stays).</summary>
    Increasing,

    /// <summary>The score must not rise as the feature rises (it falls or stays): "score must not rise as debt rises".</summary>
    Decreasing,
}

/// <summary>
/// A monotonic constraint the card declares (<c>monotonic: { duration: decreasing }</c>), with the card line that
/// declares it so that a constraint the model cannot honour is reported where it was written.
/// </summary>
/// <param name="Feature">The feature (data column) the constraint is about.</param>
/// <param name="Direction">How the score must move as the feature rises.</param>
/// <param name="Line">1-based line of the card file.</param>
/// <param name="Column">1-based column.</param>
public sealed record MonotonicConstraint(string Feature, MonotonicDirection Direction, long Line, long Column)
{
    /// <summary>The card's word for <paramref name="direction"/>.</summary>
    public static string Word(MonotonicDirection direction) => direction == MonotonicDirection.Increasing ? "increasing" : "decreasing";

    /// <summary>The direction a card word names (case-insensitive), or null.</summary>
    public static MonotonicDirection? TryDirection(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "increasing" => MonotonicDirection.Increasing,
        "decreasing" => MonotonicDirection.Decreasing,
        _ => null,
    };
}
