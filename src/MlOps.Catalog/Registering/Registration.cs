using MlOps.Catalog.Store;

namespace MlOps.Catalog.Registering;

/// <summary>
/// Registers an artefact that verified intact: its version record and the bundle's attestations, in one store
/// transaction. Idempotent by digest: the same artefact again changes nothing but adds attestations the bundle has
/// gained since (approvals and release records given after the first registration).
/// </summary>
public static class Registration
{
    /// <summary>Registers the intact artefact at <paramref name="artefactPath"/>.</summary>
    /// <param name="store">The catalog.</param>
    /// <param name="artefactPath">The .mlpkg.</param>
    /// <param name="fileSha256">sha256 of the .mlpkg file, from the caller's verification.</param>
    /// <param name="registeredBy">Who registers it (a key's principal, or the operating-system user).</param>
    /// <param name="now">When.</param>
    /// <exception cref="MlOpsException">The artefact cannot be read, or the store refuses it (the same name and version with another digest).</exception>
    public static RegistrationOutcome Register(ICatalogStore store, string artefactPath, string fileSha256, string registeredBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var attestations = StoredAttestations.FromBundle(artefactPath);
        var version = VersionFacts.Read(artefactPath, fileSha256, attestations, registeredBy, now);
        var outcome = store.Register(version, attestations);
        if (!outcome.Created && attestations.Count > 0 && outcome.AttestationsAdded == 0)
        {
            // A store that registers idempotently by digest may leave new lines to AddAttestations: add them here, so
            // approvals given after the first registration are never lost. It is idempotent by each line's sha256.
            var known = store.Attestations(outcome.Version.Digest).Select(a => a.Sha256).ToHashSet(StringComparer.Ordinal);
            var added = attestations.Where(a => !known.Contains(a.Sha256)).ToList();
            if (added.Count > 0)
            {
                store.AddAttestations(outcome.Version.Digest, added);
                return outcome with { AttestationsAdded = added.Count };
            }
        }
        return outcome;
    }
}
