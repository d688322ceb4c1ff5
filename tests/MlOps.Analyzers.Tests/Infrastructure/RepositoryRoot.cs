namespace MlOps.Analyzers.Tests.Infrastructure;

internal static class RepositoryRoot
{
    /// <summary>Walks up from the test binaries to the folder that holds MlOpsBuild.sln.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MlOpsBuild.sln not found above " + AppContext.BaseDirectory);
    }
}
