using System.Text.Json.Nodes;
using MlOps.Serialization;
using MlOps.Attestations.Verification;

namespace MlOps.Release.Pages;

/// <summary>release.json: the decision and what it rests on, for scripts (docs/attestations.md, "Release page").</summary>
internal static class ReleasePageJson
{
    /// <summary>The schema id written as the first field.</summary>
    public const string Schema = "mlops.release-page/v1";

    public static JsonObject Build(ReleaseFacts f)
    {
        var v = f.Verdict;
        return new JsonObject
        {
            ["schema"] = Schema,
            ["decision"] = f.Decision,
            ["time"] = f.Time,
            ["model"] = new JsonObject { ["name"] = f.ModelName, ["version"] = f.ModelVersion },
            ["artefact"] = new JsonObject { ["name"] = f.ArtefactName, ["sha256"] = v.Artefact.Sha256 },
            ["risk"] = new JsonObject { ["level"] = f.RiskLevel, ["euAiActCategory"] = f.EuAiActCategory },
            ["policy"] = f.PolicyName,
            ["requirements"] = Array(v.Requirements.Select(r => new JsonObject
            {
                ["id"] = r.Id,
                ["description"] = r.Description,
                ["met"] = r.Met,
                ["detail"] = r.Detail,
            })),
            ["attestations"] = Array(v.Attestations.Select(a => new JsonObject
            {
                ["line"] = a.Line,
                ["kind"] = a.Kind,
                ["predicateType"] = a.Statement?.PredicateType,
                ["status"] = AttestationStatusWords.Id(a.Status),
                ["signer"] = a.Signer is { } s ? new JsonObject { ["name"] = s.Name, ["email"] = s.Email } : null,
                ["keyId"] = a.KeyId,
                ["time"] = a.Time is { } t ? UtcTime.Format(t) : null,
                ["problem"] = a.Problem,
                ["envelopeSha256"] = a.EnvelopeSha256,
            })),
            ["approvals"] = new JsonObject
            {
                ["counted"] = Array(v.Approvals.Counted.Select(c => new JsonObject
                {
                    ["line"] = c.Line,
                    ["role"] = c.Approval.Role,
                    ["decision"] = ReleaseFacts.DecisionOf(c.Approval.Decision),
                    ["signer"] = new JsonObject { ["name"] = c.Signer.Name, ["email"] = c.Signer.Email },
                    ["keyId"] = c.KeyId,
                    ["time"] = UtcTime.Format(c.Approval.Time),
                    ["comment"] = c.Approval.Comment,
                    ["conditions"] = new JsonObject
                    {
                        ["expires"] = c.Approval.Expires is { } e ? UtcTime.Format(e) : null,
                        ["scope"] = c.Approval.Scope,
                    },
                })),
                ["ignored"] = new JsonArray(v.Approvals.Ignored.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            },
            ["provenance"] = f.Provenance is { } p ? new JsonObject
            {
                ["line"] = p.Line,
                ["status"] = AttestationStatusWords.Id(p.Status),
                ["signer"] = p.Signer,
                ["builderId"] = p.BuilderId,
                ["buildType"] = p.BuildType,
                ["finishedOn"] = p.FinishedOn,
                ["resolvedDependencies"] = Array(p.Dependencies.Select(d => new JsonObject
                {
                    ["name"] = d.Name,
                    ["uri"] = d.Uri,
                    ["digest"] = new JsonObject(d.Digest.Select(x => new KeyValuePair<string, JsonNode?>(x.Key, x.Value))),
                })),
            } : null,
            ["trust"] = new JsonObject
            {
                ["file"] = f.TrustFileName,
                ["sha256"] = v.Trust.Sha256,
                ["principals"] = Array(v.Trust.Principals.Select(p => new JsonObject
                {
                    ["name"] = p.Name,
                    ["email"] = p.Email,
                    ["roles"] = new JsonArray(p.Roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                    ["keyIds"] = new JsonArray(p.Keys.Select(k => (JsonNode?)JsonValue.Create(k.Id)).ToArray()),
                    ["expires"] = p.Expires is { } e ? UtcTime.Format(e) : null,
                })),
                ["revoked"] = Array(v.Trust.Revocations.Select(r => new JsonObject
                {
                    ["keyId"] = r.KeyId,
                    ["at"] = UtcTime.Format(r.At),
                    ["reason"] = r.Reason,
                })),
            },
            ["card"] = new JsonObject { ["sha256"] = v.CardSha256 },
            ["gateEvidence"] = new JsonObject { ["sha256"] = v.GateEvidenceSha256 },
            ["releaseRecord"] = f.ReleaseRecordSha256 is { } record ? new JsonObject { ["sha256"] = record } : null,
        };
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode?)i).ToArray());
}
