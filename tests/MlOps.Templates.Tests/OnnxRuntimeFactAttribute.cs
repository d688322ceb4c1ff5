namespace MlOps.Templates.Tests;

/// <summary>
/// A fact that needs node and tests/oracle/node_modules/onnxruntime-node. Without them the test is skipped on
/// a developer machine (naming the install command) and fails under CI=true.
/// </summary>
public sealed class OnnxRuntimeFactAttribute : FactAttribute
{
    public OnnxRuntimeFactAttribute()
    {
        if (!Available && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "node or onnxruntime-node is not installed: run 'bash eng/install-test-deps.sh'.";
        }
    }

    public static string? Node => new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);

    public static string OracleScript => Path.Combine(RepositoryPaths.Root, "tests", "oracle", "run.js");

    public static bool Available =>
        Node is not null && Directory.Exists(Path.Combine(RepositoryPaths.Root, "tests", "oracle", "node_modules", "onnxruntime-node"));
}
