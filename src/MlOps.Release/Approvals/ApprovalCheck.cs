using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Governance.Policy;
using MlOps.Serialization;

namespace MlOps.Release.Approvals;

/// <summary>An approval or rejection that counts: valid signature, role held, not expired, not the author's.</summary>
/// <param name="Line">The bundle line.</param>
/// <param name="Signer">Who signed it (from the trust file).</param>
/// <param name="KeyId">The signing key.</param>
/// <param name="Approval">What the statement says.</param>
public sealed record CountedApproval(int Line, Principal Signer, string KeyId, ApprovalStatement Approval);

/// <summary>The approval part of a release decision.</summary>
/// <param name="Requirements">One requirement per required role, distinct people and standing rejections.</param>
/// <param name="Counted">The decisions that count: the latest of each person in each role.</param>
/// <param name="Ignored">Approval lines that do not count, each with the reason.</param>
public sealed record ApprovalFindings(IReadOnlyList<GateRequirement> Requirements, IReadOnlyList<CountedApproval> Counted, IReadOnlyList<string> Ignored);

/// <summary>
/// Judges the approvals in an artefact's bundle against the policy's <see cref="ApprovalRule"/> (docs/policy.md,
/// "Approvals"). An approval counts when its line is valid (a trusted, current key; this artefact), its signer holds
/// the role in the trust file, it approved the card this artefact carries, its conditions have not expired, and its
/// signer is not the model's author (unless the policy allows it). Of each person's decisions in one role the latest
/// counts, so a rejection can be withdrawn by a later approval from the same person; any standing rejection vetoes.
/// </summary>
public static class ApprovalCheck
{
    /// <summary>Judges <paramref name="attestations"/> (verified with a trust file).</summary>
    /// <param name="rule">The policy's approval rule for the model's risk level.</param>
    /// <param name="attestations">Every line of the bundle, verified.</param>
    /// <param name="cardSha256">SHA-256 of the card the artefact carries.</param>
    /// <param name="now">The time of the decision (expiry conditions are judged against it).</param>
    public static ApprovalFindings Evaluate(ApprovalRule rule, IReadOnlyList<VerifiedAttestation> attestations, string cardSha256, DateTimeOffset now)
    {
        var authors = attestations.Where(a => a.IsValid && a.Statement!.PredicateType == PredicateTypes.Provenance && a.Signer is not null)
            .Select(a => a.Signer!).ToHashSet();
        var ignored = new List<string>();
        var candidates = new List<CountedApproval>();
        foreach (var line in attestations.Where(a => a.Statement?.PredicateType == PredicateTypes.Approval))
        {
            if (!line.IsValid)
            {
                ignored.Add(line.Problem ?? $"Line {line.Line} (approval) was not checked against a trust file.");
                continue;
            }
            ApprovalStatement approval;
            try
            {
                approval = ApprovalStatement.Parse(line.Statement!.Predicate);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                ignored.Add($"Line {line.Line} (approval) is not a valid approval: {e.Message}.");
                continue;
            }
            var signer = line.Signer!;
            var who = $"Line {line.Line}: {signer.Display}'s {Word(approval.Decision)} as {approval.Role}";
            if (!signer.Roles.Contains(approval.Role, StringComparer.Ordinal))
            {
                ignored.Add($"{who} does not count: the trust file gives {signer.Name} the role(s) {Listed(signer.Roles)}, not {approval.Role}.");
            }
            else if (approval.CardSha256 != cardSha256)
            {
                ignored.Add($"{who} does not count: it was given for another card (sha256 {approval.CardSha256[..Math.Min(12, approval.CardSha256.Length)]}…).");
            }
            else if (approval.Expires is { } expires && expires <= now)
            {
                ignored.Add($"{who} does not count: it expired on {UtcTime.Format(expires)}.");
            }
            else if (approval.Decision == ApprovalDecision.Approve && !rule.AuthorMayApprove && authors.Contains(signer))
            {
                ignored.Add($"{who} does not count: {signer.Name} signed the model's provenance (built it), and the author may not approve their own model.");
            }
            else
            {
                candidates.Add(new CountedApproval(line.Line, signer, line.KeyId!, approval));
            }
        }
        // The latest decision of each person in each role (ties: the later line).
        var counted = candidates
            .GroupBy(c => (c.Signer, c.Approval.Role))
            .Select(g => g.OrderBy(c => c.Approval.Time).ThenBy(c => c.Line).Last())
            .OrderBy(c => c.Line)
            .ToList();
        var approvals = counted.Where(c => c.Approval.Decision == ApprovalDecision.Approve).ToList();
        var requirements = new List<GateRequirement>();
        foreach (var role in rule.Roles)
        {
            var inRole = approvals.Where(c => c.Approval.Role == role).ToList();
            requirements.Add(new GateRequirement($"approval.{role}", $"Approved by a {role}", inRole.Count > 0,
                inRole.Count > 0 ? string.Join("; ", inRole.Select(c => $"{c.Signer.Display}, {UtcTime.Format(c.Approval.Time)}"))
                    : $"missing: a valid approval signed by a {role} named in the trust file"));
        }
        if (rule.DistinctPeople > 0)
        {
            var people = approvals.Where(c => rule.Roles.Count == 0 || rule.Roles.Contains(c.Approval.Role, StringComparer.Ordinal))
                .Select(c => c.Signer).Distinct().ToList();
            requirements.Add(new GateRequirement("approval.distinctPeople",
                $"Approved by at least {rule.DistinctPeople} different {(rule.DistinctPeople == 1 ? "person" : "people")}{(rule.DistinctPeople == 2 ? " (four eyes)" : "")}",
                people.Count >= rule.DistinctPeople,
                people.Count == 0 ? "missing: no valid approval" : $"{people.Count} of {rule.DistinctPeople}: {string.Join(", ", people.Select(p => p.Name))}"));
        }
        var rejections = counted.Where(c => c.Approval.Decision == ApprovalDecision.Reject).ToList();
        if (rule.RequiresAny || rejections.Count > 0)
        {
            requirements.Add(new GateRequirement("approval.noRejection", "No standing rejection", rejections.Count == 0,
                rejections.Count == 0 ? "none" : string.Join("; ", rejections.Select(r => $"rejected by {r.Signer.Display} as {r.Approval.Role}: {r.Approval.Comment}"))));
        }
        return new ApprovalFindings(requirements, counted, ignored);
    }

    private static string Word(ApprovalDecision decision) => decision == ApprovalDecision.Approve ? "approval" : "rejection";

    private static string Listed(IReadOnlyList<string> roles) => roles.Count == 0 ? "(none)" : string.Join(", ", roles);
}
