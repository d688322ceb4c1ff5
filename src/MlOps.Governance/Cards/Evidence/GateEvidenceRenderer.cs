using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The gate section: the verdict in a coloured banner, the risk level and policy that were applied, and
/// every requirement with whether it was met (unmet ones first, as a release manager reads them).
/// </summary>
public sealed class GateEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => "gate";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var requirements = root.Get("requirements").Items().ToList();
        var unmet = requirements.Where(r => r.Bool("met") != true).ToList();
        var passed = evidence.Verdict == "passed";
        var risk = root.Get("risk");
        var policy = root.Get("policy");
        var summary = $"Gate {(passed ? "passed" : "failed")}: {requirements.Count - unmet.Count} of {requirements.Count} requirements met "
            + $"for risk level '{risk.Get("level").Text() ?? "?"}' (EU AI Act: {risk.Get("euAiActCategory").Text() ?? "?"}) "
            + $"under the {policy.Get("source").Text() ?? "built-in"} policy.";
        var colour = passed ? "#e6f4ea;border-left:6px solid #1e8e3e" : "#fce8e6;border-left:6px solid #d93025";

        var section = new SectionBuilder();
        section.Paragraph($"**{MarkdownText.Escape(summary)}**",
            $"<strong class=\"mlops-gate mlops-gate-{(passed ? "passed" : "failed")}\" style=\"display:block;padding:8px 12px;background:{colour}\">{Html.Escape(summary)}</strong>");
        section.Table("Policy requirements", ["requirement", "met", "detail"],
            unmet.Concat(requirements.Where(r => r.Bool("met") == true)).Select(r => (IReadOnlyList<string>)
            [
                r.Text("description") ?? r.Text("id") ?? "",
                r.Bool("met") == true ? "yes" : "NO",
                r.Text("detail") ?? "",
            ]), flagged: row => row[1] == "NO");
        return section.Build();
    }
}
