namespace MlOps.Templates.Tests;

/// <summary>Where things are: the repository root is the folder above the test binaries that holds MlOpsBuild.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TemplateContent => Path.Combine(Root, "templates", "MlOps.Templates", "content", "governed-model");

    public static string TemplateProject => Path.Combine(Root, "templates", "MlOps.Templates", "MlOps.Templates.csproj");

    /// <summary>The German credit copy the template ships.</summary>
    public static string GermanCredit => Path.Combine(TemplateContent, "data", "german-credit.csv");

    /// <summary>The shared data folder beside the repository (CI clones the repository with shared/ next to it).</summary>
    public static string SharedGermanCredit => Path.Combine(Root, "..", "shared", "data", "german-credit.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"MlOpsBuild.sln not found above {AppContext.BaseDirectory}.");
    }
}
