using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;

namespace MlOps.Release.Signing;

/// <summary>What <see cref="ProvenanceSigning.Sign"/> did.</summary>
/// <param name="Line">The bundle line now holding the signed provenance.</param>
/// <param name="Appended">False when this key had already signed the same provenance (nothing was written).</param>
public sealed record SignedProvenance(int Line, bool Appended);

/// <summary>
/// Signs an artefact's provenance after the build (<c>mlops sign</c>): the build wrote it unsigned when no key was
/// configured; this appends the same statement signed with a key (the bundle is append-only, the unsigned line stays).
/// </summary>
public static class ProvenanceSigning
{
    /// <summary>Signs the latest provenance statement about the artefact.</summary>
    /// <param name="artefactPath">The verified artefact.</param>
    /// <param name="subject">Its file name and SHA-256.</param>
    /// <param name="key">The signing key.</param>
    /// <exception cref="MlOpsException">The bundle has no provenance about this artefact.</exception>
    public static SignedProvenance Sign(string artefactPath, Subject subject, SigningKey key)
    {
        var bundle = AttestationBundle.PathFor(artefactPath);
        var lines = AttestationBundle.Read(bundle);
        BundleLine? provenance = null;
        foreach (var line in lines)
        {
            if (line.Envelope is { } envelope && line.ReadStatement() is { PredicateType: PredicateTypes.Provenance } statement && statement.IsAbout(subject))
            {
                if (envelope.IsSignedBy(key.PublicKey))
                {
                    return new SignedProvenance(line.Number, false);
                }
                provenance = line;
            }
        }
        if (provenance?.Envelope is not { } unsigned)
        {
            throw new MlOpsException($"The attestation bundle {Path.GetFileName(bundle)} has no provenance about {subject.Name}, so there is nothing to sign.",
                artefactPath, fix: "Build the artefact with MlOps.Build, which records its provenance; or configure the signing key for the build so it signs as it builds.");
        }
        return new SignedProvenance(AttestationBundle.Append(bundle, DsseEnvelope.Create(unsigned.PayloadType, unsigned.Payload, key)), true);
    }
}
