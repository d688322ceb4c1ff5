using MlOps.Governance.Artefacts;
using MlOps.Governance.Evidence;
using MlOps.Governance.Lineage;
using MlOps.Governance.Models;

namespace MlOps.Governance.Cards;

/// <summary>
/// Everything a rendered card shows: the author's card plus the generated sections (identity and integrity,
/// inputs and outputs, lineage, risk cell, evidence index).
/// </summary>
/// <remarks>
/// The card inside the artefact is itself a pinned member, so it cannot show the artefact digest (the sha256 of
/// a manifest that pins the card). It lists the model and evidence digests instead; the copy written next to the
/// .mlpkg has <see cref="Packaging"/> set and adds the artefact digest and the card members' digests.
/// </remarks>
public sealed record CardDocument
{
    /// <summary>The author's card.</summary>
    public required CardSource Source { get; init; }

    /// <summary>The model name (override, card, or model file name).</summary>
    public required string Name { get; init; }

    /// <summary>The SemVer 2 version.</summary>
    public required string Version { get; init; }

    /// <summary>The packaged model's signature and identity.</summary>
    public required ModelDescription Model { get; init; }

    /// <summary>sha256 of the source model as trained.</summary>
    public required string SourceModelSha256 { get; init; }

    /// <summary>The members known before the card is rendered (model and evidence), sorted by path.</summary>
    public required IReadOnlyList<ManifestMember> Members { get; init; }

    /// <summary>The lineage recorded in the manifest (data sets, commit, tools).</summary>
    public required ArtefactManifestLineageView Lineage { get; init; }

    /// <summary>The evidence files, sorted by member path.</summary>
    public IReadOnlyList<EvidenceFile> Evidence { get; init; } = [];

    /// <summary>
    /// The digest of the policy the build applies (<see cref="GateFreshness.PolicyDigest"/>), or null when the build
    /// does not know it: a gate verdict judged under another policy is shown as stale.
    /// </summary>
    public string? PolicyDigest { get; init; }

    /// <summary>Set only for the copy next to the .mlpkg: the artefact's digest and the card members' digests.</summary>
    public CardPackaging? Packaging { get; init; }
}

/// <summary>Lineage as the card shows it.</summary>
/// <param name="Lineage">Commit, dirty flag, timestamp, tools.</param>
/// <param name="Data">The data sets.</param>
public sealed record ArtefactManifestLineageView(ManifestLineage Lineage, IReadOnlyList<DataSetDigest> Data);

/// <summary>Identity only the card beside the artefact can carry.</summary>
/// <param name="PackageFileName">The .mlpkg file name.</param>
/// <param name="Digest">The artefact digest (sha256 of manifest.json).</param>
/// <param name="PackageSha256">sha256 of the .mlpkg file (the sidecar's value).</param>
/// <param name="CardMembers">The card members as the manifest pins them.</param>
public sealed record CardPackaging(string PackageFileName, string Digest, string PackageSha256, IReadOnlyList<ManifestMember> CardMembers);
