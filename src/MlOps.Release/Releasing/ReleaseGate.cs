using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Governance.Evidence;
using MlOps.Governance.Policy;
using MlOps.Release.Approvals;
using MlOps.Serialization;

namespace MlOps.Release.Releasing;

/// <summary>
/// The gate with approvals (<c>mlops gate --trust</c>, <c>mlops release</c>): the evidence gate recomputed on the
/// artefact, the bundle's integrity, and the approvals the policy asks for at the model's risk level.
/// </summary>
public static class ReleaseGate
{
    /// <summary>Judges the verified artefact at <paramref name="artefactPath"/>.</summary>
    /// <param name="artefactPath">The .mlpkg (its bundle is beside it).</param>
    /// <param name="artefact">The artefact's file name and SHA-256, from a verification the caller has already done.</param>
    /// <param name="policy">The gate policy.</param>
    /// <param name="trust">The trust file.</param>
    /// <param name="now">The time of the decision.</param>
    /// <exception cref="MlOpsException">The artefact cannot be read as an artefact.</exception>
    public static ReleaseVerdict Evaluate(string artefactPath, Subject artefact, GatePolicy policy, TrustFile trust, DateTimeOffset now)
    {
        var inputs = GateInputs.FromArtefact(artefactPath);
        var evidence = PolicyGate.Evaluate(inputs, policy);
        var attestations = AttestationVerifier.Verify(AttestationBundle.PathFor(artefactPath), artefact, trust);
        var (cardSha256, gateSha256) = ApproverView.Of(artefactPath, evidence);
        var approvals = ApprovalCheck.Evaluate(policy.For(inputs.Risk.Level).Approvals, attestations, cardSha256, now);
        var tampered = attestations.Where(a => a.IsTampered).ToList();
        var integrity = new GateRequirement("attestations.intact", "The attestation bundle is intact", tampered.Count == 0,
            tampered.Count == 0 ? $"{attestations.Count} line(s), none changed or foreign" : string.Join(" ", tampered.Select(t => t.Problem)));
        return new ReleaseVerdict(artefactPath, artefact, evidence, integrity, approvals, attestations, trust, now, cardSha256, gateSha256);
    }

    /// <summary>
    /// The gate evidence document with approvals (<c>mlops gate --trust --out</c>): the evidence gate's document, its
    /// verdict and requirements extended by the bundle's integrity and the approval requirements, plus the approvals
    /// that count and the trust file's SHA-256.
    /// </summary>
    public static JsonObject ToJson(ReleaseVerdict verdict)
    {
        var doc = PolicyGate.ToJson(verdict.Evidence);
        doc["verdict"] = verdict.Released ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed;
        doc["requirements"] = new JsonArray(verdict.Requirements.Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Id,
            ["description"] = r.Description,
            ["met"] = r.Met,
            ["detail"] = r.Detail,
        }).ToArray());
        doc["unmet"] = new JsonArray(verdict.Unmet.Select(r => (JsonNode?)$"{r.Description}: {r.Detail}").ToArray());
        doc["approvals"] = new JsonArray(verdict.Approvals.Counted.Select(c => (JsonNode?)new JsonObject
        {
            ["role"] = c.Approval.Role,
            ["decision"] = c.Approval.Decision == ApprovalDecision.Approve ? "approve" : "reject",
            ["signer"] = c.Signer.Name,
            ["keyId"] = c.KeyId,
            ["time"] = UtcTime.Format(c.Approval.Time),
        }).ToArray());
        doc["ignoredApprovals"] = new JsonArray(verdict.Approvals.Ignored.Select(i => (JsonNode?)i).ToArray());
        doc["trust"] = new JsonObject { ["sha256"] = verdict.Trust.Sha256 };
        return doc;
    }
}
