using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;

namespace MlOps.Release.Bom;

/// <summary>What a BOM is made from: one verified artefact's file digest, manifest, card and evidence.</summary>
internal sealed record BomSource
{
    /// <summary>The .mlpkg file name.</summary>
    public required string FileName { get; init; }

    /// <summary>sha256 of the .mlpkg file.</summary>
    public required string FileSha256 { get; init; }

    /// <summary>The artefact digest (sha256 of manifest.json).</summary>
    public required string Digest { get; init; }

    /// <summary>The manifest.</summary>
    public required ArtefactManifest Manifest { get; init; }

    /// <summary>The author's card, as embedded in the packaged model.</summary>
    public required CardSource Card { get; init; }

    /// <summary>The evidence members (the gate's own verdict excluded, as the gate reads them).</summary>
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }
}
