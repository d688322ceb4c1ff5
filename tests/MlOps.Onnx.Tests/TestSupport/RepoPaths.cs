namespace MlOps.Onnx.Tests.TestSupport;

/// <summary>Locations tests need: the repository root (found by walking up to MlOpsBuild.sln) and shared data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding MlOpsBuild.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Shared test data: &lt;repo&gt;/../shared/data (CI clones the repository with shared/ beside it).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>Debian's libonnx-testdata folder (node, simple, real, pytorch-* cases).</summary>
    public const string OnnxTestData = "/usr/share/libonnx-testdata/data";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MlOpsBuild.sln above {AppContext.BaseDirectory}.");
    }
}
