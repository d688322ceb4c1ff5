using System.Text;
using MlOps.Governance.Tests.Rendering;
using MlOps.Release.Dossier;

namespace MlOps.Release.Tests.Dossier;

/// <summary>The Annex IV dossier of a real artefact: sections, citations, gaps, signatures, escaping, determinism.</summary>
public sealed class DossierTests
{
    private static readonly DossierSignature Approval = new(
        "Alice Example", "alice@example.org", "risk-manager", "approval", "approve", "2026-12-01T10:00:00Z", new string('a', 64), Valid: true, Problem: null);

    private static TechnicalDossier Dossier(DossierArtefact artefact, params DossierSignature[] signatures) =>
        DossierBuilder.Build(DossierSource.FromArtefact(artefact.PackagePath), signatures);

    [Fact]
    public void Every_Annex_IV_section_is_present_in_order_with_its_citation()
    {
        using var artefact = new DossierArtefact();
        var html = DossierHtmlRenderer.Render(Dossier(artefact, Approval));
        var markdown = DossierMarkdownRenderer.Render(Dossier(artefact, Approval));
        var last = -1;
        foreach (var point in AnnexIvPoint.All)
        {
            var at = html.IndexOf($"<section id=\"annex-iv-{point.Number}\">\n<h2>{point.Number}. {point.Title}</h2>", StringComparison.Ordinal);
            Assert.True(at > last, $"section {point.Number} is missing or out of order");
            last = at;
            Assert.Contains($"<strong>Annex IV point {point.Number}:</strong> {System.Net.WebUtility.HtmlEncode(point.Wording)}", html);
            Assert.Contains($"## {point.Number}. {point.Title}\n\n> **Annex IV point {point.Number}:**", markdown);
        }
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9"], AnnexIvPoint.All.Select(p => p.Number));
        Assert.Contains("test reports dated and signed by the responsible persons", AnnexIvPoint.Development.Wording);
        Assert.Contains("Article 47", AnnexIvPoint.DeclarationOfConformity.Wording);
        Assert.Contains("Article 72(3)", AnnexIvPoint.PostMarketMonitoring.Wording);
        Assert.Contains("Article 9", AnnexIvPoint.RiskManagement.Wording);
    }

    [Fact]
    public void A_card_with_every_field_evidence_and_a_valid_approval_has_no_gaps()
    {
        using var artefact = new DossierArtefact();
        var dossier = Dossier(artefact, Approval);
        Assert.Empty(dossier.Gaps);
        var html = DossierHtmlRenderer.Render(dossier);
        Assert.DoesNotContain("missing:", html);
        Assert.Contains("<span class=\"complete\">none</span>", html);
        // The sections are filled from the card and the evidence.
        Assert.Contains("Weekly drift comparison against the baseline", html);
        Assert.Contains("ISO/IEC 42001:2023", html);
        Assert.Contains("EU-DoC-credit-risk-1.2.0", html);
        Assert.Contains("Quarterly risk review", html);
        Assert.Contains("1.2.0: retrained on 2024 data", html);
        Assert.Contains("ROC AUC ranks applicants", html);
        Assert.Contains("A credit officer confirms every adverse decision.", html);
        Assert.Contains("evidence/drift-baseline.json", html);
    }

    public static TheoryData<string, string, string> CardFieldGaps => new()
    {
        { "metricsRationale", "4", "missing: why the performance metrics are appropriate — add `metricsRationale:` to the card" },
        { "riskManagement", "5", "missing: risk management system — add `riskManagement:` to the card" },
        { "lifecycleChanges", "6", "missing: changes through the life cycle — add `lifecycleChanges:` to the card" },
        { "standardsApplied", "7", "missing: standards applied — add `standardsApplied:` to the card" },
        { "declarationOfConformity", "8", "missing: EU declaration of conformity — add `declarationOfConformity:` to the card" },
        { "postMarketMonitoring", "9", "missing: post-market monitoring plan — add `postMarketMonitoring:` to the card" },
    };

    [Theory]
    [MemberData(nameof(CardFieldGaps))]
    public void Removing_an_Annex_IV_card_field_yields_exactly_its_gap(string field, string point, string message)
    {
        using var artefact = new DossierArtefact(without: [field]);
        var dossier = Dossier(artefact, Approval);
        var gap = Assert.Single(dossier.Gaps);
        Assert.Equal(message, gap.Message);
        Assert.Equal(point, gap.Point);
        Assert.Equal(gap, Assert.Single(dossier.Sections.Single(s => s.Point.Number == point).Gaps));
        var code = message[(message.IndexOf('`') + 1)..message.LastIndexOf('`')];
        Assert.Contains($"<li>missing: {System.Net.WebUtility.HtmlEncode(message[9..message.IndexOf('`')])}<code>{code}</code> to the card</li>", DossierHtmlRenderer.Render(dossier));
        Assert.Contains("- " + message + "\n", DossierMarkdownRenderer.Render(dossier));
    }

    [Fact]
    public void Without_signatures_the_signed_approvals_are_the_gap_of_point_2()
    {
        using var artefact = new DossierArtefact();
        var dossier = Dossier(artefact);
        var gap = Assert.Single(dossier.Gaps);
        Assert.Equal("2", gap.Point);
        Assert.Equal("missing: signed approvals — run `mlops approve`", gap.Message);
        Assert.Contains("No signatures were given.", DossierHtmlRenderer.Render(dossier));
    }

    [Fact]
    public void A_rejection_or_an_invalid_approval_does_not_count_as_a_signed_approval()
    {
        using var artefact = new DossierArtefact();
        var rejected = Approval with { Decision = "reject" };
        var invalid = Approval with { Valid = false, Problem = "signed by a revoked key" };
        var provenance = Approval with { Statement = "provenance", Decision = null, Role = "builder" };
        var dossier = Dossier(artefact, rejected, invalid, provenance);
        Assert.Equal("missing: signed approvals — run `mlops approve`", Assert.Single(dossier.Gaps).Message);
        Assert.Contains("invalid: signed by a revoked key", DossierHtmlRenderer.Render(dossier));
    }

    [Fact]
    public void Without_evidence_and_Annex_IV_fields_every_gap_is_named_in_its_section()
    {
        using var artefact = new DossierArtefact(without: DossierArtefact.AnnexIvFields.Keys, evidence: false);
        var messages = Dossier(artefact).Gaps.Select(g => $"{g.Point}: {g.Message}").ToList();
        Assert.Equal(
        [
            "2: missing: test report on accuracy (evaluation evidence) — run `mlops evaluate` and rebuild the artefact with its evidence",
            "2: missing: test report on potentially discriminatory impacts (fairness evidence) — run `mlops fairness` and rebuild the artefact with its evidence",
            "2: missing: signed approvals — run `mlops approve`",
            "4: missing: why the performance metrics are appropriate — add `metricsRationale:` to the card",
            "5: missing: risk management system — add `riskManagement:` to the card",
            "6: missing: changes through the life cycle — add `lifecycleChanges:` to the card",
            "7: missing: standards applied — add `standardsApplied:` to the card",
            "8: missing: EU declaration of conformity — add `declarationOfConformity:` to the card",
            "9: missing: post-market monitoring plan — add `postMarketMonitoring:` to the card",
            "9: missing: drift baseline to compare production data with — run `mlops drift baseline` and rebuild the artefact with its evidence",
        ], messages);
    }

    [Fact]
    public void Section_2g_lists_every_test_report_with_its_sha256_and_date_and_the_signatures()
    {
        using var artefact = new DossierArtefact();
        var dossier = Dossier(artefact, Approval);
        var html = DossierHtmlRenderer.Render(dossier);
        Assert.Equal("2023-11-14T22:13:20Z", dossier.Date); // SOURCE_DATE_EPOCH 1700000000
        using var package = Governance.Artefacts.MlPackageReader.Open(artefact.PackagePath);
        foreach (var e in package.ReadEvidence())
        {
            Assert.Contains($"<tr><td>{e.Kind}</td><td>{e.Verdict}</td><td><code>{e.MemberPath}</code></td><td><code>{e.Sha256}</code></td><td>2023-11-14T22:13:20Z</td></tr>", html);
        }
        Assert.Contains("<tr><td>Alice Example</td><td>alice@example.org</td><td>risk-manager</td><td>approval</td><td>approve</td><td>2026-12-01T10:00:00Z</td>"
            + $"<td><code>{new string('a', 64)}</code></td><td>valid</td></tr>", html);
    }

    [Fact]
    public void Signatures_and_card_text_are_escaped()
    {
        using var artefact = new DossierArtefact(without: ["standardsApplied", "declarationOfConformity"],
            extraCard: "standardsApplied: [\"<script>alert(1)</script>\"]\ndeclarationOfConformity: \"<img src=x onerror=alert(2)> & more\"\n");
        var hostile = Approval with { Signer = "<script>alert(3)</script>", Email = "a\"b@example.org", Role = "<b>role</b>", Problem = "<i>x</i>", Valid = false };
        var html = DossierHtmlRenderer.Render(Dossier(artefact, hostile, Approval));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>role", html);
        Assert.DoesNotContain("<i>x", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;script&gt;alert(3)&lt;/script&gt;", html);
        Assert.Contains("a&quot;b@example.org", html);
        Assert.Contains("invalid: &lt;i&gt;x&lt;/i&gt;", html);
        HtmlShape.AssertBalanced(html);
    }

    [Fact]
    public void The_authors_headings_sit_below_the_sections_headings()
    {
        using var artefact = new DossierArtefact();
        var dossier = Dossier(artefact, Approval);
        // The sample card's body starts with "# Notes".
        var html = DossierHtmlRenderer.Render(dossier);
        Assert.Contains("<h4>Notes</h4>", html);
        Assert.DoesNotContain("<h1>Notes", html);
        Assert.Contains("\n#### Notes\n", DossierMarkdownRenderer.Render(dossier));
    }

    [Fact]
    public void The_same_artefact_and_signatures_give_the_same_bytes()
    {
        using var first = new DossierArtefact();
        using var second = new DossierArtefact();
        Assert.Equal(first.Result.Digest, second.Result.Digest);
        var a = first.PathIn("a.html");
        var b = second.PathIn("b.html");
        DossierFile.Write(a, Dossier(first, Approval));
        DossierFile.Write(b, Dossier(second, Approval));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        DossierFile.Write(first.PathIn("a.md"), Dossier(first, Approval));
        DossierFile.Write(second.PathIn("b.md"), Dossier(second, Approval));
        Assert.Equal(File.ReadAllBytes(first.PathIn("a.md")), File.ReadAllBytes(second.PathIn("b.md")));
        Assert.StartsWith("# Technical documentation (EU AI Act Annex IV): credit-risk 1.2.0\n", File.ReadAllText(first.PathIn("a.md"), Encoding.UTF8));
        Assert.StartsWith("<!DOCTYPE html>\n", File.ReadAllText(a, Encoding.UTF8));
    }

    [Fact]
    public void The_page_has_balanced_tags()
    {
        using var artefact = new DossierArtefact();
        HtmlShape.AssertBalanced(DossierHtmlRenderer.Render(Dossier(artefact, Approval)));
        using var bare = new DossierArtefact(without: DossierArtefact.AnnexIvFields.Keys, evidence: false);
        HtmlShape.AssertBalanced(DossierHtmlRenderer.Render(Dossier(bare)));
    }

    [ChromiumFact]
    public void The_page_loads_in_chromium_without_console_messages_and_shows_every_section()
    {
        using var artefact = new DossierArtefact(without: ["postMarketMonitoring"]);
        var path = artefact.PathIn("dossier.html");
        DossierFile.Write(path, Dossier(artefact, Approval));
        var (dom, console) = HeadlessChromium.DumpDom(path);
        Assert.Empty(console);
        foreach (var point in AnnexIvPoint.All)
        {
            Assert.Contains($"id=\"{point.Anchor}\"", dom);
        }
        Assert.Contains("missing: post-market monitoring plan — add <code>postMarketMonitoring:</code> to the card", dom);
        Assert.DoesNotContain("<script", dom);
    }
}
