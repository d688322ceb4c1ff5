using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Policy;

namespace MlOps.Release.Dossier;

/// <summary>What the dossier is written from: an artefact's identity, manifest, card source and every evidence file.</summary>
public sealed record DossierSource
{
    /// <summary>The .mlpkg file name.</summary>
    public required string PackageFileName { get; init; }

    /// <summary>The artefact digest (sha256 of manifest.json).</summary>
    public required string Digest { get; init; }

    /// <summary>The manifest: model, lineage, data sets, risk.</summary>
    public required ArtefactManifest Manifest { get; init; }

    /// <summary>The author's card as the model carries it.</summary>
    public required CardSource Card { get; init; }

    /// <summary>Every evidence member, the gate's included, sorted by member path.</summary>
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }

    /// <summary>
    /// Reads an artefact. It does not verify it: the caller verifies first (MlPackageVerifier), so that a
    /// tampered artefact is reported as tampered, not documented.
    /// </summary>
    /// <exception cref="MlOpsException">Not an artefact, damaged members, a card or evidence that does not parse.</exception>
    public static DossierSource FromArtefact(string path)
    {
        // The gate's reading of an artefact parses the card exactly as the gate judged it.
        var inputs = GateInputs.FromArtefact(path);
        using var package = MlPackageReader.Open(path);
        return new DossierSource
        {
            PackageFileName = Path.GetFileName(path),
            Digest = package.Digest,
            Manifest = package.Manifest,
            Card = inputs.Card,
            Evidence = package.ReadEvidence().OrderBy(e => e.MemberPath, StringComparer.Ordinal).ToList(),
        };
    }
}
