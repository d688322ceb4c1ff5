using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.Rendering;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.CardTests;

/// <summary>The HTML card as a browser sees it (chromium, headless, offline).</summary>
public sealed class CardInBrowserTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    [ChromiumFact]
    public void The_card_loads_without_console_messages_and_shows_the_highlighted_cell()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());
        var (dom, console) = HeadlessChromium.DumpDom(result.CardHtmlPath);
        Assert.Empty(console);
        Assert.Contains("aria-current=\"true\"", dom);
        Assert.Contains("this model", dom);
        Assert.Contains(result.Digest, dom);
        Assert.DoesNotContain("<script", dom);
    }

    [ChromiumFact]
    public void Printing_shows_the_folded_parts_open()
    {
        File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "drift-report.json"), DriftReport);
        var card = MlPackageBuilder.Build(_inputs.Request()).CardHtmlPath;
        var html = File.ReadAllText(card);
        Assert.Contains("<details>", html);
        var opened = Path.Combine(_inputs.Root, "opened.html");
        File.WriteAllText(opened, html.Replace("<details>", "<details open>", StringComparison.Ordinal));
        var unprinted = Path.Combine(_inputs.Root, "unprinted.html");
        File.WriteAllText(unprinted, html.Replace("details::details-content{content-visibility:visible;display:contents}", "", StringComparison.Ordinal));

        // Folded on screen, the card prints as long as with every fold opened; without the print rule it would print shorter.
        var printed = HeadlessChromium.PrintedPages(card);
        Assert.Equal(HeadlessChromium.PrintedPages(opened), printed);
        Assert.True(HeadlessChromium.PrintedPages(unprinted) < printed, "the folded parts take pages when printed");
    }

    // Enough features that the folded histograms take more than a page.
    private static string DriftReport => "{\n  \"schema\": \"mlops.evidence.drift-report/v1\",\n  \"kind\": \"drift-report\",\n  \"modelSha256\": null,\n  \"verdict\": \"passed\",\n"
        + "  \"datasetDrift\": false,\n  \"driftedShare\": 0,\n  \"features\": {\n"
        + string.Join(",\n", Enumerable.Range(0, 12).Select(i =>
            $"    \"f{i:00}\": {{\"type\": \"numeric\", \"method\": \"ks\", \"score\": 0.01, \"threshold\": 0.1, \"psi\": 0.01, \"drifted\": false, "
            + "\"bins\": {\"labels\": [\"a\", \"b\", \"c\"], \"reference\": [0.2, 0.3, 0.5], \"current\": [0.25, 0.3, 0.45]}}"))
        + "\n  }\n}\n";
}
