namespace MlOps.Governance.Tests.Rendering;

/// <summary>
/// A fact that needs Debian's chromium. Without it the test is skipped on a developer machine (naming the
/// install command) and fails under CI=true, where a missing tool means a broken setup, not a pass.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null && !IsCi)
        {
            Skip = "chromium is not installed: run 'bash eng/install-test-deps.sh'.";
        }
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
