using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Serialization;

namespace MlOps.Attestations.Verification;

/// <summary>
/// Verifies every line of an artefact's bundle: an in-toto statement in a DSSE envelope, about this artefact (file
/// name and SHA-256), signed by a key the trust file names, not revoked or expired at the time the statement claims.
/// </summary>
/// <remarks>
/// A statement's time is the signer's own claim. A revocation therefore takes effect from the time the trust file
/// gives: for a stolen key, give the earliest time it may have been exposed, and everything it signed from then on
/// stops counting, whatever time it claims to have been signed at (the X.509 "invalidity date" rule).
/// </remarks>
public static class AttestationVerifier
{
    /// <summary>Verifies the bundle at <paramref name="bundlePath"/> for <paramref name="artefact"/>.</summary>
    /// <param name="bundlePath">The bundle (missing means no attestations).</param>
    /// <param name="artefact">The artefact's file name and SHA-256.</param>
    /// <param name="trust">The trust file; without it signatures are not checked.</param>
    public static IReadOnlyList<VerifiedAttestation> Verify(string bundlePath, Subject artefact, TrustFile? trust) =>
        AttestationBundle.Read(bundlePath).Select(line => Verify(line, artefact, trust)).ToList();

    /// <summary>Verifies one line.</summary>
    public static VerifiedAttestation Verify(BundleLine line, Subject artefact, TrustFile? trust) =>
        VerifyEnvelope(line, artefact, trust) with { EnvelopeSha256 = line.Sha256 };

    private static VerifiedAttestation VerifyEnvelope(BundleLine line, Subject artefact, TrustFile? trust)
    {
        if (line.Envelope is not { } envelope)
        {
            return new(line.Number, AttestationStatus.Malformed, $"Line {line.Number} is {line.Problem}.", null, null, null, null);
        }
        if (envelope.PayloadType != InTotoStatement.PayloadType)
        {
            return new(line.Number, AttestationStatus.Malformed, $"Line {line.Number} has payload type '{envelope.PayloadType}', not {InTotoStatement.PayloadType}.", null, null, null, null);
        }
        InTotoStatement statement;
        try
        {
            statement = InTotoStatement.Parse(envelope.Payload);
        }
        catch (FormatException e)
        {
            return new(line.Number, AttestationStatus.Malformed, $"Line {line.Number} is not an in-toto statement: {e.Message}.", null, null, null, null);
        }
        var time = ClaimedTime(statement);
        VerifiedAttestation Result(AttestationStatus status, string? problem, Principal? signer = null, string? keyId = null) =>
            new(line.Number, status, problem, statement, signer, keyId, time);

        if (!statement.IsAbout(artefact))
        {
            var about = statement.Subjects[0];
            return Result(AttestationStatus.OtherArtefact,
                $"Line {line.Number} ({PredicateTypes.Word(statement.PredicateType)}) is about {about.Name} sha256:{Short(about.Sha256)}, not {artefact.Name} sha256:{Short(artefact.Sha256)}: it was made for another artefact and never counts for this one.");
        }
        if (envelope.Signatures.Count == 0)
        {
            return Result(AttestationStatus.Unsigned, $"Line {line.Number} ({PredicateTypes.Word(statement.PredicateType)}) is not signed.");
        }
        if (trust is null)
        {
            return Result(AttestationStatus.NotChecked, null, keyId: envelope.Signatures[0].KeyId);
        }
        VerifiedAttestation? fallback = null;
        foreach (var signature in envelope.Signatures)
        {
            if (trust.Find(signature.KeyId) is not { } trusted)
            {
                fallback ??= Result(AttestationStatus.UnknownKey,
                    $"Line {line.Number} ({PredicateTypes.Word(statement.PredicateType)}) is signed by key {KeyId.Short(signature.KeyId)}…, which the trust file does not name.", keyId: signature.KeyId);
                continue;
            }
            if (!envelope.IsSignedBy(trusted.Key))
            {
                return Result(AttestationStatus.BadSignature,
                    $"Line {line.Number} ({PredicateTypes.Word(statement.PredicateType)}): the signature of {trusted.Owner.Display} does not match its content; the line was changed after it was signed.",
                    trusted.Owner, signature.KeyId);
            }
            if (trust.RevocationOf(signature.KeyId) is { } revoked && (time is null || time >= revoked.At))
            {
                fallback = Result(AttestationStatus.RevokedKey,
                    $"Line {line.Number} ({PredicateTypes.Word(statement.PredicateType)}) is signed by {trusted.Owner.Display} with key {KeyId.Short(signature.KeyId)}…, revoked from {UtcTime.Format(revoked.At)}{(revoked.Reason is null ? "" : $" ({revoked.Reason})")}.",
                    trusted.Owner, signature.KeyId);
                continue;
            }
            if (trusted.Owner.Expires is { } expires && (time is null || time >= expires))
            {
                fallback = Result(AttestationStatus.ExpiredKey,
                    $"Line {line.Number} ({PredicateTypes.Word(statement.PredicateType)}) is signed by {trusted.Owner.Display}, whose trust expired on {UtcTime.Format(expires)}.",
                    trusted.Owner, signature.KeyId);
                continue;
            }
            return Result(AttestationStatus.Valid, null, trusted.Owner, signature.KeyId);
        }
        return fallback!;
    }

    /// <summary>The time a statement claims: an approval's or release's <c>time</c>, provenance's build finish.</summary>
    public static DateTimeOffset? ClaimedTime(InTotoStatement statement)
    {
        var node = statement.PredicateType == PredicateTypes.Provenance
            ? statement.Predicate["runDetails"]?["metadata"]?["finishedOn"]
            : statement.Predicate["time"];
        return node is JsonValue value && value.TryGetValue<string>(out var text) && UtcTime.TryParse(text, out var time) ? time : null;
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;
}
