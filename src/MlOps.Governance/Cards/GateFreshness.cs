using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Risk;
using MlOps.Hashing;

namespace MlOps.Governance.Cards;

/// <summary>
/// Whether a gate verdict still belongs to the card it would be shown in. The gate evidence records what it judged
/// (<c>risk.level</c>, <c>risk.euAiActCategory</c>, <c>policy.source</c> and <c>policy.sha256</c>); a verdict judged
/// for another risk level, EU AI Act category or policy is stale: the card shows "stale" instead of its verdict and
/// the build warns, because the gate run on the artefact could now say the opposite.
/// </summary>
public static class GateFreshness
{
    /// <summary>The policy digest of the built-in policy (no policy file).</summary>
    public const string BuiltInPolicy = "built-in";

    /// <summary>The digest the gate records for a policy: sha256 of the file's bytes, <see cref="BuiltInPolicy"/> without one.</summary>
    public static string PolicyDigest(string? policyPath) =>
        string.IsNullOrEmpty(policyPath) ? BuiltInPolicy : Sha256Hex.OfFile(policyPath);

    /// <summary>
    /// Why <paramref name="gate"/> is stale for a card with <paramref name="risk"/> built under the policy with digest
    /// <paramref name="policyDigest"/> (null: the policy is not known, and only the risk is compared), or null when it
    /// is fresh. Gate evidence older than the policy digest is compared on its risk alone.
    /// </summary>
    public static string? StaleReason(EvidenceFile gate, RiskAssessment risk, string? policyDigest)
    {
        var judgedRisk = gate.Root.Get("risk");
        var judgedLevel = judgedRisk.Get("level").Text();
        var judgedCategory = judgedRisk.Get("euAiActCategory").Text();
        var policy = gate.Root.Get("policy");
        var judgedPolicy = policy.Get("source").Text() ?? BuiltInPolicy;
        var judgedDigest = policy.Get("sha256").Text();

        var reasons = new List<string>();
        if (judgedLevel is not null && judgedLevel != RiskWords.Of(risk.Level))
        {
            reasons.Add($"risk level {judgedLevel} (the card says {RiskWords.Of(risk.Level)})");
        }
        if (judgedCategory is not null && judgedCategory != RiskWords.Of(risk.EuAiActCategory))
        {
            reasons.Add($"EU AI Act category {judgedCategory} (the card says {RiskWords.Of(risk.EuAiActCategory)})");
        }
        if (policyDigest is not null && judgedDigest is not null && !string.Equals(judgedDigest, policyDigest, StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add($"policy {judgedPolicy} {Short(judgedDigest)} (the build's policy is {Short(policyDigest)})");
        }
        return reasons.Count == 0 ? null : "computed for " + string.Join(" / ", reasons);
    }

    private static string Short(string digest) => digest == BuiltInPolicy ? "(built-in)" : $"(sha256 {digest[..Math.Min(12, digest.Length)]}…)";
}
