using System.Diagnostics;

namespace MlOps.Attestations.Tests.Interop;

/// <summary>
/// A fact that needs /usr/bin/python3 with Debian's python3-cryptography. Without it the test is skipped on a
/// developer machine (naming the install command) and fails under CI=true.
/// </summary>
public sealed class PythonCryptographyFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Present = new(() =>
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import cryptography\"") { RedirectStandardError = true });
        p!.WaitForExit(30_000);
        return p.ExitCode == 0;
    });

    public PythonCryptographyFactAttribute()
    {
        if (!Present.Value && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "python3-cryptography is not installed: run 'bash eng/install-test-deps.sh'.";
        }
    }
}
