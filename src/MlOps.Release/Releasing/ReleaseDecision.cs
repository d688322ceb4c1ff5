using MlOps.Attestations.Bundles;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;
using MlOps.Hashing;

namespace MlOps.Release.Releasing;

/// <summary>What <see cref="ReleaseDecision.Decide"/> decided and wrote.</summary>
/// <param name="Verdict">The decision and everything it rests on.</param>
/// <param name="RecordLine">The bundle line of the release record (released only).</param>
/// <param name="RecordSha256">SHA-256 of that line (released only).</param>
public sealed record ReleaseOutcome(ReleaseVerdict Verdict, int? RecordLine, string? RecordSha256);

/// <summary>
/// Releases an artefact (<c>mlops release</c>): the gate with approvals recomputed now; when it passes, a release
/// record signed by the releaser is appended to the bundle. A blocked release writes nothing to the bundle.
/// </summary>
public static class ReleaseDecision
{
    /// <summary>Decides the release of the verified artefact.</summary>
    /// <param name="artefactPath">The artefact.</param>
    /// <param name="artefact">Its file name and SHA-256, from the caller's verification.</param>
    /// <param name="policy">The gate policy.</param>
    /// <param name="trust">The trust file; the releaser's key must be in it.</param>
    /// <param name="releaser">The releaser's key.</param>
    /// <param name="now">The time of the decision.</param>
    /// <exception cref="MlOpsException">The releaser's key is not in the trust file (a record nobody trusts would not let the model run).</exception>
    public static ReleaseOutcome Decide(string artefactPath, Subject artefact, GatePolicy policy, TrustFile trust, SigningKey releaser, DateTimeOffset now)
    {
        RequireTrusted(trust, releaser);
        var verdict = ReleaseGate.Evaluate(artefactPath, artefact, policy, trust, now);
        if (!verdict.Released)
        {
            return new ReleaseOutcome(verdict, null, null);
        }
        var envelope = ReleaseRecord.Sign(verdict, releaser);
        var line = AttestationBundle.Append(AttestationBundle.PathFor(artefactPath), envelope);
        return new ReleaseOutcome(verdict, line, Sha256Hex.Of(envelope.ToJsonLine()));
    }

    /// <summary>Refuses a releaser whose key the trust file does not name.</summary>
    /// <exception cref="MlOpsException">The key is not in the trust file.</exception>
    public static void RequireTrusted(TrustFile trust, SigningKey releaser)
    {
        if (trust.Find(releaser.Id) is null)
        {
            throw new MlOpsException(
                $"The releasing key {KeyId.Short(releaser.Id)}… is not in the trust file {Path.GetFileName(trust.Path)}: a release record nobody trusts would not let the model run anywhere.",
                trust.Path, fix: "Release with a key the trust file names, or have the trust file's owner add your public key.", inputs: [UserInputs.SigningKey]);
        }
    }
}
