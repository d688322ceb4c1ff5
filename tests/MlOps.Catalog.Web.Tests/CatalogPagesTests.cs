using Microsoft.Playwright;
using MlOps.Catalog.Web.Tests.Support;
using MlOps.Governance.Tests.Rendering;

namespace MlOps.Catalog.Web.Tests;

/// <summary>The pages in a real browser (Debian's chromium through Playwright) over a real SQLite catalog.</summary>
public sealed class CatalogPagesTests(Browser browser) : IClassFixture<Browser>, IDisposable
{
    private readonly CatalogServer server = new();

    public void Dispose() => server.Dispose();

    [ChromiumFact]
    public async Task Model_list_shows_stage_badges_and_latest_versions()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(server.Url("/"));
        Assert.Equal(200, response!.Status);
        var rows = page.Locator("table.models tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        var credit = rows.Filter(new() { HasText = "credit-risk" });
        Assert.Equal("production", await credit.Locator("td .badge.production").InnerTextAsync());
        Assert.Contains("1.1.0", await credit.Locator("td").Nth(2).InnerTextAsync());
        Assert.Contains("1.2.0", await credit.Locator("td").Nth(3).InnerTextAsync());
        Assert.Contains("1.2.0", await credit.Locator("td").Nth(1).InnerTextAsync());
        var fraud = rows.Filter(new() { HasText = "fraud" });
        Assert.Equal(0, await fraud.Locator(".badge.production").CountAsync());
        Assert.Equal("staging", await fraud.Locator(".badge.staging").InnerTextAsync());
    }

    [ChromiumFact]
    public async Task Search_box_filters_the_list_without_script()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/"));
        await page.GetByLabel("Search models").FillAsync("fraud");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=fraud", StringComparison.Ordinal));
        var rows = page.Locator("table.models tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains("fraud", await rows.First.InnerTextAsync());
        Assert.Equal("fraud", await page.GetByLabel("Search models").InputValueAsync());

        await page.GotoAsync(server.Url("/?q=no-such-model"));
        Assert.Contains("No model matches", await page.Locator("main").InnerTextAsync());
    }

    [ChromiumFact]
    public async Task Version_page_leads_with_the_decision_then_usage_and_drift_as_svg()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(server.Url("/models/credit-risk/1.1.0"));
        Assert.Equal(200, response!.Status);
        var decision = page.Locator("section.decision");
        var text = await decision.InnerTextAsync();
        Assert.Contains("production", text);
        Assert.Contains("medium", text);
        Assert.Contains("high-risk", text);
        Assert.Equal("passed: 2 of 2 requirements met", (await decision.Locator("dd.gate").InnerTextAsync()).Trim());
        var approval = decision.Locator("table.approvals tbody tr");
        Assert.Equal(1, await approval.CountAsync());
        Assert.Contains("model-owner", await approval.InnerTextAsync());
        Assert.Contains("approve", await approval.InnerTextAsync());
        // The approver's comment is text: its markup shows, it does not render.
        Assert.Contains("Looks right <b>to me</b>.", await approval.InnerTextAsync());
        Assert.Equal(0, await approval.Locator("b").CountAsync());

        // Usage on days 1, 2 and 4 of a four-day span: four bars, the third empty, the tallest 200 calls.
        var bars = page.Locator("svg.usage rect.bar");
        Assert.Equal(4, await bars.CountAsync());
        Assert.Equal("0", await bars.Nth(2).GetAttributeAsync("height"));
        Assert.Contains("2026-11-07: 150 calls", await bars.Nth(0).Locator("title").TextContentAsync());
        Assert.Contains("200", await page.Locator("svg.usage text").First.TextContentAsync());
        Assert.Equal("Calls per day", await page.Locator("svg.usage > title").TextContentAsync());

        // Three checks, the middle one drifted and highlighted, with its features listed.
        Assert.Equal(3, await page.Locator("svg.drift circle.check").CountAsync());
        var drifted = page.Locator("svg.drift circle.check.drifted");
        Assert.Equal(1, await drifted.CountAsync());
        Assert.Equal("rgb(207, 34, 46)", await drifted.EvaluateAsync<string>("e => getComputedStyle(e).fill"));
        Assert.Contains("income, age", await page.Locator("table.drift tr.drifted").InnerTextAsync());

        Assert.Contains("0123abcd4567ef", await page.Locator("#lineage + dl").InnerTextAsync());
        Assert.Equal(1, await page.Locator("table.attestations tbody tr").CountAsync());
        Assert.Contains("Scoring loan applications", await page.Locator("main").InnerTextAsync());
    }

    [ChromiumFact]
    public async Task Failed_gate_lists_the_unmet_requirements()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/models/credit-risk/1.2.0"));
        Assert.StartsWith("failed", (await page.Locator("dd.gate").InnerTextAsync()).Trim());
        Assert.Equal(["Fairness evidence present: no fairness evidence"], await page.Locator("ul.unmet li").AllInnerTextsAsync());
        Assert.Contains("No approvals recorded", await page.Locator("section.decision").InnerTextAsync());
    }

    [ChromiumFact]
    public async Task A_script_in_a_card_title_is_shown_as_text_and_never_runs()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/models/fraud/0.2.0"));
        Assert.Equal(CatalogSamples.ScriptTitle, await page.Locator("h3.card-title").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned"));

        await page.GotoAsync(server.Url("/"));
        Assert.Contains(CatalogSamples.ScriptTitle, await page.Locator("table.models").InnerTextAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned"));
    }

    [ChromiumFact]
    public async Task Model_page_lists_versions_and_the_stage_history()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/models/credit-risk"));
        Assert.Equal(3, await page.Locator("table.versions tbody tr").CountAsync());
        Assert.Equal("archived", await page.Locator("table.versions tbody tr", new() { HasText = "1.0.0" }).Locator(".badge").InnerTextAsync());
        var history = await page.Locator("table.stage-history").InnerTextAsync();
        Assert.Contains("carol", history);
        Assert.Contains("better auc", history);
        // Wait for the navigation the click starts, from before the click (no race with a fast load), and only until the
        // new URL is committed: a loaded CI machine once took over 30 s to fire the later load events.
        var navigated = page.WaitForURLAsync(url => url.EndsWith("/models/credit-risk/1.2.0", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "1.2.0" }).First.ClickAsync();
        await navigated;
        Assert.Contains("1.2.0", await page.Locator("h1").InnerTextAsync());
    }

    [ChromiumFact]
    public async Task Unknown_model_or_version_is_a_404_page_with_a_way_back()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(server.Url("/models/credit-risk/9.9.9"));
        Assert.Equal(404, response!.Status);
        Assert.Contains("Version '9.9.9' of 'credit-risk' is not in the catalog", await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "All versions of credit-risk" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/models/credit-risk", StringComparison.Ordinal));

        response = await page.GotoAsync(server.Url("/models/no-such-model"));
        Assert.Equal(404, response!.Status);
        await page.GetByRole(AriaRole.Link, new() { Name = "All models" }).ClickAsync();
        Assert.Equal(2, await page.Locator("table.models tbody tr").CountAsync());
    }
}
