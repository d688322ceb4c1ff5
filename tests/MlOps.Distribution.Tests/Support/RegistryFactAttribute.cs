namespace MlOps.Distribution.Tests.Support;

/// <summary>
/// A fact that needs Debian's docker-registry (CNCF distribution). Without it the test is skipped on a developer machine
/// (naming the install command) and fails under CI=true, where a missing tool means a broken setup, not a pass.
/// </summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if (LocalRegistry.Executable is null && !IsCi)
        {
            Skip = "docker-registry is not installed: run 'bash eng/install-test-deps.sh'.";
        }
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
