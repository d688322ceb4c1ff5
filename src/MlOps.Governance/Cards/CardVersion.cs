using MlOps.Diagnostics;
using MlOps.Governance.Versioning;

namespace MlOps.Governance.Cards;

/// <summary>
/// The model's version, decided the same way by the build and by the gate before packaging: the version given
/// (a project's Version, a command's option) when there is one, else the card's <c>version:</c>.
/// </summary>
public static class CardVersion
{
    /// <summary>
    /// Resolves the version. A card's <c>version:</c> is checked even when the given one wins, so a wrong one is
    /// MLOPS108 at its line rather than silently ignored.
    /// </summary>
    /// <param name="given">The version given with the model, or null/empty for none.</param>
    /// <param name="card">The card source.</param>
    /// <exception cref="MlOpsException">MLOPS108: a version is not SemVer 2, or there is none.</exception>
    public static string Resolve(string? given, CardSource card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var cardVersion = card.Version is { } v ? SemanticVersion.Parse(v.Text, card.FilePath, v.Line, v.Column).Text : null;
        if (!string.IsNullOrWhiteSpace(given))
        {
            return SemanticVersion.Parse(given.Trim(), "the given version", input: UserInputs.Version).Text;
        }
        if (cardVersion is not null)
        {
            return cardVersion;
        }
        throw new MlOpsException("The model has no version: the card has no 'version:' and none was given.", file: card.FilePath,
            fix: "Give the model a version such as 1.0.0, or add 'version: 1.0.0' to the card's front matter.",
            diagnostic: DiagnosticCatalog.InvalidVersion, inputs: [UserInputs.Version.Example("1.0.0")]);
    }

    /// <summary>
    /// The card's <c>version:</c> when a given version won over a different one (the build warns: MLOPS187), else null.
    /// Call after <see cref="Resolve"/>, which has checked both are SemVer 2.
    /// </summary>
    /// <param name="resolved">The version <see cref="Resolve"/> returned.</param>
    /// <param name="card">The card source.</param>
    public static IgnoredCardVersion? Ignored(string resolved, CardSource card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Version is not { } v)
        {
            return null;
        }
        var cardVersion = SemanticVersion.Parse(v.Text, card.FilePath, v.Line, v.Column).Text;
        return string.Equals(cardVersion, resolved, StringComparison.Ordinal)
            ? null
            : new IgnoredCardVersion(cardVersion, resolved, card.FilePath, v.Line, v.Column);
    }
}

/// <summary>A card's <c>version:</c> that lost to the version given with the model (the project's Version).</summary>
/// <param name="CardVersion">The card's version.</param>
/// <param name="Version">The version the artefact got.</param>
/// <param name="File">The card file.</param>
/// <param name="Line">The line of <c>version:</c>'s value.</param>
/// <param name="Column">Its column.</param>
public sealed record IgnoredCardVersion(string CardVersion, string Version, string? File, long? Line, long? Column);
