using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;
using MlOps.Release.Releasing;

namespace MlOps.Catalog.Promotion;

/// <summary>A promotion: the version, where it goes, who moves it under which trust file, and why.</summary>
/// <param name="Version">The version, as the catalog has it.</param>
/// <param name="To">The stage it moves to.</param>
/// <param name="Key">The promoter's key; the trust file must name it.</param>
/// <param name="Trust">The trust file.</param>
/// <param name="Reason">Why, in the promoter's words.</param>
/// <param name="Now">When.</param>
public sealed record PromotionRequest(VersionRecord Version, Stage To, SigningKey Key, TrustFile Trust, string? Reason, DateTimeOffset Now);

/// <summary>The artefact a move into production is judged on: its path and its subject, from the caller's verification.</summary>
/// <param name="Path">The .mlpkg, verified intact.</param>
/// <param name="Subject">Its file name and sha256.</param>
/// <param name="Policy">The gate policy.</param>
public sealed record GatedArtefact(string Path, Subject Subject, GatePolicy Policy);

/// <summary>What a promotion did: the stage change, or why it was refused (the rule, or the gate's verdict).</summary>
/// <param name="Change">The stage change stored (null when refused).</param>
/// <param name="Refusal">Why a stage rule refused it (null when allowed).</param>
/// <param name="Verdict">The gate with approvals, for a move into production (null otherwise).</param>
public sealed record PromotionOutcome(StageChange? Change, string? Refusal, ReleaseVerdict? Verdict)
{
    /// <summary>Whether the version moved.</summary>
    public bool Promoted => Change is not null;
}

/// <summary>
/// Moves a version between stages (<c>mlops catalog promote</c>): a trusted key always; into production, the gate
/// with approvals on the artefact itself (refused, listing every unmet requirement, when it does not pass); a signed
/// promotion record stored with the stage change in one transaction.
/// </summary>
public static class CatalogPromotion
{
    /// <summary>Promotes; <paramref name="gated"/> is required for a move into production.</summary>
    /// <exception cref="MlOpsException">The key is not trusted (MLOPS169); a move into production without its artefact (MLOPS168).</exception>
    public static PromotionOutcome Promote(ICatalogStore store, PromotionRequest request, GatedArtefact? gated)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var promoter = RequireTrusted(request.Trust, request.Key);
        var version = request.Version;
        if (PromotionRules.Refusal(version.Stage, request.To) is { } refusal)
        {
            return new PromotionOutcome(null, refusal, null);
        }
        ReleaseVerdict? verdict = null;
        var subject = new Subject(SubjectName(version), version.FileSha256);
        if (PromotionRules.RunsGate(request.To))
        {
            if (gated is null)
            {
                throw new MlOpsException($"A move into production judges the artefact itself, and none was given for {version.Model} {version.Version}.",
                    fix: "Name the registered artefact's path.", diagnostic: DiagnosticCatalog.PromotionArtefactUnavailable, inputs: [UserInputs.Model]);
            }
            RequireRegistered(version, gated);
            verdict = ReleaseGate.Evaluate(gated.Path, gated.Subject, gated.Policy, request.Trust, request.Now);
            if (!verdict.Released)
            {
                return new PromotionOutcome(null, null, verdict);
            }
            subject = gated.Subject;
        }
        var facts = new PromotionFacts(version, version.Stage, request.To, request.Reason, request.Now, verdict?.GateEvidenceSha256, request.Trust.Sha256);
        var record = StoredAttestations.FromEnvelope(PromotionRecord.Sign(facts, subject, request.Key));
        var change = store.ChangeStage(new StageChangeRequest(version.Digest, request.To, promoter.Display, request.Now, request.Reason, record) { From = version.Stage });
        return new PromotionOutcome(change, null, verdict);
    }

    /// <summary>The trust file's principal for the promoter's key.</summary>
    /// <exception cref="MlOpsException">The trust file does not name the key (MLOPS169).</exception>
    public static Principal RequireTrusted(TrustFile trust, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(key);
        return trust.Find(key.Id)?.Owner ?? throw new MlOpsException(
            $"The promoting key {KeyId.Short(key.Id)}… is not in the trust file {Path.GetFileName(trust.Path)}: the catalog moves a version only for someone the trust file names.",
            trust.Path, fix: "Promote with a key the trust file names, or have the trust file's owner add your public key.",
            diagnostic: DiagnosticCatalog.PromoterNotTrusted, inputs: [UserInputs.SigningKey]);
    }

    // The artefact judged must be the registered one, byte for byte: the gate's verdict and the approvals are about
    // that file, and the promotion record names it.
    private static void RequireRegistered(VersionRecord version, GatedArtefact gated)
    {
        if (gated.Subject.Sha256 != version.FileSha256)
        {
            throw new MlOpsException(
                $"'{gated.Path}' is not the registered artefact of {version.Model} {version.Version}: its sha256 is {gated.Subject.Sha256}, the catalog's is {version.FileSha256}.",
                gated.Path, fix: "Name the artefact that was registered (pull it by its digest), or register this one as its own version.",
                diagnostic: DiagnosticCatalog.PromotionArtefactUnavailable, inputs: [UserInputs.Model]);
        }
    }

    // Statements name the file as it was when signed; registered from a path, that is its file name.
    private static string SubjectName(VersionRecord version) =>
        version.Location is { } location && location.EndsWith(".mlpkg", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileName(location)
            : $"{version.Model}-{version.Version}.mlpkg";
}
