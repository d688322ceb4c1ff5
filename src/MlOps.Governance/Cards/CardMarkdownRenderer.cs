using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;
using MlOps.Governance.Risk;

namespace MlOps.Governance.Cards;

/// <summary>Renders the card as Markdown (card/model-card.md). Deterministic: same document, same text.</summary>
public static class CardMarkdownRenderer
{
    /// <summary>
    /// The Markdown card (LF line ends), in the HTML card's order: the verdict banner, the contents, the summary and
    /// the decision evidence first; long tables fold away in <c>&lt;details&gt;</c> (GitHub renders them).
    /// </summary>
    public static string Render(CardDocument card, EvidenceSectionRegistry? renderers = null)
    {
        renderers ??= EvidenceSectionRegistry.Default;
        var s = card.Source;
        var risk = card.Source.Risk!;
        var gate = GateSummary.Of(card);
        var evidence = EvidenceOrder.Sort(card.Evidence);
        var decision = evidence.Where(e => EvidenceOrder.IsDecision(e.Kind)).ToList();
        var supporting = evidence.Where(e => !EvidenceOrder.IsDecision(e.Kind)).ToList();
        var authorSections = CardFacts.AuthorSections(s).ToList();

        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownText.Escape(CardFacts.Title(card))).Append("\n\n");
        Banner(md, gate, risk);

        var contents = new CardContents();
        contents.Add("summary", "Summary");
        if (decision.Count > 0)
        {
            contents.Add("decision-evidence", "Decision evidence", decision.Select(e => (EvidenceAnchor(e, gate), e.Kind)));
        }
        foreach (var (heading, _) in authorSections)
        {
            contents.Add(CardContents.Slug(heading), heading);
        }
        contents.Add("risk", "Risk");
        contents.Add("inputs-and-outputs", "Inputs and outputs");
        if (supporting.Count > 0)
        {
            contents.Add("supporting-evidence", "Supporting evidence", supporting.Select(e => (EvidenceAnchor(e, gate), e.Kind)));
        }
        contents.Add("evidence-index", "Evidence index");
        contents.Add("identity-and-integrity", "Identity and integrity");
        contents.Add("lineage", "Lineage");
        if (!string.IsNullOrWhiteSpace(s.Body))
        {
            contents.Add("notes-from-the-authors", "Notes from the authors");
        }
        md.Append(contents.ToMarkdown());

        md.Append("## Summary\n\n");
        if (s.Description is not null)
        {
            md.Append(s.Description).Append("\n\n");
        }
        md.Append("| | |\n|---|---|\n");
        md.Append("| Name | ").Append(MarkdownText.Cell(card.Name)).Append(" |\n");
        md.Append("| Version | ").Append(MarkdownText.Cell(card.Version)).Append(" |\n");
        md.Append("| Owners | ").Append(MarkdownText.Cell(s.Owners.Count == 0 ? "not stated" : string.Join(", ", s.Owners))).Append(" |\n");
        md.Append("| Licence | ").Append(MarkdownText.Cell(s.Licence ?? "not stated")).Append(" |\n");
        md.Append("| Risk | ").Append(MarkdownText.Cell(CardFacts.RiskLine(risk))).Append(" |\n");
        md.Append("| Gate | ").Append(gate.Ran && !gate.Stale
            ? "**" + MarkdownText.Cell(gate.Verdict!) + "**" + MarkdownText.Cell(gate.Line[gate.Verdict!.Length..])
            : gate.Stale ? "**gate verdict stale**: " + MarkdownText.Cell(gate.StaleReason) + "; run the gate again" : MarkdownText.Cell(gate.Line));
        if (gate.UnmetNote is { } unmet)
        {
            md.Append("; [").Append(MarkdownText.Cell(unmet)).Append("](#").Append(gate.MarkdownAnchor).Append(')');
        }
        md.Append(" |\n");
        if (s.Label is not null)
        {
            md.Append("| Label | ").Append(MarkdownText.Code(s.Label)).Append(" |\n");
        }
        if (s.SensitiveFeatures.Count > 0)
        {
            md.Append("| Sensitive features | ").Append(string.Join(", ", s.SensitiveFeatures.Select(MarkdownText.Code))).Append(" |\n");
        }
        md.Append('\n');

        if (decision.Count > 0)
        {
            md.Append("## Decision evidence\n\n");
            EvidenceSections(md, decision, renderers, gate);
        }

        foreach (var (heading, text) in authorSections)
        {
            md.Append("## ").Append(heading).Append("\n\n").Append(text).Append("\n\n");
        }

        md.Append("## Risk\n\n");
        md.Append("Level **").Append(RiskWords.Of(risk.Level)).Append("**: probability ").Append(RiskWords.Of(risk.Probability))
          .Append(" × severity ").Append(RiskWords.Of(risk.Severity)).Append(". EU AI Act category: **").Append(RiskWords.Of(risk.EuAiActCategory)).Append("**.\n\n");
        md.Append("| Probability \\ Severity | ").Append(string.Join(" | ", RiskMatrix.Severities.Select(RiskWords.Of))).Append(" |\n");
        md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", 5))).Append('\n');
        foreach (var probability in RiskMatrix.Probabilities.Reverse())
        {
            md.Append("| ").Append(RiskWords.Of(probability)).Append(" | ");
            md.Append(string.Join(" | ", RiskMatrix.Severities.Select(severity =>
            {
                var level = RiskWords.Of(RiskMatrix.LevelOf(probability, severity));
                return probability == risk.Probability && severity == risk.Severity ? $"**[{level}]** ← this model" : level;
            })));
            md.Append(" |\n");
        }
        md.Append('\n');

        md.Append("## Inputs and outputs\n\n");
        md.Append("Format ").Append(card.Model.Format);
        if (card.Model.Format == ModelFormats.Onnx)
        {
            md.Append(", IR version ").Append(CardFacts.Number(card.Model.IrVersion))
              .Append(", opsets ").Append(string.Join(", ", card.Model.Opsets.Select(o => $"{o.Domain} {CardFacts.Number(o.Version)}")));
        }
        if (card.Model.ProducerName.Length > 0)
        {
            md.Append(", produced by ").Append(MarkdownText.Escape($"{card.Model.ProducerName} {card.Model.ProducerVersion}".Trim()));
        }
        md.Append(".\n\n");
        AppendSignatures(md, "Input", card.Model.Inputs);
        AppendSignatures(md, "Output", card.Model.Outputs);

        if (supporting.Count > 0)
        {
            md.Append("## Supporting evidence\n\n");
            EvidenceSections(md, supporting, renderers, gate);
        }

        md.Append("## Evidence index\n\n");
        if (card.Evidence.Count == 0)
        {
            md.Append("No evidence was present when the artefact was built.\n\n");
        }
        else
        {
            md.Append("| Kind | Verdict | Member | sha256 |\n|---|---|---|---|\n");
            foreach (var e in evidence)
            {
                var verdict = e.Verdict == EvidenceVerdicts.Failed || Shown(e, gate) != e.Verdict ? $"**{Shown(e, gate)}**" : e.Verdict;
                md.Append("| [").Append(e.Kind).Append("](#").Append(EvidenceAnchor(e, gate)).Append(") | ").Append(verdict).Append(" | ")
                  .Append(MarkdownText.Code(e.MemberPath)).Append(" | ").Append(MarkdownText.Code(e.Sha256)).Append(" |\n");
            }
            md.Append('\n');
        }

        md.Append("## Identity and integrity\n\n");
        if (card.Packaging is { } p)
        {
            md.Append("- Artefact: ").Append(MarkdownText.Code(p.PackageFileName)).Append('\n');
            md.Append("- Artefact digest (sha256 of manifest.json): ").Append(MarkdownText.Code(p.Digest)).Append('\n');
            md.Append("- sha256 of the .mlpkg file (its .sha256 sidecar): ").Append(MarkdownText.Code(p.PackageSha256)).Append('\n');
        }
        else
        {
            md.Append("This card is a member of the artefact, so it cannot contain the artefact digest (the sha256 of the manifest that pins this card). ")
              .Append("The card written next to the .mlpkg adds it; `mlops verify` checks every digest below.\n\n");
        }
        md.Append("- Source model as trained (sha256): ").Append(MarkdownText.Code(card.SourceModelSha256)).Append("\n\n");
        var members = AllMembers(card).ToList();
        md.Append("<details>\n<summary>Members (").Append(CardFacts.Number(members.Count)).Append(" files with their sha256)</summary>\n\n");
        md.Append("| Member | sha256 | Bytes |\n|---|---|---:|\n");
        foreach (var m in members)
        {
            md.Append("| ").Append(MarkdownText.Code(m.Path)).Append(" | ").Append(MarkdownText.Code(m.Sha256)).Append(" | ").Append(CardFacts.Number(m.Size)).Append(" |\n");
        }
        md.Append("\n</details>\n\n");

        md.Append("## Lineage\n\n");
        md.Append("- Commit: ").Append(MarkdownText.Code(CardFacts.Commit(card))).Append('\n');
        md.Append("- Uncommitted changes: ").Append(CardFacts.Dirty(card)).Append('\n');
        md.Append("- Build timestamp (SOURCE_DATE_EPOCH): ").Append(CardFacts.BuildTimestamp(card)).Append('\n');
        foreach (var (tool, version) in card.Lineage.Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            md.Append("- Tool: ").Append(MarkdownText.Escape(tool)).Append(' ').Append(MarkdownText.Code(version)).Append('\n');
        }
        md.Append('\n');
        if (card.Lineage.Data.Count > 0)
        {
            md.Append("| Data set | Role | Rows | Bytes | sha256 |\n|---|---|---:|---:|---|\n");
            foreach (var d in card.Lineage.Data)
            {
                md.Append("| ").Append(MarkdownText.Code(d.Path)).Append(" | ").Append(d.RoleName).Append(" | ").Append(CardFacts.Rows(d.Rows))
                  .Append(" | ").Append(CardFacts.Number(d.Size)).Append(" | ").Append(MarkdownText.Code(d.Sha256)).Append(" |\n");
            }
            md.Append('\n');
        }
        else
        {
            md.Append("No data sets were declared.\n\n");
        }

        if (!string.IsNullOrWhiteSpace(s.Body))
        {
            md.Append("## Notes from the authors\n\n").Append(s.Body.Trim('\n')).Append('\n');
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }

    // A blockquote right under the title: the verdict, the unmet requirements, or why the verdict is not shown.
    private static void Banner(StringBuilder md, GateSummary gate, RiskAssessment risk)
    {
        md.Append("> **Gate ").Append(gate.Word).Append("**");
        if (!gate.Ran)
        {
            md.Append(": no gate evidence, so this card states no verdict. Run the gate before packaging to show it here.\n\n");
            return;
        }
        if (gate.Stale)
        {
            md.Append(": ").Append(MarkdownText.Escape(gate.StaleReason)).Append(". The verdict is not shown; run the gate again for this card and policy.\n\n");
            return;
        }
        md.Append(": ").Append(CardFacts.Number(gate.Met)).Append(" of ").Append(CardFacts.Number(gate.Total)).Append(" requirements met for risk level ")
          .Append(RiskWords.Of(risk.Level)).Append(gate.Policy == GateFreshness.BuiltInPolicy ? " under the built-in policy.\n" : $" under the policy {MarkdownText.Escape(gate.Policy)}.\n");
        if (gate.UnmetRequirements.Count > 0)
        {
            md.Append(">\n> Unmet requirements ([details](#").Append(gate.MarkdownAnchor).Append(")):\n>\n");
            foreach (var unmet in gate.UnmetRequirements)
            {
                md.Append("> - ").Append(MarkdownText.Escape(unmet)).Append('\n');
            }
        }
        md.Append('\n');
    }

    // A stale gate's section shows why instead of its requirements: they were judged for other rules.
    private static void EvidenceSections(StringBuilder md, IEnumerable<EvidenceFile> evidence, EvidenceSectionRegistry renderers, GateSummary gate)
    {
        foreach (var e in evidence)
        {
            var stale = e.Kind == EvidenceKinds.Gate && gate.Stale;
            md.Append("### Evidence: ").Append(e.Kind).Append(" (").Append(Shown(e, gate)).Append(")\n\n");
            md.Append(stale ? MarkdownText.Escape(GateSummary.StaleSection(gate.StaleReason!)) : renderers.Resolve(e.Kind).Render(e).Markdown.TrimEnd('\n')).Append("\n\n");
        }
    }

    // The verdict a card shows for one evidence file: a stale gate's is "stale".
    private static string Shown(EvidenceFile e, GateSummary gate) => e.Kind == EvidenceKinds.Gate && gate.Stale ? "stale" : e.Verdict;

    // GitHub's anchor of "### Evidence: <kind> (<verdict>)".
    private static string EvidenceAnchor(EvidenceFile e, GateSummary gate) => CardContents.Slug($"Evidence: {e.Kind} ({Shown(e, gate)})");

    internal static IEnumerable<ManifestMember> AllMembers(CardDocument card) =>
        card.Packaging is { } p ? card.Members.Concat(p.CardMembers).OrderBy(m => m.Path, StringComparer.Ordinal) : card.Members;

    private static void AppendSignatures(StringBuilder md, string what, IReadOnlyList<TensorSignature> signatures)
    {
        md.Append("| ").Append(what).Append(" | Element type | Shape |\n|---|---|---|\n");
        foreach (var sig in signatures)
        {
            md.Append("| ").Append(MarkdownText.Code(sig.Name)).Append(" | ").Append(MarkdownText.Cell(sig.ElementType)).Append(" | ").Append(MarkdownText.Code(sig.ShapeText)).Append(" |\n");
        }
        md.Append('\n');
    }
}
