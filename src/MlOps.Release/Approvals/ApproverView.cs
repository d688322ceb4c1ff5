using MlOps.Governance.Artefacts;
using MlOps.Governance.Evidence;
using MlOps.Governance.Policy;
using MlOps.Hashing;

namespace MlOps.Release.Approvals;

/// <summary>What an approval records that its approver saw, and what the release checks it against.</summary>
public static class ApproverView
{
    /// <summary>
    /// What an approver sees, by digest: the card the artefact carries, and the gate evidence (the packaged gate.json
    /// when the build judged the model, else the gate recomputed now).
    /// </summary>
    public static (string CardSha256, string GateEvidenceSha256) Of(string artefactPath, GateResult gate)
    {
        using var package = MlPackageReader.Open(artefactPath);
        var card = package.Manifest.Member(ArtefactPaths.CardJson)?.Sha256
            ?? throw new MlOpsException("The artefact has no structured card (card/model-card.json).", artefactPath,
                fix: "Rebuild the artefact with MlOps.Build, which renders the card.");
        var packagedGate = package.Manifest.Evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.Gate)?.Sha256;
        return (card, packagedGate ?? Sha256Hex.Of(EvidenceDocument.ToBytes(PolicyGate.ToJson(gate))));
    }
}
