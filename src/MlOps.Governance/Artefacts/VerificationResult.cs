namespace MlOps.Governance.Artefacts;

/// <summary>The outcome of <see cref="MlPackageVerifier.Verify"/>.</summary>
public sealed record VerificationResult
{
    /// <summary>The artefact verified.</summary>
    public required string Path { get; init; }

    /// <summary>Every difference found (empty when intact), in a stable order.</summary>
    public required IReadOnlyList<ArtefactDifference> Differences { get; init; }

    /// <summary>True when nothing differs.</summary>
    public bool Intact => Differences.Count == 0;

    /// <summary>sha256 of manifest.json as found, or null when it is absent.</summary>
    public string? Digest { get; init; }

    /// <summary>The digest recorded in the archive when it was built, or null.</summary>
    public string? RecordedDigest { get; init; }

    /// <summary>The sidecar checked, or null when there is none.</summary>
    public string? SidecarPath { get; init; }

    /// <summary>sha256 of the .mlpkg file, computed when a sidecar is present or the caller asked for it (else null).</summary>
    public string? FileSha256 { get; init; }

    /// <summary>The model name from the manifest, when readable.</summary>
    public string? Name { get; init; }

    /// <summary>The version from the manifest, when readable.</summary>
    public string? Version { get; init; }

    /// <summary>How many members were hashed.</summary>
    public int MembersChecked { get; init; }
}
