using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;
using MlOps.Governance.Risk;
using MlOps.Serialization;

namespace MlOps.Release.Approvals;

/// <summary>What an approver asks for: the decision, the reasoning and the conditions.</summary>
/// <param name="Role">The role approved in.</param>
/// <param name="Decision">Approve or reject.</param>
/// <param name="Comment">The reasoning (required: a decision without a reason cannot be reviewed).</param>
/// <param name="Expires">The approval stops counting from this date on, if given.</param>
/// <param name="Scope">Where the approval allows deployment, if given.</param>
public sealed record ApprovalRequest(string Role, ApprovalDecision Decision, string Comment, DateTimeOffset? Expires, string? Scope);

/// <summary>What <see cref="Approving.Record"/> wrote.</summary>
/// <param name="Line">The new bundle line.</param>
/// <param name="Statement">The approval as signed.</param>
/// <param name="Signer">The signer, when a trust file was given.</param>
public sealed record RecordedApproval(int Line, ApprovalStatement Statement, Principal? Signer);

/// <summary>
/// Records an approval or rejection (<c>mlops approve</c>): what the approver saw (the card and the gate evidence by
/// SHA-256, the risk level and EU AI Act category), signed and appended to the artefact's bundle.
/// </summary>
public static class Approving
{
    /// <summary>Signs and appends <paramref name="request"/> for the verified artefact.</summary>
    /// <param name="artefactPath">The artefact.</param>
    /// <param name="artefact">Its file name and SHA-256, from the caller's verification.</param>
    /// <param name="request">The decision.</param>
    /// <param name="key">The approver's key.</param>
    /// <param name="policy">The policy the gate evidence is judged under.</param>
    /// <param name="trust">When given, the key must belong to a principal who holds the role.</param>
    /// <param name="now">The time of the decision.</param>
    /// <exception cref="MlOpsException">No comment; an expiry in the past; the key or role not in the trust file.</exception>
    public static RecordedApproval Record(string artefactPath, Subject artefact, ApprovalRequest request, SigningKey key, GatePolicy policy, TrustFile? trust, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.Comment))
        {
            throw new MlOpsException("An approval needs a comment: the reasoning a reviewer or an auditor will read.", artefactPath,
                fix: "Say why you approve or reject, and any condition you accepted.", inputs: [UserInputs.ApprovalComment]);
        }
        if (request.Expires is { } expires && expires <= now)
        {
            throw new MlOpsException($"The approval's expiry {UtcTime.Format(expires)} is not in the future, so it would never count.", artefactPath,
                fix: "Give an expiry date after today, or none.", inputs: [UserInputs.ApprovalExpiry]);
        }
        Principal? signer = null;
        if (trust is not null)
        {
            signer = trust.Find(key.Id)?.Owner ?? throw new MlOpsException(
                $"The key {KeyId.Short(key.Id)}… is not in the trust file {Path.GetFileName(trust.Path)}, so this approval would never count.", trust.Path,
                fix: "Sign with your own key, or have the trust file's owner add your public key under your name.", inputs: [UserInputs.SigningKey]);
            if (!signer.Roles.Contains(request.Role, StringComparer.Ordinal))
            {
                throw new MlOpsException($"{signer.Name} does not hold the role '{request.Role}' in the trust file (roles: {string.Join(", ", signer.Roles)}), so this approval would never count.",
                    trust.Path, fix: "Approve in a role you hold, or have the trust file's owner give you the role.", inputs: [UserInputs.ApprovalRole]);
            }
        }
        var inputs = GateInputs.FromArtefact(artefactPath);
        var gate = PolicyGate.Evaluate(inputs, policy);
        var (card, gateEvidence) = ApproverView.Of(artefactPath, gate);
        var statement = new ApprovalStatement(request.Role, request.Decision, request.Comment.Trim(), now, card, gateEvidence,
            RiskWords.Of(inputs.Risk.Level), RiskWords.Of(inputs.Risk.EuAiActCategory), request.Expires, request.Scope);
        var line = AttestationBundle.Append(AttestationBundle.PathFor(artefactPath),
            DsseEnvelope.Create(InTotoStatement.PayloadType, statement.ToStatement(artefact).ToPayload(), key));
        return new RecordedApproval(line, statement, signer);
    }
}
