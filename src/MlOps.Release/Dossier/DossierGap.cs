namespace MlOps.Release.Dossier;

/// <summary>
/// Something Annex IV asks for that the artefact does not hold, and how to add it:
/// "missing: post-market monitoring plan — add `postMarketMonitoring:` to the card".
/// </summary>
/// <param name="Point">The Annex IV point it belongs to ("9").</param>
/// <param name="What">What is missing, in the regulation's terms ("post-market monitoring plan").</param>
/// <param name="Fix">How to add it; backticks mark card keys and commands ("add `postMarketMonitoring:` to the card").</param>
public sealed record DossierGap(string Point, string What, string Fix)
{
    /// <summary>The line the dossier and the CLI print.</summary>
    public string Message => $"missing: {What} — {Fix}";

    /// <summary>The gap for a card field the author did not write.</summary>
    public static DossierGap CardField(string point, string what, string field) => new(point, what, $"add `{field}:` to the card");
}
