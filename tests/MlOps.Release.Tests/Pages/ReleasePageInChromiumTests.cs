using System.Text.RegularExpressions;
using MlOps.Governance.Tests.Rendering;
using MlOps.Release.Approvals;
using MlOps.Release.Pages;

namespace MlOps.Release.Tests.Pages;

/// <summary>The release page as a browser shows it: the decision is the first thing on it, and it renders.</summary>
public sealed partial class ReleasePageInChromiumTests : IDisposable
{
    private readonly ReleaseScenario _s = new();

    public void Dispose() => _s.Dispose();

    [ChromiumFact]
    public void A_released_page_opens_with_the_decision_and_renders()
    {
        _s.ApproveByEveryone();
        var verdict = _s.Evaluate();
        var page = ReleasePage.Write(Path.Combine(_s.Root, "release"), verdict, _s.RecordRelease(verdict)).Html;

        var (dom, console) = HeadlessChromium.DumpDom(page);

        Assert.Empty(console);
        Assert.Equal("RELEASED credit-risk 1.2.0", FirstHeading(dom));
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Model card: credit-risk 1.2.0", dom);
        // The banner is drawn: the top of the page carries its green.
        var png = PngImage.Decode(HeadlessChromium.Screenshot(page, 1000, 700));
        Assert.True(CountNear(png, 0xE3, 0xF5, 0xE3, maxY: 300) > 10_000, "the released banner's background is not on screen");
    }

    [ChromiumFact]
    public void A_blocked_page_opens_with_the_decision_and_the_unmet_requirements()
    {
        _s.Approve(_s.Alice, "model-owner", "fine", ReleaseScenario.Now.AddDays(-1));
        _s.Approve(_s.Bob, "risk-manager", "no", ReleaseScenario.Now.AddHours(-1), ApprovalDecision.Reject);
        var verdict = _s.Evaluate();
        var page = ReleasePage.Write(Path.Combine(_s.Root, "release"), verdict, null).Html;

        var (dom, console) = HeadlessChromium.DumpDom(page);

        Assert.Empty(console);
        Assert.Equal("BLOCKED credit-risk 1.2.0", FirstHeading(dom));
        var banner = dom[..dom.IndexOf("</header>", StringComparison.Ordinal)];
        Assert.Contains("Approved by a risk-manager", banner);
        Assert.Contains("No standing rejection", banner);
        var png = PngImage.Decode(HeadlessChromium.Screenshot(page, 1000, 700));
        Assert.True(CountNear(png, 0xFB, 0xE3, 0xE3, maxY: 300) > 10_000, "the blocked banner's background is not on screen");
    }

    // The text of the first heading element in the DOM, tags stripped and white space collapsed.
    private static string FirstHeading(string dom)
    {
        var match = FirstHeadingElement().Match(dom);
        Assert.True(match.Success, "no heading in the DOM");
        return Regex.Replace(Regex.Replace(match.Groups[1].Value, "<[^>]+>", ""), "\\s+", " ").Trim();
    }

    private static long CountNear(PngImage png, int r, int g, int b, int maxY)
    {
        long count = 0;
        for (var y = 0; y < Math.Min(maxY, png.Height); y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                var p = png.Pixel(x, y);
                if (Math.Abs(p.R - r) < 6 && Math.Abs(p.G - g) < 6 && Math.Abs(p.B - b) < 6)
                {
                    count++;
                }
            }
        }
        return count;
    }

    [GeneratedRegex("<h[1-6][^>]*>(.*?)</h[1-6]>", RegexOptions.Singleline)]
    private static partial Regex FirstHeadingElement();
}
