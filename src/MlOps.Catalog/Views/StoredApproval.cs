using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Release.Approvals;

namespace MlOps.Catalog.Views;

/// <summary>
/// One approval among a version's stored attestations, as `catalog show` and the version page present it: the
/// decision as recorded and, when a trust file is given, who signed it and whether it counts (verified as `mlops
/// verify` verifies a bundle line). Without a trust file the signer is the key id and the status "not checked".
/// </summary>
/// <param name="Role">The role the approval was given in.</param>
/// <param name="Decision">"approve" or "reject".</param>
/// <param name="Comment">The approver's reasoning.</param>
/// <param name="Time">When it was signed (the signer's claim).</param>
/// <param name="Expires">When it stops counting, if it says.</param>
/// <param name="KeyId">The signature's key id, or null when unsigned.</param>
/// <param name="Signer">The trust file's name for the key, else "key &lt;short id&gt;", else "unsigned".</param>
/// <param name="Status">The verification status word (docs/attestations.md), "not checked" without a trust file.</param>
public sealed record StoredApproval(string Role, string Decision, string Comment, DateTimeOffset Time, DateTimeOffset? Expires, string? KeyId, string Signer, string Status)
{
    /// <summary>The approvals among <paramref name="stored"/>, in stored order; lines that are not readable approvals are skipped (the attestation list shows them).</summary>
    public static IReadOnlyList<StoredApproval> Read(VersionRecord version, IReadOnlyList<StoredAttestation> stored, TrustFile? trust)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(stored);
        var approvals = new List<StoredApproval>();
        for (var i = 0; i < stored.Count; i++)
        {
            var attestation = stored[i];
            if (attestation.PredicateType != PredicateTypes.Approval)
            {
                continue;
            }
            var line = StoredAttestations.ToBundleLine(attestation, i + 1);
            if (line.ReadStatement() is not { } statement)
            {
                continue;
            }
            ApprovalStatement approval;
            try
            {
                approval = ApprovalStatement.Parse(statement.Predicate);
            }
            catch (FormatException)
            {
                continue;
            }
            // A statement names the file as it was signed; the catalog knows the bytes (FileSha256).
            var subject = statement.Subjects.FirstOrDefault(s => s.Sha256 == version.FileSha256) ?? new Subject(statement.Subjects[0].Name, version.FileSha256);
            var verified = trust is null ? null : AttestationVerifier.Verify(line, subject, trust);
            var signer = verified?.Signer?.Display ?? (attestation.KeyId is { } id ? $"key {MlOps.Attestations.Keys.KeyId.Short(id)}" : "unsigned");
            approvals.Add(new StoredApproval(approval.Role, approval.Decision == ApprovalDecision.Approve ? "approve" : "reject", approval.Comment,
                approval.Time, approval.Expires, attestation.KeyId, signer,
                AttestationStatusWords.Of(verified?.Status ?? AttestationStatus.NotChecked)));
        }
        return approvals;
    }
}
