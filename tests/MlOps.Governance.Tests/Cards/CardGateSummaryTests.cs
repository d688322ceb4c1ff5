using MlOps.Hashing;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.Rendering;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.CardTests;

/// <summary>
/// "Did it pass" is the first thing a release manager reads: the Summary table carries the gate verdict from
/// evidence/gate.json, and says "not run" when there is no gate evidence.
/// </summary>
public sealed class CardGateSummaryTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    private void WriteGate(string verdict, params (string Id, bool Met)[] requirements)
    {
        var items = string.Join(",\n", requirements.Select(r =>
            $"    {{\n      \"id\": \"{r.Id}\",\n      \"description\": \"Requirement {r.Id}\",\n      \"met\": {(r.Met ? "true" : "false")},\n      \"detail\": \"d\"\n    }}"));
        var json = "{\n  \"schema\": \"mlops.evidence.gate/v1\",\n  \"kind\": \"gate\",\n"
            + $"  \"modelSha256\": \"{Sha256Hex.Of(_inputs.ModelBytes)}\",\n  \"verdict\": \"{verdict}\",\n"
            + "  \"risk\": {\n    \"level\": \"high\",\n    \"euAiActCategory\": \"high-risk\"\n  },\n"
            + "  \"policy\": {\n    \"source\": \"governance-policy.yaml\",\n    \"level\": \"high\"\n  },\n"
            + $"  \"requirements\": [\n{items}\n  ]\n}}\n";
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "gate.json"), json);
    }

    // The Summary table: from the card's first table (after the title and description) to its end.
    private static string SummaryOf(string text, string end)
    {
        var start = text.IndexOf(text.StartsWith('<') ? "<caption>Summary</caption>" : "| | |", StringComparison.Ordinal);
        return text[start..text.IndexOf(end, start, StringComparison.Ordinal)];
    }

    [Fact]
    public void A_passed_gate_shows_its_verdict_requirement_count_and_policy_in_the_summary()
    {
        WriteGate("passed", ("a", true), ("b", true), ("c", true));
        var built = MlPackageBuilder.Build(_inputs.Request());

        var html = SummaryOf(File.ReadAllText(built.CardHtmlPath), "</table>");
        Assert.Contains("<tr><th scope=\"row\">Gate</th><td><span class=\"verdict-passed\">passed</span>: 3 of 3 requirements met (policy <code>governance-policy.yaml</code>)</td></tr>", html);
        Assert.DoesNotContain("unmet", html);
        var md = SummaryOf(File.ReadAllText(built.CardMarkdownPath), "\n\n## ");
        Assert.Contains("| Gate | **passed**: 3 of 3 requirements met (policy governance-policy.yaml) |", md);
    }

    [Fact]
    public void A_failed_gate_shows_the_unmet_count_linked_to_the_gate_section()
    {
        WriteGate("failed", ("a", true), ("b", false), ("c", true), ("d", false));
        var built = MlPackageBuilder.Build(_inputs.Request());

        var page = File.ReadAllText(built.CardHtmlPath);
        var html = SummaryOf(page, "</table>");
        Assert.Contains("<span class=\"verdict-failed\">failed</span>: 2 of 4 requirements met (policy <code>governance-policy.yaml</code>); <a href=\"#evidence-gate\">2 unmet requirements</a>", html);
        // The link resolves: the gate section carries the id it points to, exactly once.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "id=\"evidence-gate\""));
        Assert.Contains("<section id=\"evidence-gate\">\n<h3>Evidence: gate", page);

        var markdown = File.ReadAllText(built.CardMarkdownPath);
        Assert.Contains("| Gate | **failed**: 2 of 4 requirements met (policy governance-policy.yaml); [2 unmet requirements](#evidence-gate-failed) |", SummaryOf(markdown, "\n\n## "));
        // GitHub's anchor for the heading the link targets.
        Assert.Contains("\n### Evidence: gate (failed)\n", markdown);
    }

    [Fact]
    public void Without_gate_evidence_the_summary_says_not_run_and_invents_no_verdict()
    {
        var built = MlPackageBuilder.Build(_inputs.Request());

        var html = SummaryOf(File.ReadAllText(built.CardHtmlPath), "</table>");
        Assert.Contains("<tr><th scope=\"row\">Gate</th><td><span class=\"verdict-info\">not run</span> (no gate evidence)</td></tr>", html);
        Assert.DoesNotContain("verdict-passed", html);
        Assert.DoesNotContain("verdict-failed", html);
        var md = SummaryOf(File.ReadAllText(built.CardMarkdownPath), "\n\n## ");
        Assert.Contains("| Gate | not run (no gate evidence) |", md);
    }

    [ChromiumFact]
    public void A_failed_verdict_is_visible_in_the_first_screen_of_the_card_in_a_browser()
    {
        WriteGate("failed", ("a", true), ("b", false));
        var built = MlPackageBuilder.Build(_inputs.Request());

        var (dom, console) = HeadlessChromium.DumpDom(built.CardHtmlPath);
        Assert.Empty(console);
        Assert.Contains("<a href=\"#evidence-gate\">1 unmet requirement</a>", dom);
        // The verdict's red (.verdict-failed, #a00000) is on screen in the top 600 pixels, before any scrolling.
        var png = PngImage.Decode(HeadlessChromium.Screenshot(built.CardHtmlPath, 1200, 600));
        var red = 0;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                var (r, g, b) = png.Pixel(x, y);
                red += r > 140 && g < 60 && b < 60 ? 1 : 0;
            }
        }
        Assert.True(red > 20, $"only {red} red pixels in the first screen");
    }
}
