using System.Text;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;
using MlOps.Governance.Risk;

using MlOps.Governance.Lineage;

namespace MlOps.Governance.Cards;

/// <summary>
/// Renders the card as one self-contained HTML page (card/model-card.html): inline CSS, no scripts, no external
/// resources, semantic headings and tables for screen readers, a print style for paper (the table of contents hidden, folded parts printed open).
/// </summary>
public static class CardHtmlRenderer
{
    /// <summary>
    /// The card's stylesheet (inline in every card page). Public so that pages which embed the card (the release page)
    /// style it, and their own tables, with the same rules instead of a second copy.
    /// </summary>
    public const string Stylesheet = """
        :root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#bbb}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:60rem;margin:1.5rem auto;padding:0 1rem}
        h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:1.6rem}h3{font-size:1.05rem}
        table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
        caption{text-align:left;font-weight:600;padding:.2rem 0}code{font-family:ui-monospace,Consolas,monospace;font-size:.85em;word-break:break-all}
        .facts th{width:12rem;background:#f3f3f3}
        .matrix td,.matrix th{text-align:center}.matrix{width:auto}
        .lvl-low{background:#d9f2d9}.lvl-medium{background:#fff2b3}.lvl-high{background:#ffd0a6}.lvl-severe{background:#f7b3b3}
        .matrix td.current{outline:3px solid #000;outline-offset:-3px;font-weight:700}
        .tag{display:block;font-size:.75em;font-weight:400}
        .verdict-passed{color:#0a5c0a;font-weight:700}.verdict-failed{color:#a00000;font-weight:700}.verdict-info{color:var(--muted);font-weight:700}
        .note{color:var(--muted)}
        .card-banner{border-left:6px solid;padding:.4rem .9rem;margin:.6rem 0;background:#f3f3f3}.card-banner p{margin:.2rem 0}.card-banner ul{margin:.2rem 0 .3rem 1.2rem;padding:0}
        .card-banner.verdict-passed{background:#e6f4ea;border-color:#1e8e3e}.card-banner.verdict-failed{background:#fce8e6;border-color:#d93025}.card-banner.verdict-info{border-color:#888}
        .card-banner.verdict-passed,.card-banner.verdict-failed,.card-banner.verdict-info{color:var(--ink);font-weight:400}
        .toc ol{margin:.2rem 0 .2rem 1.2rem;padding:0}.toc>ol{columns:2;column-gap:2rem}.toc li{break-inside:avoid}.toc h2{border:0;margin-top:.8rem}
        tr.flagged th,tr.flagged td{background:#fce8e6;font-weight:600}.badge{display:inline-block;background:#fce8e6;padding:0 .3em;border-radius:3px}
        details{margin:.4rem 0}details>summary{cursor:pointer;font-weight:600}
        @media print{
          body{font-size:7.5pt;line-height:1.25;margin:0;max-width:none;padding:0}
          h1{font-size:12pt;margin:0 0 .2rem}h2{font-size:9.5pt;margin:.45rem 0 .15rem;padding:0}h3{font-size:8.5pt;margin:.3rem 0 .1rem}
          p,ul,ol{margin:.15rem 0}th,td{padding:.05rem .25rem}table{margin:.15rem 0}caption{padding:0}
          .prose{columns:2;column-gap:1.2rem}.prose section{break-inside:avoid}
          section{break-inside:avoid-page}a{color:inherit;text-decoration:none}
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
          .toc{display:none}
          details::details-content{content-visibility:visible;display:contents}details>summary{list-style:none;cursor:auto}
        }
        @page{size:A4;margin:9mm}
        """;

    /// <summary>
    /// The HTML card (LF line ends). It leads with the decision: the gate's verdict banner, a table of contents, the
    /// summary and the evidence a reviewer decides on; then the author's sections, the risk and the signature; then
    /// the supporting evidence (drift, rebuilds: long parts folded away), identity and lineage.
    /// </summary>
    public static string Render(CardDocument card, EvidenceSectionRegistry? renderers = null)
    {
        renderers ??= EvidenceSectionRegistry.Default;
        var s = card.Source;
        var risk = s.Risk!;
        var gate = GateSummary.Of(card);
        var evidence = EvidenceOrder.Sort(card.Evidence);
        var decision = evidence.Where(e => EvidenceOrder.IsDecision(e.Kind)).ToList();
        var supporting = evidence.Where(e => !EvidenceOrder.IsDecision(e.Kind)).ToList();
        var authorSections = CardFacts.AuthorSections(s).ToList();

        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>").Append(Html.Escape(CardFacts.Title(card))).Append("</title>\n");
        h.Append("<style>\n").Append(Stylesheet).Append("\n</style>\n</head>\n<body>\n<main>\n");
        h.Append("<h1>").Append(Html.Escape(CardFacts.Title(card))).Append("</h1>\n");
        Banner(h, gate, risk);

        var contents = new CardContents();
        contents.Add("summary", "Summary");
        if (decision.Count > 0)
        {
            contents.Add("decision", "Decision evidence", decision.Select(e => ($"evidence-{e.Kind}", e.Kind)));
        }
        foreach (var (heading, _) in authorSections)
        {
            contents.Add(CardContents.Slug(heading), heading);
        }
        contents.Add("risk", "Risk");
        contents.Add("inputs-and-outputs", "Inputs and outputs");
        if (supporting.Count > 0)
        {
            contents.Add("supporting", "Supporting evidence", supporting.Select(e => ($"evidence-{e.Kind}", e.Kind)));
        }
        contents.Add("evidence-index", "Evidence index");
        contents.Add("identity", "Identity and integrity");
        contents.Add("lineage", "Lineage");
        if (!string.IsNullOrWhiteSpace(s.Body))
        {
            contents.Add("notes", "Notes from the authors");
        }
        h.Append(contents.ToHtml());

        h.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (s.Description is not null)
        {
            h.Append(ProseRenderer.ToHtml(s.Description));
        }
        h.Append("<table class=\"facts\">\n<caption>Summary</caption>\n<tbody>\n");
        Fact(h, "Name", Html.Escape(card.Name));
        Fact(h, "Version", Html.Escape(card.Version));
        Fact(h, "Owners", Html.Escape(s.Owners.Count == 0 ? "not stated" : string.Join(", ", s.Owners)));
        Fact(h, "Licence", Html.Escape(s.Licence ?? "not stated"));
        Fact(h, "Risk", $"<span class=\"lvl-{RiskWords.Of(risk.Level)}\">{Html.Escape(CardFacts.RiskLine(risk))}</span>");
        Fact(h, "Gate", GateHtml(gate));
        if (s.Label is not null)
        {
            Fact(h, "Label", $"<code>{Html.Escape(s.Label)}</code>");
        }
        if (s.SensitiveFeatures.Count > 0)
        {
            Fact(h, "Sensitive features", string.Join(", ", s.SensitiveFeatures.Select(f => $"<code>{Html.Escape(f)}</code>")));
        }
        h.Append("</tbody>\n</table>\n</section>\n");

        if (decision.Count > 0)
        {
            h.Append("<section id=\"decision\">\n<h2>Decision evidence</h2>\n");
            EvidenceSections(h, decision, renderers, gate);
            h.Append("</section>\n");
        }

        // The author's sections flow in two columns when printed, to keep the card short on paper.
        h.Append("<div class=\"prose\">\n");
        foreach (var (heading, text) in authorSections)
        {
            h.Append("<section id=\"").Append(CardContents.Slug(heading)).Append("\">\n<h2>").Append(Html.Escape(heading)).Append("</h2>\n")
             .Append(ProseRenderer.ToHtml(text)).Append("</section>\n");
        }
        h.Append("</div>\n");

        RiskSection(h, risk);

        h.Append("<section id=\"inputs-and-outputs\">\n<h2>Inputs and outputs</h2>\n<p>Format ").Append(Html.Escape(card.Model.Format));
        if (card.Model.Format == ModelFormats.Onnx)
        {
            h.Append(", IR version ").Append(CardFacts.Number(card.Model.IrVersion)).Append(", opsets ")
             .Append(Html.Escape(string.Join(", ", card.Model.Opsets.Select(o => $"{o.Domain} {CardFacts.Number(o.Version)}"))));
        }
        if (card.Model.ProducerName.Length > 0)
        {
            h.Append(", produced by ").Append(Html.Escape($"{card.Model.ProducerName} {card.Model.ProducerVersion}".Trim()));
        }
        h.Append(".</p>\n");
        Signatures(h, "Inputs", card.Model.Inputs);
        Signatures(h, "Outputs", card.Model.Outputs);
        h.Append("</section>\n");

        if (supporting.Count > 0)
        {
            h.Append("<section id=\"supporting\">\n<h2>Supporting evidence</h2>\n");
            EvidenceSections(h, supporting, renderers, gate);
            h.Append("</section>\n");
        }

        h.Append("<section id=\"evidence-index\">\n<h2>Evidence index</h2>\n");
        if (card.Evidence.Count == 0)
        {
            h.Append("<p>No evidence was present when the artefact was built.</p>\n");
        }
        else
        {
            h.Append("<table>\n<caption>Evidence members</caption>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Verdict</th><th scope=\"col\">Member</th><th scope=\"col\">sha256</th></tr></thead>\n<tbody>\n");
            foreach (var e in evidence)
            {
                var verdict = e.Kind == EvidenceKinds.Gate && gate.Stale ? "stale" : e.Verdict;
                h.Append(e.Verdict == EvidenceVerdicts.Failed ? "<tr class=\"flagged\">" : "<tr>").Append("<td><a href=\"#evidence-").Append(Html.Escape(e.Kind)).Append("\">")
                 .Append(Html.Escape(e.Kind)).Append("</a></td><td class=\"verdict-").Append(verdict == "stale" ? "failed" : Html.Escape(e.Verdict)).Append("\">")
                 .Append(Html.Escape(verdict)).Append("</td><td><code>").Append(Html.Escape(e.MemberPath)).Append("</code></td><td><code>")
                 .Append(Html.Escape(e.Sha256)).Append("</code></td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"identity\">\n<h2>Identity and integrity</h2>\n<table class=\"facts\">\n<tbody>\n");
        if (card.Packaging is { } p)
        {
            Fact(h, "Artefact", $"<code>{Html.Escape(p.PackageFileName)}</code>");
            Fact(h, "Artefact digest", $"<code>{Html.Escape(p.Digest)}</code> (sha256 of manifest.json)");
            Fact(h, "File sha256", $"<code>{Html.Escape(p.PackageSha256)}</code> (the .sha256 sidecar)");
        }
        Fact(h, "Source model sha256", $"<code>{Html.Escape(card.SourceModelSha256)}</code> (as trained)");
        h.Append("</tbody>\n</table>\n");
        if (card.Packaging is null)
        {
            h.Append("<p class=\"note\">This card is a member of the artefact, so it cannot contain the artefact digest (the sha256 of the manifest that pins this card). The card written next to the .mlpkg adds it; <code>mlops verify</code> checks every digest below.</p>\n");
        }
        var members = CardMarkdownRenderer.AllMembers(card).ToList();
        h.Append("<details>\n<summary>Members (").Append(CardFacts.Number(members.Count)).Append(" files with their sha256)</summary>\n");
        h.Append("<table>\n<caption>Members</caption>\n<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">sha256</th><th scope=\"col\">Bytes</th></tr></thead>\n<tbody>\n");
        foreach (var m in members)
        {
            h.Append("<tr><td><code>").Append(Html.Escape(m.Path)).Append("</code></td><td><code>").Append(Html.Escape(m.Sha256))
             .Append("</code></td><td>").Append(CardFacts.Number(m.Size)).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</details>\n</section>\n");

        h.Append("<section id=\"lineage\">\n<h2>Lineage</h2>\n<table class=\"facts\">\n<tbody>\n");
        Fact(h, "Commit", $"<code>{Html.Escape(CardFacts.Commit(card))}</code>");
        Fact(h, "Uncommitted changes", Html.Escape(CardFacts.Dirty(card)));
        Fact(h, "Build timestamp", Html.Escape(CardFacts.Timestamp(card.Lineage.Lineage.SourceDateEpoch)) + " (SOURCE_DATE_EPOCH"
            + (LineageWords.ClockNote(card.Lineage.Lineage.SourceDateEpoch, card.Lineage.Lineage.Commit) is { } note ? "; " + Html.Escape(note) : "") + ")");
        foreach (var (tool, version) in card.Lineage.Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Fact(h, Html.Escape(tool), $"<code>{Html.Escape(version)}</code>");
        }
        h.Append("</tbody>\n</table>\n");
        if (card.Lineage.Data.Count > 0)
        {
            h.Append("<table>\n<caption>Data sets</caption>\n<thead><tr><th scope=\"col\">Data set</th><th scope=\"col\">Role</th><th scope=\"col\">Rows</th><th scope=\"col\">Bytes</th><th scope=\"col\">sha256</th></tr></thead>\n<tbody>\n");
            foreach (var d in card.Lineage.Data)
            {
                h.Append("<tr><td><code>").Append(Html.Escape(d.Path)).Append("</code></td><td>").Append(d.RoleName).Append("</td><td>")
                 .Append(CardFacts.Rows(d.Rows)).Append("</td><td>").Append(CardFacts.Number(d.Size)).Append("</td><td><code>")
                 .Append(Html.Escape(d.Sha256)).Append("</code></td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        else
        {
            h.Append("<p>No data sets were declared.</p>\n");
        }
        h.Append("</section>\n");

        if (!string.IsNullOrWhiteSpace(s.Body))
        {
            h.Append("<section id=\"notes\">\n<h2>Notes from the authors</h2>\n").Append(ProseRenderer.ToHtml(s.Body)).Append("</section>\n");
        }
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    // The first thing on the page: did it pass, and if not, what is missing; a stale verdict says so instead.
    private static void Banner(StringBuilder h, GateSummary gate, RiskAssessment risk)
    {
        h.Append("<div class=\"card-banner ").Append(gate.CssClass).Append("\" role=\"status\">\n<p><strong>Gate ").Append(Html.Escape(gate.Word)).Append("</strong>");
        if (!gate.Ran)
        {
            h.Append(": no gate evidence, so this card states no verdict. Run the gate before packaging to show it here.</p>\n</div>\n");
            return;
        }
        if (gate.Stale)
        {
            h.Append(": ").Append(Html.Escape(gate.StaleReason!)).Append(". The verdict is not shown; run the gate again for this card and policy.</p>\n</div>\n");
            return;
        }
        h.Append(": ").Append(CardFacts.Number(gate.Met)).Append(" of ").Append(CardFacts.Number(gate.Total)).Append(" requirements met for risk level ")
         .Append(RiskWords.Of(risk.Level)).Append(gate.Policy == GateFreshness.BuiltInPolicy ? " under the built-in policy.</p>\n" : $" under the policy <code>{Html.Escape(gate.Policy)}</code>.</p>\n");
        if (gate.UnmetRequirements.Count > 0)
        {
            h.Append("<p>Unmet requirements (<a href=\"#").Append(GateSummary.HtmlAnchor).Append("\">details</a>):</p>\n<ul>\n");
            foreach (var unmet in gate.UnmetRequirements)
            {
                h.Append("<li>").Append(Html.Escape(unmet)).Append("</li>\n");
            }
            h.Append("</ul>\n");
        }
        h.Append("</div>\n");
    }

    // A stale gate's section shows why instead of its requirements: they were judged for other rules.
    private static void EvidenceSections(StringBuilder h, IEnumerable<EvidenceFile> evidence, EvidenceSectionRegistry renderers, GateSummary gate)
    {
        foreach (var e in evidence)
        {
            var stale = e.Kind == EvidenceKinds.Gate && gate.Stale;
            var verdict = stale ? "stale" : e.Verdict;
            h.Append("<section id=\"evidence-").Append(Html.Escape(e.Kind)).Append("\">\n<h3>Evidence: ").Append(Html.Escape(e.Kind)).Append(" (<span class=\"verdict-").Append(stale ? "failed" : Html.Escape(e.Verdict)).Append("\">")
             .Append(Html.Escape(verdict)).Append("</span>)</h3>\n");
            h.Append(stale ? $"<p>{Html.Escape(GateSummary.StaleSection(gate.StaleReason!))}</p>" : renderers.Resolve(e.Kind).Render(e).Html.TrimEnd('\n')).Append("\n</section>\n");
        }
    }

    private static void RiskSection(StringBuilder h, RiskAssessment risk)
    {
        h.Append("<section id=\"risk\">\n<h2>Risk</h2>\n<p>Level <strong>").Append(RiskWords.Of(risk.Level)).Append("</strong>: probability ")
         .Append(RiskWords.Of(risk.Probability)).Append(" × severity ").Append(RiskWords.Of(risk.Severity))
         .Append(". EU AI Act category: <strong>").Append(RiskWords.Of(risk.EuAiActCategory)).Append("</strong>")
         .Append(risk.EuAiActCategory == EuAiActCategory.Unacceptable ? " (a prohibited practice: it never passes the gate)" : "").Append(".</p>\n");
        h.Append("<table class=\"matrix\">\n<caption>Risk matrix (probability × severity); the outlined cell is this model</caption>\n<thead><tr><th scope=\"col\">Probability \\ Severity</th>");
        foreach (var severity in RiskMatrix.Severities)
        {
            h.Append("<th scope=\"col\">").Append(RiskWords.Of(severity)).Append("</th>");
        }
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var probability in RiskMatrix.Probabilities.Reverse())
        {
            h.Append("<tr><th scope=\"row\">").Append(RiskWords.Of(probability)).Append("</th>");
            foreach (var severity in RiskMatrix.Severities)
            {
                var level = RiskWords.Of(RiskMatrix.LevelOf(probability, severity));
                var current = probability == risk.Probability && severity == risk.Severity;
                h.Append("<td class=\"lvl-").Append(level).Append(current ? " current\" aria-current=\"true\">" : "\">").Append(level);
                if (current)
                {
                    h.Append("<span class=\"tag\">this model</span>");
                }
                h.Append("</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    // The verdict first and coloured, so "did it pass" is the first thing read; unmet requirements link to the gate section.
    private static string GateHtml(GateSummary gate)
    {
        if (!gate.Ran)
        {
            return $"<span class=\"verdict-info\">not run</span> (no gate evidence)";
        }
        if (gate.Stale)
        {
            return $"<span class=\"verdict-failed\">gate verdict stale</span>: {Html.Escape(gate.StaleReason)}; run the gate again";
        }
        var html = $"<span class=\"verdict-{Html.Escape(gate.Verdict!)}\">{Html.Escape(gate.Verdict!)}</span>: "
            + $"{CardFacts.Number(gate.Met)} of {CardFacts.Number(gate.Total)} requirements met (policy <code>{Html.Escape(gate.Policy)}</code>)";
        return gate.UnmetNote is { } unmet ? html + $"; <a href=\"#{GateSummary.HtmlAnchor}\">{Html.Escape(unmet)}</a>" : html;
    }

    private static void Fact(StringBuilder h, string name, string valueHtml) =>
        h.Append("<tr><th scope=\"row\">").Append(name).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");

    private static void Signatures(StringBuilder h, string caption, IReadOnlyList<TensorSignature> signatures)
    {
        h.Append("<table>\n<caption>").Append(caption).Append("</caption>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Element type</th><th scope=\"col\">Shape</th></tr></thead>\n<tbody>\n");
        foreach (var sig in signatures)
        {
            h.Append("<tr><td><code>").Append(Html.Escape(sig.Name)).Append("</code></td><td>").Append(Html.Escape(sig.ElementType))
             .Append("</td><td>").Append(Html.Escape(sig.ShapeText)).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }
}
