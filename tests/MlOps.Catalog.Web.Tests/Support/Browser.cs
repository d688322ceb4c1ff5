using Microsoft.Playwright;
using MlOps.Governance.Tests.Rendering;

namespace MlOps.Catalog.Web.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright: never a downloaded browser (the executable path is the system's), headless,
/// no sandbox (containers), no network features. One browser for a test class; a fresh context (no cookies) per page.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser? Chromium { get; private set; }

    public async Task InitializeAsync()
    {
        if (HeadlessChromium.Executable is not { } executable)
        {
            // ChromiumFact skips the tests on a developer machine without chromium; under CI=true NewPageAsync fails them.
            return;
        }
        playwright = await Playwright.CreateAsync();
        Chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page in a fresh context; JavaScript stays on so that an injected script would run (and be caught).</summary>
    public async Task<IPage> NewPageAsync() => Chromium is null
        ? throw new InvalidOperationException("chromium is not installed (CI=true): run 'bash eng/install-test-deps.sh'.")
        : await (await Chromium.NewContextAsync()).NewPageAsync();

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.CloseAsync();
        }
        playwright?.Dispose();
    }
}
