using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;

namespace MlOps.Attestations.Verification;

/// <summary>One bundle line as verified.</summary>
/// <param name="Line">The 1-based line in the bundle.</param>
/// <param name="Status">The verdict on the line.</param>
/// <param name="Problem">Why it does not count, in a sentence (null when valid or not checked).</param>
/// <param name="Statement">The statement, when the line could be read.</param>
/// <param name="Signer">The trusted principal who signed it, when known.</param>
/// <param name="KeyId">The key id of the signature that decided the status, when there is one.</param>
/// <param name="Time">The time the statement claims (approval time, build finish, release time), when it has one.</param>
public sealed record VerifiedAttestation(int Line, AttestationStatus Status, string? Problem, InTotoStatement? Statement, Principal? Signer, string? KeyId, DateTimeOffset? Time)
{
    /// <summary>SHA-256 of the bundle line's bytes: how a release record or an audit record names this statement.</summary>
    public string EnvelopeSha256 { get; init; } = "";

    /// <summary>Whether the line counts (signed by a trusted, current key, about this artefact).</summary>
    public bool IsValid => Status == AttestationStatus.Valid;

    /// <summary>"approval", "provenance", "release", or the predicate type; "?" when unreadable.</summary>
    public string Kind => Statement is null ? "?" : PredicateTypes.Word(Statement.PredicateType);

    /// <summary>Whether the line breaks the bundle's integrity (changed, malformed or about another artefact), as opposed
    /// to merely not counting (unsigned, unknown, revoked or expired key).</summary>
    public bool IsTampered => Status is AttestationStatus.BadSignature or AttestationStatus.Malformed or AttestationStatus.OtherArtefact;
}
