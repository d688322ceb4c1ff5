using System.Text;
using MlOps.Attestations.Verification;
using MlOps.Governance.Cards;
using MlOps.Governance.Policy;
using MlOps.Serialization;

namespace MlOps.Release.Pages;

/// <summary>
/// release.html: one self-contained page (inline CSS, no scripts, no external resources) that starts with the
/// decision. Styled with the card's own stylesheet (<see cref="CardHtmlRenderer.Stylesheet"/>) plus the banner's few
/// rules, so the release tables and the embedded card read as one document.
/// </summary>
internal static class ReleasePageHtml
{
    // Only what the card's stylesheet lacks: the banner, and the card's demoted headings sized like the page's own.
    private const string ReleaseStyle = """
        .banner{border:3px solid;border-radius:.4rem;padding:.6rem 1rem;margin:0 0 1.2rem}
        .banner h1{margin:0 0 .3rem}.banner p{margin:.2rem 0}.banner ul{margin:.3rem 0 .1rem}
        .banner.released{border-color:#0a5c0a;background:#e3f5e3}.banner.released .decision{color:#0a5c0a}
        .banner.blocked{border-color:#a00000;background:#fbe3e3}.banner.blocked .decision{color:#a00000}
        .status-valid{color:#0a5c0a;font-weight:600}.status-problem{color:#a00000;font-weight:600}.status-other{color:var(--muted);font-weight:600}
        .nowrap{white-space:nowrap}.nowrap code{word-break:normal}
        .card{margin-top:2rem;border-top:3px double var(--line)}
        .card h3{font-size:1.1rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:1.4rem}.card h4{font-size:1rem}
        """;

    // The embedded card is the artefact's own HTML: should a hand-made artefact carry a script, the browser refuses to
    // run it, and nothing on the page may load anything from elsewhere.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    public static string Render(ReleaseFacts f)
    {
        var v = f.Verdict;
        var h = new StringBuilder();
        var title = $"{f.DecisionWord}: {f.ModelName} {f.ModelVersion}";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>").Append(E(title)).Append(" (release)</title>\n");
        h.Append("<style>\n").Append(CardHtmlRenderer.Stylesheet).Append('\n').Append(ReleaseStyle).Append("\n</style>\n");
        // A card rendered by another version of the product keeps the styles its markup was made for.
        if (f.Card.HtmlStyle is { } cardStyle && cardStyle.Trim() != CardHtmlRenderer.Stylesheet.Trim())
        {
            h.Append("<style>\n").Append(cardStyle).Append("\n</style>\n");
        }
        h.Append("</head>\n<body>\n<main>\n");

        Banner(h, f);
        Signatures(h, f);
        Approvals(h, f);
        Provenance(h, f);
        Trust(h, f);
        Requirements(h, v.Requirements);
        Card(h, f);

        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Banner(StringBuilder h, ReleaseFacts f)
    {
        h.Append("<header class=\"banner ").Append(f.Decision).Append("\" id=\"release-decision\">\n");
        h.Append("<h1><span class=\"decision\">").Append(f.DecisionWord).Append("</span> ")
         .Append(E(f.ModelName)).Append(' ').Append(E(f.ModelVersion)).Append("</h1>\n");
        h.Append("<p>Risk level <strong>").Append(E(f.RiskLevel)).Append("</strong>, EU AI Act category <strong>")
         .Append(E(f.EuAiActCategory)).Append("</strong>. Decided ").Append(E(f.Time)).Append(" under policy <code>")
         .Append(E(f.PolicyName)).Append("</code> and trust file <code>").Append(E(f.TrustFileName)).Append("</code>.</p>\n");
        h.Append("<p>Artefact <code>").Append(E(f.ArtefactName)).Append("</code>, sha256 <code>").Append(E(f.Verdict.Artefact.Sha256)).Append("</code>.</p>\n");
        h.Append("<p>").Append(E(f.RequirementsLine)).Append("</p>\n");
        if (!f.Verdict.Released)
        {
            h.Append("<ul class=\"unmet\">\n");
            foreach (var r in f.Verdict.Unmet)
            {
                h.Append("<li><strong>").Append(E(r.Description)).Append("</strong>: ").Append(E(r.Detail)).Append("</li>\n");
            }
            h.Append("</ul>\n");
        }
        h.Append("</header>\n");
    }

    private static void Requirements(StringBuilder h, IReadOnlyList<GateRequirement> requirements)
    {
        h.Append("<section id=\"release-requirements\">\n<h2>Every requirement</h2>\n");
        h.Append("<table>\n<thead><tr><th scope=\"col\">Requirement</th><th scope=\"col\">Met</th><th scope=\"col\">Detail</th><th scope=\"col\">Id</th></tr></thead>\n<tbody>\n");
        foreach (var r in requirements)
        {
            h.Append("<tr><td>").Append(E(r.Description)).Append("</td><td class=\"nowrap ").Append(r.Met ? "verdict-passed\">met" : "verdict-failed\">not met")
             .Append("</td><td>").Append(E(r.Detail)).Append("</td><td class=\"nowrap\"><code>").Append(E(r.Id)).Append("</code></td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Signatures(StringBuilder h, ReleaseFacts f)
    {
        var v = f.Verdict;
        h.Append("<section id=\"release-signatures\">\n<h2>Signatures</h2>\n");
        if (v.Attestations.Count == 0)
        {
            h.Append("<p>The artefact has no attestation bundle: nothing about it is signed.</p>\n");
        }
        else
        {
            h.Append("<table>\n<caption>Every line of <code>").Append(E(f.ArtefactName)).Append(".intoto.jsonl</code></caption>\n<thead><tr>")
             .Append("<th scope=\"col\">Line</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th><th scope=\"col\">Signer</th>")
             .Append("<th scope=\"col\">Key</th><th scope=\"col\">Time</th><th scope=\"col\">Problem</th></tr></thead>\n<tbody>\n");
            foreach (var a in v.Attestations)
            {
                var css = a.IsValid ? "status-valid" : a.Status is AttestationStatus.Unsigned or AttestationStatus.NotChecked ? "status-other" : "status-problem";
                h.Append("<tr><td>").Append(a.Line).Append("</td><td>").Append(E(a.Kind)).Append("</td><td class=\"").Append(css).Append("\">")
                 .Append(E(AttestationStatusWords.Of(a.Status))).Append("</td><td>").Append(E(a.Signer?.Display)).Append("</td><td class=\"nowrap\">")
                 .Append(Code(a.KeyId is null ? null : ReleaseFacts.ShortKey(a.KeyId), "")).Append("</td><td class=\"nowrap\">").Append(a.Time is { } t ? E(UtcTime.Format(t)) : "")
                 .Append("</td><td>").Append(E(a.Problem)).Append("</td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("<table>\n<caption>Who holds the keys (the trust file)</caption>\n<thead><tr><th scope=\"col\">Principal</th><th scope=\"col\">Roles</th><th scope=\"col\">Keys</th><th scope=\"col\">Trusted until</th></tr></thead>\n<tbody>\n");
        foreach (var p in v.Trust.Principals)
        {
            h.Append("<tr><td>").Append(E(p.Display)).Append("</td><td>").Append(p.Roles.Count == 0 ? "none" : E(string.Join(", ", p.Roles))).Append("</td><td>")
             .Append(string.Join(" ", p.Keys.Select(k => $"<code>{E(ReleaseFacts.ShortKey(k.Id))}</code>"))).Append("</td><td>")
             .Append(p.Expires is { } e ? E(UtcTime.Format(e)) : "no end").Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        if (v.Trust.Revocations.Count > 0)
        {
            h.Append("<table>\n<caption>Revoked keys</caption>\n<thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Revoked from</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
            foreach (var r in v.Trust.Revocations)
            {
                h.Append("<tr><td><code>").Append(E(ReleaseFacts.ShortKey(r.KeyId))).Append("</code></td><td>").Append(E(UtcTime.Format(r.At)))
                 .Append("</td><td>").Append(E(r.Reason)).Append("</td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");
    }

    private static void Approvals(StringBuilder h, ReleaseFacts f)
    {
        var approvals = f.Verdict.Approvals;
        h.Append("<section id=\"release-approvals\">\n<h2>Approvals</h2>\n");
        if (approvals.Counted.Count == 0)
        {
            h.Append("<p>No approval counts for this artefact.</p>\n");
        }
        else
        {
            h.Append("<table>\n<caption>The decisions that count (the latest of each person in each role)</caption>\n<thead><tr>")
             .Append("<th scope=\"col\">Role</th><th scope=\"col\">Decision</th><th scope=\"col\">Who</th><th scope=\"col\">When</th>")
             .Append("<th scope=\"col\">Comment</th><th scope=\"col\">Conditions</th><th scope=\"col\">Line</th></tr></thead>\n<tbody>\n");
            foreach (var c in approvals.Counted)
            {
                var decision = ReleaseFacts.DecisionOf(c.Approval.Decision);
                h.Append("<tr><td>").Append(E(c.Approval.Role)).Append("</td><td class=\"").Append(decision == "approve" ? "verdict-passed" : "verdict-failed")
                 .Append("\">").Append(decision).Append("</td><td>").Append(E(c.Signer.Display)).Append("</td><td class=\"nowrap\">").Append(E(UtcTime.Format(c.Approval.Time)))
                 .Append("</td><td>").Append(E(c.Approval.Comment)).Append("</td><td>").Append(E(ReleaseFacts.Conditions(c.Approval)))
                 .Append("</td><td>").Append(c.Line).Append("</td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        if (approvals.Ignored.Count > 0)
        {
            h.Append("<p>Approval lines that do not count:</p>\n<ul class=\"ignored\">\n");
            foreach (var reason in approvals.Ignored)
            {
                h.Append("<li>").Append(E(reason)).Append("</li>\n");
            }
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");
    }

    private static void Provenance(StringBuilder h, ReleaseFacts f)
    {
        h.Append("<section id=\"release-provenance\">\n<h2>Provenance</h2>\n");
        if (f.Provenance is not { } p)
        {
            h.Append("<p>No provenance: the bundle has no valid or unsigned SLSA provenance line, so nothing says how this artefact was built.</p>\n</section>\n");
            return;
        }
        h.Append("<table class=\"facts\">\n<tbody>\n");
        Fact(h, "Line", $"{p.Line} ({E(AttestationStatusWords.Of(p.Status))}{(p.Signer is { } s ? ", signed by " + E(s) : "")})");
        Fact(h, "Builder", Code(p.BuilderId));
        Fact(h, "Build type", Code(p.BuildType));
        Fact(h, "Finished", p.FinishedOn is { } done ? E(done) : "not stated");
        h.Append("</tbody>\n</table>\n");
        if (p.Dependencies.Count > 0)
        {
            h.Append("<table>\n<caption>Resolved dependencies</caption>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">URI</th><th scope=\"col\">Digest</th></tr></thead>\n<tbody>\n");
            foreach (var d in p.Dependencies)
            {
                h.Append("<tr><td>").Append(E(d.Name)).Append("</td><td>").Append(Code(d.Uri, "")).Append("</td><td>")
                 .Append(string.Join("<br>", d.Digest.Select(x => $"<code>{E(x.Key)}:{E(x.Value)}</code>"))).Append("</td></tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        else
        {
            h.Append("<p>The provenance names no resolved dependency.</p>\n");
        }
        h.Append("</section>\n");
    }

    private static void Trust(StringBuilder h, ReleaseFacts f)
    {
        var v = f.Verdict;
        h.Append("<section id=\"release-digests\">\n<h2>Trust and digests</h2>\n<table class=\"facts\">\n<tbody>\n");
        Fact(h, "Trust file", $"<code>{E(f.TrustFileName)}</code>, sha256 <code>{E(v.Trust.Sha256)}</code>");
        Fact(h, "Release record", f.ReleaseRecordSha256 is { } record
            ? $"bundle line sha256 <code>{E(record)}</code>"
            : v.Released ? "not recorded" : "none (blocked)");
        Fact(h, "Card", $"<code>card/model-card.json</code>, sha256 <code>{E(v.CardSha256)}</code>");
        Fact(h, "Gate evidence", $"sha256 <code>{E(v.GateEvidenceSha256)}</code>");
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Card(StringBuilder h, ReleaseFacts f)
    {
        h.Append("<section class=\"card\" id=\"release-card\">\n");
        if (f.Card.HtmlContent is { } content)
        {
            h.Append(content).Append('\n');
        }
        else
        {
            h.Append("<h2>Model card</h2>\n<p>The artefact carries no HTML card (card/model-card.html).</p>\n");
        }
        h.Append("</section>\n");
    }

    private static void Fact(StringBuilder h, string name, string valueHtml) =>
        h.Append("<tr><th scope=\"row\">").Append(name).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");

    private static string Code(string? text, string absent = "not stated") => text is null ? absent : $"<code>{E(text)}</code>";

    private static string E(string? text) => Html.Escape(text);
}
