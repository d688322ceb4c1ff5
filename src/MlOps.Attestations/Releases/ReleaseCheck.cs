using MlOps.Attestations.Trust;

namespace MlOps.Attestations.Releases;

/// <summary>The release record that lets an artefact run.</summary>
/// <param name="Line">The 1-based line of the record in the bundle.</param>
/// <param name="Sha256">SHA-256 of the line's bytes as stored (the DSSE envelope, without the line break): what an
/// audit record names, and what anyone can recompute from the bundle.</param>
/// <param name="Signer">The trusted principal who signed it.</param>
/// <param name="KeyId">The key that signed it.</param>
/// <param name="Time">The release time the record claims, when it has one.</param>
public sealed record ReleaseRecord(int Line, string Sha256, Principal Signer, string KeyId, DateTimeOffset? Time);

/// <summary>Whether an artefact is released, and if not, every reason why.</summary>
/// <param name="ArtefactSha256">SHA-256 of the artefact file the check was made for.</param>
/// <param name="Record">The deciding release record, when the artefact is released.</param>
/// <param name="Reasons">Why it is not released (empty when it is).</param>
public sealed record ReleaseCheck(string ArtefactSha256, ReleaseRecord? Record, IReadOnlyList<string> Reasons)
{
    /// <summary>Whether the artefact may run.</summary>
    public bool IsReleased => Record is not null;
}
