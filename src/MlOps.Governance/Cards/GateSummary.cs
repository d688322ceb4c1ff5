using MlOps.Governance.Cards.Evidence;

namespace MlOps.Governance.Cards;

/// <summary>
/// The gate verdict as the card's Summary shows it: read from evidence/gate.json when the artefact has one,
/// otherwise "not run" (a card never invents a verdict).
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

    /// <summary>Requirements not met.</summary>
    public int Unmet => Total - Met;

    /// <summary>Whether a gate evidence file was present.</summary>
    public bool Ran => Verdict is not null;

    /// <summary>The summary of the card's gate evidence, or a "not run" summary when there is none.</summary>
    public static GateSummary Of(CardDocument card)
    {
        var gate = card.Evidence.FirstOrDefault(e => e.Kind == "gate");
        if (gate is null)
        {
            return new GateSummary(null, 0, 0, "");
        }
        var requirements = gate.Root.Get("requirements").Items().ToList();
        var met = requirements.Count(r => r.Bool("met") == true);
        return new GateSummary(gate.Verdict, met, requirements.Count, gate.Root.Get("policy").Get("source").Text() ?? "built-in");
    }

    /// <summary>
    /// The plain-text line without the link: "passed: 12 of 12 requirements met (policy governance-policy.yaml)",
    /// "failed: 10 of 12 requirements met (policy built-in); 2 unmet" or "not run (no gate evidence)".
    /// </summary>
    public string Line => !Ran
        ? "not run (no gate evidence)"
        : $"{Verdict}: {CardFacts.Number(Met)} of {CardFacts.Number(Total)} requirements met (policy {Policy})";

    /// <summary>The unmet-requirements note shown after <see cref="Line"/> when some are unmet ("2 unmet"), else null.</summary>
    public string? UnmetNote => Ran && Unmet > 0 ? $"{CardFacts.Number(Unmet)} unmet requirement{(Unmet == 1 ? "" : "s")}" : null;
}
