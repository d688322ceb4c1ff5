using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards;
namespace MlOps.Governance.Packaging;

/// <summary>What <see cref="MlPackageBuilder.Build"/> wrote.</summary>
public sealed record PackageResult
{
    /// <summary>The artefact, &lt;output&gt;/&lt;name&gt;-&lt;version&gt;.mlpkg.</summary>
    public required string PackagePath { get; init; }

    /// <summary>The sidecar &lt;package&gt;.sha256 in sha256sum format.</summary>
    public required string Sha256Path { get; init; }

    /// <summary>The rendered card next to the artefact (Markdown), with the artefact digest.</summary>
    public required string CardMarkdownPath { get; init; }

    /// <summary>The rendered card next to the artefact (HTML).</summary>
    public required string CardHtmlPath { get; init; }

    /// <summary>The structured card next to the artefact (JSON).</summary>
    public required string CardJsonPath { get; init; }

    /// <summary>The artefact digest: sha256 of manifest.json.</summary>
    public required string Digest { get; init; }

    /// <summary>sha256 of the .mlpkg file (the sidecar's value).</summary>
    public required string PackageSha256 { get; init; }

    /// <summary>The manifest written.</summary>
    public required ArtefactManifest Manifest { get; init; }

    /// <summary>The card's <c>version:</c> when the given version (the project's Version) won over a different one.</summary>
    public IgnoredCardVersion? IgnoredCardVersion { get; init; }

    /// <summary>The artefact of the same name and version this build replaced although its content differed, or null.</summary>
    public ReplacedArtefact? Replaced { get; init; }

    /// <summary>
    /// Why the packed gate evidence is stale (judged for another risk level, EU AI Act category or policy than the
    /// card's: "computed for risk level high (the card says medium)"), or null when it is fresh or absent.
    /// </summary>
    public string? StaleGate { get; init; }

    /// <summary>Every file written, for MSBuild's FileWrites.</summary>
    public IReadOnlyList<string> Files => [PackagePath, Sha256Path, CardMarkdownPath, CardHtmlPath, CardJsonPath];
}
