namespace MlOps.Release.Dossier;

/// <summary>
/// The EU AI Act technical documentation (Annex IV) of one artefact: the nine sections, each filled from the card,
/// the evidence and the signatures, each naming what is missing. Render it with <see cref="DossierHtmlRenderer"/> or
/// <see cref="DossierMarkdownRenderer"/>.
/// </summary>
public sealed record TechnicalDossier
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The version.</summary>
    public required string Version { get; init; }

    /// <summary>The .mlpkg file name.</summary>
    public required string PackageFileName { get; init; }

    /// <summary>The artefact digest (sha256 of manifest.json).</summary>
    public required string Digest { get; init; }

    /// <summary>The artefact's build time (its reproducible clock), UTC, ISO 8601: the date of the documentation.</summary>
    public required string Date { get; init; }

    /// <summary>The risk line ("high (probability likely × severity major; EU AI Act: high-risk)").</summary>
    public required string Risk { get; init; }

    /// <summary>The nine sections in Annex IV order.</summary>
    public required IReadOnlyList<DossierSection> Sections { get; init; }

    /// <summary>Every gap, in section order.</summary>
    public IReadOnlyList<DossierGap> Gaps => Sections.SelectMany(s => s.Gaps).ToList();

    /// <summary>The document's title.</summary>
    public string Title => $"Technical documentation (EU AI Act Annex IV): {Name} {Version}";
}

/// <summary>One Annex IV section as rendered, with its gaps.</summary>
/// <param name="Point">The Annex IV point it answers.</param>
/// <param name="Markdown">The body as Markdown (without heading, citation and gaps).</param>
/// <param name="Html">The body as an HTML fragment (without heading, citation and gaps).</param>
/// <param name="Gaps">What the point asks for that the artefact does not hold.</param>
public sealed record DossierSection(AnnexIvPoint Point, string Markdown, string Html, IReadOnlyList<DossierGap> Gaps);
