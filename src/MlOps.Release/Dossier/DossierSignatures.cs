using MlOps.Attestations.Statements;
using MlOps.Attestations.Verification;
using MlOps.Serialization;

namespace MlOps.Release.Dossier;

/// <summary>The rows of the dossier's signature table, from an artefact's verified attestation bundle.</summary>
public static class DossierSignatures
{
    /// <summary>
    /// One row per bundle line that could be read. An approval counts as valid only when its signature is valid and the
    /// trust file gives its signer the role approved in (as the release gate judges it); without a trust file no row is
    /// valid, and the problem says the signatures were not checked.
    /// </summary>
    public static IReadOnlyList<DossierSignature> From(IReadOnlyList<VerifiedAttestation> attestations) =>
        attestations.Where(a => a.Statement is not null).Select(Row).ToList();

    private static DossierSignature Row(VerifiedAttestation a)
    {
        var statement = a.Statement!;
        var predicate = statement.Predicate;
        var kind = PredicateTypes.Word(statement.PredicateType);
        var role = statement.PredicateType switch
        {
            PredicateTypes.Approval => predicate["role"]?.ToString() ?? "?",
            PredicateTypes.Provenance => "builder",
            PredicateTypes.Release => "release",
            _ => "?",
        };
        var decision = statement.PredicateType == PredicateTypes.Approval ? predicate["decision"]?.ToString() : null;
        var valid = a.IsValid;
        var problem = a.Status == AttestationStatus.NotChecked ? "signature not checked: no trust file was given" : a.Problem;
        if (valid && statement.PredicateType == PredicateTypes.Approval && !a.Signer!.Roles.Contains(role, StringComparer.Ordinal))
        {
            valid = false;
            problem = $"the trust file does not give {a.Signer.Name} the role {role}";
        }
        return new DossierSignature(
            a.Signer?.Name ?? (a.KeyId is null ? "unsigned" : "unknown key"), a.Signer?.Email, role, kind, decision,
            a.Time is { } t ? UtcTime.Format(t) : "", a.KeyId ?? "", valid, valid ? null : problem);
    }
}
