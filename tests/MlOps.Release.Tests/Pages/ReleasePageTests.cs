using System.Text.Json.Nodes;
using MlOps.Hashing;
using MlOps.Release.Approvals;
using MlOps.Release.Pages;

namespace MlOps.Release.Tests.Pages;

public sealed class ReleasePageTests : IDisposable
{
    private readonly ReleaseScenario _s = new();

    public void Dispose() => _s.Dispose();

    private string Out(string name = "release") => Path.Combine(_s.Root, name);

    private static string Banner(string html)
    {
        var start = html.IndexOf("<header class=\"banner", StringComparison.Ordinal);
        Assert.True(start >= 0, "no banner");
        return html[start..html.IndexOf("</header>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Released_page_starts_with_the_released_banner()
    {
        _s.ApproveByEveryone();
        var verdict = _s.Evaluate();
        Assert.True(verdict.Released, string.Join("\n", verdict.Unmet.Select(u => $"{u.Id}: {u.Detail}")));

        var files = ReleasePage.Write(Out(), verdict, _s.RecordRelease(verdict));

        var html = File.ReadAllText(files.Html);
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        Assert.StartsWith("<body>\n<main>\n<header class=\"banner released\"", body);
        Assert.Contains("<h1><span class=\"decision\">RELEASED</span> credit-risk 1.2.0</h1>", Banner(html));
        Assert.Contains("Risk level <strong>high</strong>, EU AI Act category <strong>high-risk</strong>", Banner(html));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]"));
        var order = new[] { "</header>", "<h2>Signatures</h2>", "<h2>Approvals</h2>", "<h2>Provenance</h2>", "<h2>Trust and digests</h2>", "<h2>Every requirement</h2>", "<section class=\"card\"" }
            .Select(marker => html.IndexOf(marker, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.StartsWith("# RELEASED: credit-risk 1.2.0\n\nRisk level **high**, EU AI Act category **high-risk**.", File.ReadAllText(files.Markdown));
    }

    [Fact]
    public void Blocked_page_names_every_unmet_requirement_in_its_banner()
    {
        _s.Approve(_s.Alice, "model-owner", "fine by me", ReleaseScenario.Now.AddDays(-1));
        _s.Approve(_s.Bob, "risk-manager", "age group gap not explained", ReleaseScenario.Now.AddHours(-2), ApprovalDecision.Reject);
        var verdict = _s.Evaluate();
        Assert.False(verdict.Released);
        Assert.Contains(verdict.Unmet, u => u.Id == "approval.risk-manager");
        Assert.Contains(verdict.Unmet, u => u.Id == "approval.noRejection");

        var files = ReleasePage.Write(Out(), verdict, null);

        var html = File.ReadAllText(files.Html);
        var banner = Banner(html);
        Assert.Contains("<span class=\"decision\">BLOCKED</span> credit-risk 1.2.0", banner);
        Assert.Contains($"{verdict.Unmet.Count} of {verdict.Requirements.Count} requirements are not met:", banner);
        var markdown = File.ReadAllText(files.Markdown);
        var mdBanner = markdown[..markdown.IndexOf("## Signatures", StringComparison.Ordinal)];
        Assert.StartsWith("# BLOCKED: credit-risk 1.2.0\n", markdown);
        foreach (var unmet in verdict.Unmet)
        {
            Assert.Contains($"<li><strong>{Governance.Cards.Html.Escape(unmet.Description)}</strong>: {Governance.Cards.Html.Escape(unmet.Detail)}</li>", banner);
            Assert.Contains($"- **{Governance.Cards.MarkdownText.Cell(unmet.Description)}**: {Governance.Cards.MarkdownText.Cell(unmet.Detail)}", mdBanner);
        }
        foreach (var met in verdict.Requirements.Where(r => r.Met))
        {
            Assert.DoesNotContain(Governance.Cards.Html.Escape(met.Description), banner);
        }
        Assert.Contains("none (blocked)", html);
    }

    [Fact]
    public void A_comment_that_is_markup_appears_as_text()
    {
        _s.ApproveByEveryone();
        var files = ReleasePage.Write(Out(), _s.Evaluate(), null);

        var html = File.ReadAllText(files.Html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("EO gap accepted &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; reviewed", html);
        Assert.Contains("EO gap accepted \\<script\\>alert('x')\\</script\\> & reviewed", File.ReadAllText(files.Markdown));
        var counted = JsonNode.Parse(File.ReadAllText(files.Json))!["approvals"]!["counted"]!.AsArray();
        Assert.Equal("EO gap accepted <script>alert('x')</script> & reviewed", counted[0]!["comment"]!.GetValue<string>());
    }

    [Fact]
    public void The_same_verdict_gives_the_same_bytes_wherever_the_files_lie()
    {
        _s.ApproveByEveryone();
        var first = ReleasePage.Write(Out("one"), _s.Evaluate(), null);
        var again = ReleasePage.Write(Out("two"), _s.Evaluate(), null);
        // The artefact, its bundle and the trust file moved elsewhere: the page must not know where they lie.
        var moved = Directory.CreateDirectory(Path.Combine(_s.Root, "elsewhere", "governance")).FullName;
        var artefact = Path.Combine(_s.Root, "elsewhere", Path.GetFileName(_s.ArtefactPath));
        File.Copy(_s.ArtefactPath, artefact);
        File.Copy(_s.BundlePath, artefact + ".intoto.jsonl");
        Directory.CreateDirectory(Path.Combine(moved, "keys"));
        foreach (var pub in Directory.GetFiles(Path.Combine(_s.Root, "governance", "keys"), "*.pub"))
        {
            File.Copy(pub, Path.Combine(moved, "keys", Path.GetFileName(pub)));
        }
        File.Copy(_s.TrustPath, Path.Combine(moved, "trust.yaml"));
        var elsewhere = ReleasePage.Write(Path.Combine(_s.Root, "elsewhere", "page"), _s.Evaluate(artefact, Path.Combine(moved, "trust.yaml")), null);

        foreach (var (a, b, c) in new[] { (first.Html, again.Html, elsewhere.Html), (first.Markdown, again.Markdown, elsewhere.Markdown), (first.Json, again.Json, elsewhere.Json) })
        {
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(c));
            Assert.DoesNotContain(_s.Root, File.ReadAllText(a));
            Assert.DoesNotContain(Environment.MachineName, File.ReadAllText(a));
        }
    }

    [Fact]
    public void Release_json_carries_the_decision_and_everything_it_rests_on()
    {
        _s.ApproveByEveryone();
        var verdict = _s.Evaluate();
        var record = _s.RecordRelease(verdict);

        var json = JsonNode.Parse(File.ReadAllText(ReleasePage.Write(Out(), verdict, record).Json))!.AsObject();

        Assert.Equal(
            ["schema", "decision", "time", "model", "artefact", "risk", "policy", "requirements", "attestations", "approvals", "provenance", "trust", "card", "gateEvidence", "releaseRecord"],
            json.Select(p => p.Key));
        Assert.Equal("mlops.release-page/v1", json["schema"]!.GetValue<string>());
        Assert.Equal("released", json["decision"]!.GetValue<string>());
        Assert.Equal("2026-06-01T12:00:00Z", json["time"]!.GetValue<string>());
        Assert.Equal("credit-risk", json["model"]!["name"]!.GetValue<string>());
        Assert.Equal(Path.GetFileName(_s.ArtefactPath), json["artefact"]!["name"]!.GetValue<string>());
        Assert.Equal(Sha256Hex.OfFile(_s.ArtefactPath), json["artefact"]!["sha256"]!.GetValue<string>());
        Assert.Equal("governance-policy.yaml", json["policy"]!.GetValue<string>());
        var requirements = json["requirements"]!.AsArray();
        Assert.Equal(verdict.Requirements.Select(r => r.Id), requirements.Select(r => r!["id"]!.GetValue<string>()));
        Assert.All(requirements, r => Assert.Equal(["id", "description", "met", "detail"], r!.AsObject().Select(p => p.Key)));
        Assert.All(requirements, r => Assert.True(r!["met"]!.GetValue<bool>()));
        var attestations = json["attestations"]!.AsArray();
        Assert.Equal(["provenance", "approval", "approval", "approval"], attestations.Select(a => a!["kind"]!.GetValue<string>()));
        Assert.Equal(["valid", "valid", "valid", "unknownKey"], attestations.Select(a => a!["status"]!.GetValue<string>()));
        Assert.Equal("Alice Example", attestations[1]!["signer"]!["name"]!.GetValue<string>());
        Assert.Null(attestations[3]!["signer"]);
        Assert.Equal(_s.Carol.Id, attestations[3]!["keyId"]!.GetValue<string>());
        Assert.Contains("does not name", attestations[3]!["problem"]!.GetValue<string>());
        var counted = json["approvals"]!["counted"]!.AsArray();
        Assert.Equal(["model-owner", "risk-manager"], counted.Select(c => c!["role"]!.GetValue<string>()));
        Assert.Equal("2027-01-01T00:00:00Z", counted[1]!["conditions"]!["expires"]!.GetValue<string>());
        Assert.Equal("EU branches", counted[1]!["conditions"]!["scope"]!.GetValue<string>());
        Assert.Null(counted[0]!["conditions"]!["expires"]);
        Assert.Contains("does not name", Assert.Single(json["approvals"]!["ignored"]!.AsArray())!.GetValue<string>());
        Assert.Equal("https://mlopsbuild.dev/builder/msbuild@0.1.0", json["provenance"]!["builderId"]!.GetValue<string>());
        Assert.Equal("trust.yaml", json["trust"]!["file"]!.GetValue<string>());
        Assert.Equal(Sha256Hex.OfFile(_s.TrustPath), json["trust"]!["sha256"]!.GetValue<string>());
        Assert.Equal(3, json["trust"]!["principals"]!.AsArray().Count);
        Assert.Equal("lost laptop", json["trust"]!["revoked"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(_s.CardSha256, json["card"]!["sha256"]!.GetValue<string>());
        Assert.Equal(record, json["releaseRecord"]!["sha256"]!.GetValue<string>());
    }

    [Fact]
    public void Signatures_name_every_line_and_who_holds_the_keys()
    {
        _s.ApproveByEveryone();
        var html = File.ReadAllText(ReleasePage.Write(Out(), _s.Evaluate(), null).Html);

        Assert.Contains($"<tr><td>2</td><td>approval</td><td class=\"status-valid\">valid</td><td>Alice Example &lt;alice@example.org&gt;</td><td class=\"nowrap\"><code>{_s.Alice.Id[..16]}</code></td><td class=\"nowrap\">2026-05-30T12:00:00Z</td><td></td></tr>", html);
        Assert.Contains($"<tr><td>4</td><td>approval</td><td class=\"status-problem\">unknown key</td><td></td><td class=\"nowrap\"><code>{_s.Carol.Id[..16]}</code></td>", html);
        Assert.Contains($"<tr><td>Bob Example &lt;bob@example.org&gt;</td><td>risk-manager</td><td><code>{_s.Bob.Id[..16]}</code></td><td>no end</td></tr>", html);
        Assert.Contains("<td>expires 2027-01-01T00:00:00Z; scope: EU branches</td>", html);
        Assert.Contains("not recorded", html);
    }

    [Fact]
    public void Provenance_is_summarised_from_the_slsa_field_names()
    {
        _s.AddProvenance(signed: false);
        var files = ReleasePage.Write(Out(), _s.Evaluate(), null);

        var html = File.ReadAllText(files.Html);
        Assert.Contains("<tr><th scope=\"row\">Line</th><td>1 (unsigned)</td></tr>", html);
        Assert.Contains("<code>https://mlopsbuild.dev/builder/msbuild@0.1.0</code>", html);
        Assert.Contains("<code>https://mlopsbuild.dev/build/v1</code>", html);
        Assert.Contains("<td>2026-05-01T09:05:00Z</td>", html);
        Assert.Contains("<code>gitCommit:0123456789abcdef0123456789abcdef01234567</code>", html);
        Assert.Contains("<td>train.csv</td><td></td>", html);
        var provenance = JsonNode.Parse(File.ReadAllText(files.Json))!["provenance"]!;
        Assert.Equal("unsigned", provenance["status"]!.GetValue<string>());
        Assert.Equal(2, provenance["resolvedDependencies"]!.AsArray().Count);
        Assert.Equal("git+https://example.org/credit-risk.git", provenance["resolvedDependencies"]![0]!["uri"]!.GetValue<string>());
    }

    [Fact]
    public void Without_provenance_the_page_says_so()
    {
        var files = ReleasePage.Write(Out(), _s.Evaluate(), null);

        Assert.Contains("<p>No provenance:", File.ReadAllText(files.Html));
        Assert.Contains("\nNo provenance:", File.ReadAllText(files.Markdown));
        Assert.Null(JsonNode.Parse(File.ReadAllText(files.Json))!["provenance"]);
        Assert.Contains("<p>The artefact has no attestation bundle", File.ReadAllText(files.Html));
    }

    [Fact]
    public void The_sealed_card_follows_as_a_section_of_the_page()
    {
        _s.ApproveByEveryone();
        var files = ReleasePage.Write(Out(), _s.Evaluate(), null);

        var html = File.ReadAllText(files.Html);
        var card = html[html.IndexOf("<section class=\"card\"", StringComparison.Ordinal)..];
        Assert.StartsWith("<section class=\"card\" id=\"release-card\">\n<h2>Model card: credit-risk 1.2.0</h2>", card);
        Assert.Contains("<h3>Identity and integrity</h3>", card);
        Assert.Contains("See &lt;b&gt;the runbook&lt;/b&gt;", card);
        Assert.True(html.IndexOf("id=\"release-requirements\"", StringComparison.Ordinal) < html.IndexOf("id=\"release-card\"", StringComparison.Ordinal));
        var markdown = File.ReadAllText(files.Markdown);
        Assert.Contains("\n## Model card: credit-risk 1.2.0\n", markdown);
        Assert.Contains("\n### Identity and integrity\n", markdown);
        Assert.DoesNotContain("\n# Model card", markdown);
    }

    [Fact]
    public void The_out_folder_is_created_and_a_blocked_verdict_has_no_release_record()
    {
        var verdict = _s.Evaluate();
        var nested = Path.Combine(_s.Root, "a", "b", "release");

        var files = ReleasePage.Write(nested, verdict, null);

        Assert.True(File.Exists(files.Html) && File.Exists(files.Markdown) && File.Exists(files.Json));
        Assert.Throws<ArgumentException>(() => ReleasePage.Write(nested, verdict, new string('a', 64)));
    }

    [Fact]
    public void Markdown_headings_move_one_level_down_except_inside_code_fences()
    {
        var demoted = SealedCard.DemoteMarkdown("# Title\n\ntext #1\n## Part\n```\n# not a heading\n```\n###### deepest\n#hashtag\n");

        Assert.Equal("## Title\n\ntext #1\n### Part\n```\n# not a heading\n```\n###### deepest\n#hashtag\n", demoted);
    }

    [Fact]
    public void Html_headings_move_one_level_down()
    {
        Assert.Equal("<h2>A</h2><h3 id=\"x\">B</h3><h6>C</h6><hr>", SealedCard.DemoteHtml("<h1>A</h1><h2 id=\"x\">B</h2><h6>C</h6><hr>"));
    }
}
