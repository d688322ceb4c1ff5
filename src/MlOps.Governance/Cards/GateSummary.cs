using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards;

/// <summary>
/// The gate verdict as the card's banner and Summary show it: read from evidence/gate.json when the artefact has one,
/// otherwise "not run" (a card never invents a verdict), and "stale" when the gate judged another risk level or
/// policy than the card's (<see cref="GateFreshness"/>).
/// </summary>
/// <param name="Verdict">The gate evidence's verdict ("passed" | "failed"), or null when no gate ran.</param>
/// <param name="Met">Requirements met.</param>
/// <param name="Total">Requirements evaluated.</param>
/// <param name="Policy">The policy applied (policy.source, e.g. "governance-policy.yaml"; "built-in" when absent).</param>
internal sealed record GateSummary(string? Verdict, int Met, int Total, string Policy)
{
    /// <summary>The id of the gate section in the HTML card (the Summary row links to it).</summary>
    public const string HtmlAnchor = "evidence-gate";

    /// <summary>The anchor GitHub-style Markdown renderers give the heading "### Evidence: gate (failed)".</summary>
    public string MarkdownAnchor => $"evidence-gate-{Verdict}";

    /// <summary>The unmet requirements as "description: detail", in the gate's order.</summary>
    public IReadOnlyList<string> UnmetRequirements { get; init; } = [];

    /// <summary>Why the verdict is stale ("computed for risk level high (the card says medium)"), or null when fresh.</summary>
    public string? StaleReason { get; init; }

    /// <summary>Requirements not met.</summary>
    public int Unmet => Total - Met;

    /// <summary>Whether a gate evidence file was present.</summary>
    public bool Ran => Verdict is not null;

    /// <summary>Whether the verdict was judged for another risk level or policy than the card's.</summary>
    public bool Stale => StaleReason is not null;

    /// <summary>The word the card shows: the verdict, "stale" or "not run".</summary>
    public string Word => !Ran ? "not run" : Stale ? "verdict stale" : Verdict!;

    /// <summary>The CSS class of <see cref="Word"/> (a stale verdict reads as failed: it must not be trusted).</summary>
    public string CssClass => !Ran ? "verdict-info" : Stale ? "verdict-failed" : $"verdict-{Verdict}";

    /// <summary>The summary of the card's gate evidence, or a "not run" summary when there is none.</summary>
    public static GateSummary Of(CardDocument card)
    {
        var gate = card.Evidence.FirstOrDefault(e => e.Kind == EvidenceKinds.Gate);
        if (gate is null)
        {
            return new GateSummary(null, 0, 0, "");
        }
        var requirements = gate.Root.Get("requirements").Items().ToList();
        var met = requirements.Count(r => r.Bool("met") == true);
        return new GateSummary(gate.Verdict, met, requirements.Count, gate.Root.Get("policy").Get("source").Text() ?? GateFreshness.BuiltInPolicy)
        {
            UnmetRequirements = requirements.Where(r => r.Bool("met") != true)
                .Select(r => $"{r.Text("description") ?? r.Text("id") ?? "requirement"}: {r.Text("detail") ?? ""}".TrimEnd(' ', ':')).ToList(),
            StaleReason = GateFreshness.StaleReason(gate, card.Source.Risk!, card.PolicyDigest),
        };
    }

    /// <summary>
    /// The plain-text line without the link: "passed: 12 of 12 requirements met (policy governance-policy.yaml)",
    /// "failed: 10 of 12 requirements met (policy built-in); 2 unmet", "not run (no gate evidence)" or
    /// "gate verdict stale: computed for risk level high (the card says medium)".
    /// </summary>
    public string Line => !Ran
        ? "not run (no gate evidence)"
        : Stale
            ? $"gate verdict stale: {StaleReason}; run the gate again"
            : $"{Verdict}: {CardFacts.Number(Met)} of {CardFacts.Number(Total)} requirements met (policy {Policy})";

    /// <summary>What the gate section of a card says instead of a stale verdict's requirements.</summary>
    public static string StaleSection(string staleReason) =>
        $"This gate verdict is stale: it was {staleReason}. The requirements it judged are not shown, because they were judged for other rules; "
        + "run the gate again with this card and policy before packaging.";

    /// <summary>The unmet-requirements note shown after <see cref="Line"/> when some are unmet ("2 unmet"), else null.</summary>
    public string? UnmetNote => Ran && !Stale && Unmet > 0 ? $"{CardFacts.Number(Unmet)} unmet requirement{(Unmet == 1 ? "" : "s")}" : null;
}
