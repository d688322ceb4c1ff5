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
}
