using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;

namespace MlOps.Attestations.Provenance;

/// <summary>What <see cref="ProvenanceRecorder.Record"/> did.</summary>
/// <param name="BundlePath">The artefact's bundle.</param>
/// <param name="Appended">False when the bundle already held the same statement by the same signer (a rebuild).</param>
/// <param name="KeyId">The signing key's id, or null when the statement was written unsigned.</param>
/// <param name="Superseded">Where the bundle of the artefact's previous bytes was moved, when this build replaced them.</param>
public sealed record ProvenanceOutcome(string BundlePath, bool Appended, string? KeyId, string? Superseded = null);

/// <summary>Appends a build's provenance to the artefact's bundle, once.</summary>
public static class ProvenanceRecorder
{
    /// <summary>
    /// Appends the provenance of <paramref name="facts"/> to the bundle beside <paramref name="artefactPath"/>, signed
    /// by <paramref name="key"/> when one is given, unless a line with the same payload and the same signer (or, for
    /// an unsigned statement, no signer) is already there: rebuilding the same artefact does not grow the bundle.
    /// </summary>
    /// <exception cref="MlOpsException">The bundle cannot be written.</exception>
    public static ProvenanceOutcome Record(string artefactPath, ProvenanceFacts facts, SigningKey? key)
    {
        var bundlePath = AttestationBundle.PathFor(artefactPath);
        var statement = SlsaProvenance.Statement(facts);
        var payload = statement.ToPayload();
        // A build that replaced the artefact's bytes starts a new bundle: the old one is about other bytes (its
        // approvals never count for these); when it holds approvals or releases it is kept beside, renamed, so
        // nothing anyone signed is lost.
        var superseded = AttestationBundle.SupersedeIfAboutOtherBytes(bundlePath, statement.Subjects[0]);
        if (AttestationBundle.Read(bundlePath).Any(line => IsSameStatement(line.Envelope, payload, key)))
        {
            return new ProvenanceOutcome(bundlePath, Appended: false, key?.Id, superseded);
        }
        AttestationBundle.Append(bundlePath, DsseEnvelope.Create(InTotoStatement.PayloadType, payload, key));
        return new ProvenanceOutcome(bundlePath, Appended: true, key?.Id, superseded);
    }

    // ECDSA signatures are randomised, so "the same line" means the same payload signed by the same key (whose
    // signature still verifies: a line whose signature was damaged does not stand in for a good one).
    private static bool IsSameStatement(DsseEnvelope? envelope, byte[] payload, SigningKey? key) =>
        envelope is not null
        && envelope.PayloadType == InTotoStatement.PayloadType
        && envelope.Payload.AsSpan().SequenceEqual(payload)
        && (key is null
            ? envelope.Signatures.Count == 0
            : envelope.Signatures.Count == 1 && envelope.Signatures[0].KeyId == key.Id && envelope.IsSignedBy(key.PublicKey));
}
