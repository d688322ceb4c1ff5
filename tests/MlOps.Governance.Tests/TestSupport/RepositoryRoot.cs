namespace MlOps.Governance.Tests.TestSupport;

/// <summary>The repository root: the first folder above the test assembly holding MlOpsBuild.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MlOpsBuild.sln not found above " + AppContext.BaseDirectory);
    }
}
