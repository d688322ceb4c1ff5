namespace MlOps.Parquet.Tests.Support;

/// <summary>The shared data sets (/work/shared/data, found as ../shared from the repository root).</summary>
internal static class SharedData
{
    private static readonly string Root = FindRoot();

    public static string GermanCredit => Path.Combine(Root, "..", "shared", "data", "german-credit.csv");

    public static string Adult(string name) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "adult", name));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MlOpsBuild.sln not found above the test assembly.");
    }
}
