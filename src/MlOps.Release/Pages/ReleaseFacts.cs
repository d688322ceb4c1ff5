using MlOps.Attestations.Keys;
using MlOps.Governance.Risk;
using MlOps.Release.Approvals;
using MlOps.Release.Releasing;
using MlOps.Serialization;

namespace MlOps.Release.Pages;

/// <summary>
/// What the three forms of the release page say, worked out once so that they cannot disagree. Nothing here comes
/// from the machine: no clock but the verdict's time, no path but file names.
/// </summary>
internal sealed class ReleaseFacts
{
    public ReleaseFacts(ReleaseVerdict verdict, string? releaseRecordSha256, SealedCard card)
    {
        if (releaseRecordSha256 is not null && !verdict.Released)
        {
            throw new ArgumentException("A blocked release has no release record.", nameof(releaseRecordSha256));
        }
        Verdict = verdict;
        ReleaseRecordSha256 = releaseRecordSha256;
        Card = card;
        Provenance = ProvenanceSummary.From(verdict.Attestations);
    }

    public ReleaseVerdict Verdict { get; }

    public string? ReleaseRecordSha256 { get; }

    public SealedCard Card { get; }

    public ProvenanceSummary? Provenance { get; }

    /// <summary>"released" or "blocked" (release.json).</summary>
    public string Decision => Verdict.Released ? "released" : "blocked";

    /// <summary>"RELEASED" or "BLOCKED" (the banner).</summary>
    public string DecisionWord => Decision.ToUpperInvariant();

    public string ModelName => Verdict.Evidence.Inputs.Name;

    public string ModelVersion => Verdict.Evidence.Inputs.Version;

    public string RiskLevel => RiskWords.Of(Verdict.Evidence.Inputs.Risk.Level);

    public string EuAiActCategory => RiskWords.Of(Verdict.Evidence.Inputs.Risk.EuAiActCategory);

    public string Time => UtcTime.Format(Verdict.Time);

    /// <summary>The artefact's file name (never its path: the page is the same wherever the artefact lies).</summary>
    public string ArtefactName => Verdict.Artefact.Name;

    /// <summary>"built-in", or the policy file's name.</summary>
    public string PolicyName => FileName(Verdict.Evidence.Policy.Source);

    /// <summary>The trust file's name.</summary>
    public string TrustFileName => FileName(Verdict.Trust.Path);

    /// <summary>"3 of 14 requirements are not met." or "All 14 requirements are met."</summary>
    public string RequirementsLine => Verdict.Released
        ? $"All {Verdict.Requirements.Count} requirements are met."
        : $"{Verdict.Unmet.Count} of {Verdict.Requirements.Count} requirements {(Verdict.Unmet.Count == 1 ? "is" : "are")} not met:";


    public static string ShortKey(string? keyId) => keyId is null ? "" : KeyId.Short(keyId);

    public static string DecisionOf(ApprovalDecision decision) => decision == ApprovalDecision.Approve ? "approve" : "reject";

    /// <summary>"expires 2027-01-01T00:00:00Z; scope: EU branches", or "" when the approval has no conditions.</summary>
    public static string Conditions(ApprovalStatement approval) => string.Join("; ", new[]
    {
        approval.Expires is { } e ? $"expires {UtcTime.Format(e)}" : null,
        approval.Scope is { } s ? $"scope: {s}" : null,
    }.Where(c => c is not null));

    // A source that is a path is named by its file name only; "built-in" has none and stays as it is.
    private static string FileName(string source) => Path.GetFileName(source) is { Length: > 0 } name ? name : source;
}
