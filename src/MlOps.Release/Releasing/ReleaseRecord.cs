using System.Text.Json.Nodes;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Governance.Risk;
using MlOps.Release.Approvals;
using MlOps.Serialization;

namespace MlOps.Release.Releasing;

/// <summary>
/// The release record (<c>https://mlopsbuild.dev/release/v1</c>, docs/attestations.md): the gate verdict recomputed at
/// release time, the approvals that satisfied the policy (each named by its bundle line's SHA-256), and the trust
/// file's SHA-256. Appended to the bundle only when the artefact is released; a trusted release record is what
/// <c>GovernedModel</c> and <c>mlops score --trust</c> require before a model runs.
/// </summary>
public static class ReleaseRecord
{
    /// <summary>The predicate of a release decided by <paramref name="verdict"/>.</summary>
    public static JsonObject Predicate(ReleaseVerdict verdict)
    {
        var inputs = verdict.Evidence.Inputs;
        var lines = verdict.Attestations.ToDictionary(a => a.Line);
        return new JsonObject
        {
            ["decision"] = verdict.Released ? "released" : "blocked",
            ["time"] = UtcTime.Format(verdict.Time),
            ["model"] = new JsonObject { ["name"] = inputs.Name, ["version"] = inputs.Version },
            ["gate"] = new JsonObject
            {
                ["verdict"] = verdict.Released ? "passed" : "failed",
                ["policy"] = verdict.Evidence.Policy.Source,
                ["riskLevel"] = RiskWords.Of(inputs.Risk.Level),
                ["euAiActCategory"] = RiskWords.Of(inputs.Risk.EuAiActCategory),
                ["evidence"] = new JsonObject { ["sha256"] = verdict.GateEvidenceSha256 },
                ["requirements"] = new JsonArray(verdict.Requirements.Select(r => (JsonNode?)new JsonObject
                {
                    ["id"] = r.Id,
                    ["met"] = r.Met,
                    ["detail"] = r.Detail,
                }).ToArray()),
            },
            ["card"] = new JsonObject { ["sha256"] = verdict.CardSha256 },
            ["approvals"] = new JsonArray(verdict.Approvals.Counted.Select(c => (JsonNode?)new JsonObject
            {
                ["role"] = c.Approval.Role,
                ["decision"] = c.Approval.Decision == ApprovalDecision.Approve ? "approve" : "reject",
                ["signer"] = c.Signer.Name,
                ["keyId"] = c.KeyId,
                ["time"] = UtcTime.Format(c.Approval.Time),
                ["envelope"] = new JsonObject { ["sha256"] = lines[c.Line].EnvelopeSha256 },
            }).ToArray()),
            ["trust"] = new JsonObject { ["sha256"] = verdict.Trust.Sha256 },
        };
    }

    /// <summary>The signed envelope of the release record.</summary>
    public static DsseEnvelope Sign(ReleaseVerdict verdict, SigningKey key) =>
        DsseEnvelope.Create(InTotoStatement.PayloadType,
            InTotoStatement.About(verdict.Artefact, PredicateTypes.Release, Predicate(verdict)).ToPayload(), key);
}
