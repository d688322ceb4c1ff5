using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Governance.Policy;
using MlOps.Release.Approvals;

namespace MlOps.Release.Releasing;

/// <summary>
/// Everything a release decision rests on: the gate on the evidence, the integrity of the attestation bundle, the
/// approvals, and the trust file they were judged under. The artefact is released only when every requirement is met.
/// </summary>
public sealed class ReleaseVerdict
{
    internal ReleaseVerdict(string artefactPath, Subject artefact, GateResult evidence, GateRequirement integrity,
        ApprovalFindings approvals, IReadOnlyList<VerifiedAttestation> attestations, TrustFile trust, DateTimeOffset time,
        string cardSha256, string gateEvidenceSha256)
    {
        ArtefactPath = artefactPath;
        Artefact = artefact;
        Evidence = evidence;
        Integrity = integrity;
        Approvals = approvals;
        Attestations = attestations;
        Trust = trust;
        Time = time;
        CardSha256 = cardSha256;
        GateEvidenceSha256 = gateEvidenceSha256;
    }

    /// <summary>The artefact file.</summary>
    public string ArtefactPath { get; }

    /// <summary>The artefact's file name and SHA-256 (the subject of every statement about it).</summary>
    public Subject Artefact { get; }

    /// <summary>The evidence gate (<see cref="PolicyGate"/>), recomputed now.</summary>
    public GateResult Evidence { get; }

    /// <summary>Whether the bundle is intact (no changed, malformed or foreign line).</summary>
    public GateRequirement Integrity { get; }

    /// <summary>The approvals, judged against the policy.</summary>
    public ApprovalFindings Approvals { get; }

    /// <summary>Every bundle line, verified.</summary>
    public IReadOnlyList<VerifiedAttestation> Attestations { get; }

    /// <summary>The trust file the signatures were judged under.</summary>
    public TrustFile Trust { get; }

    /// <summary>When the decision was made.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>SHA-256 of the card the artefact carries.</summary>
    public string CardSha256 { get; }

    /// <summary>SHA-256 of the gate evidence (the packaged gate.json, or this decision's recomputed one).</summary>
    public string GateEvidenceSha256 { get; }

    /// <summary>Every requirement: evidence, bundle integrity, approvals.</summary>
    public IReadOnlyList<GateRequirement> Requirements => [.. Evidence.Requirements, Integrity, .. Approvals.Requirements];

    /// <summary>The requirements not met.</summary>
    public IReadOnlyList<GateRequirement> Unmet => Requirements.Where(r => !r.Met).ToList();

    /// <summary>Whether the artefact may be released.</summary>
    public bool Released => Requirements.All(r => r.Met);
}
