using System.Xml.Linq;

namespace MlOps.Architecture.Tests;

/// <summary>
/// The src projects as their files describe them today: found by walking src/ for *.csproj, so a project that is
/// added, split or moved is seen without editing the tests. Only what the architecture tests need is read.
/// </summary>
public sealed class SourceProject
{
    private SourceProject(string csprojPath)
    {
        CsprojPath = csprojPath;
        Directory = Path.GetDirectoryName(csprojPath)!;
        Name = Path.GetFileNameWithoutExtension(csprojPath);
        var xml = XDocument.Load(csprojPath);
        AssemblyName = Property(xml, "AssemblyName") ?? Name;
        RootNamespace = Property(xml, "RootNamespace") ?? AssemblyName;
        ImplicitUsings = !string.Equals(Property(xml, "ImplicitUsings"), "disable", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Property(xml, "ImplicitUsings"), "false", StringComparison.OrdinalIgnoreCase);
        ProjectReferences = Items(xml, "ProjectReference")
            .Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))
            .ToList();
        Usings = Items(xml, "Using").ToList();
        // Package and framework references from the project and from every Directory.*.props/targets it imports
        // implicitly (conditions are ignored: a conditional reference is still a reference).
        var files = new[] { csprojPath }.Concat(ImportedBuildFiles(Directory));
        PackageReferences = files.Select(XDocument.Load)
            .SelectMany(x => Items(x, "PackageReference").Concat(Items(x, "GlobalPackageReference")))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        FrameworkReferences = files.Select(XDocument.Load)
            .SelectMany(x => Items(x, "FrameworkReference"))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The project file name without extension, e.g. MlOps.Governance.</summary>
    public string Name { get; }
    public string CsprojPath { get; }
    public string Directory { get; }
    public string AssemblyName { get; }
    public string RootNamespace { get; }
    public bool ImplicitUsings { get; }
    /// <summary>Names (file names without extension) of the projects this one references.</summary>
    public IReadOnlyList<string> ProjectReferences { get; }
    public IReadOnlyList<string> PackageReferences { get; }
    public IReadOnlyList<string> FrameworkReferences { get; }
    /// <summary>Extra global usings from &lt;Using Include="..."/&gt; items.</summary>
    public IReadOnlyList<string> Usings { get; }

    /// <summary>The repository root: the first folder above the test's output with src/ and Directory.Build.props.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Every project under src/ (bin/ and obj/ excluded), ordered by name.</summary>
    public static IReadOnlyList<SourceProject> All { get; } =
        System.IO.Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(Path.GetRelativePath(RepositoryRoot, p)))
            .Select(p => new SourceProject(p))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The src project with this name; fails with a readable message when it is gone.</summary>
    public static SourceProject Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new InvalidOperationException(
            $"No project {name}.csproj under src/ (found: {string.Join(", ", All.Select(p => p.Name))}). "
            + "If it was renamed or split, update the architecture tests.");

    /// <summary>The C# files of the project: everything under its folder except bin/ and obj/.</summary>
    public IEnumerable<string> SourceFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(Path.GetRelativePath(Directory, p)))
            .OrderBy(p => p, StringComparer.Ordinal);

    public override string ToString() => Name;

    /// <summary>Whether a relative path goes through a bin/ or obj/ folder.</summary>
    private static bool IsBuildOutput(string path) =>
        path.Replace('\\', '/').Split('/').Any(segment => segment is "bin" or "obj");

    private static string? Property(XDocument xml, string name) =>
        xml.Descendants().LastOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")
            ?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static IEnumerable<string> Items(XDocument xml, string itemType) =>
        xml.Descendants()
            .Where(e => e.Name.LocalName == itemType && e.Parent?.Name.LocalName == "ItemGroup")
            .Select(e => (string?)e.Attribute("Include"))
            .Where(include => !string.IsNullOrWhiteSpace(include))
            .Select(include => include!.Trim());

    private static IEnumerable<string> ImportedBuildFiles(string projectDirectory)
    {
        for (var dir = new DirectoryInfo(projectDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                var path = Path.Combine(dir.FullName, name);
                if (File.Exists(path))
                {
                    yield return path;
                }
            }
            if (string.Equals(dir.FullName.TrimEnd(Path.DirectorySeparatorChar), RepositoryRoot.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                yield break;
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "src")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root (a folder with src/ and Directory.Build.props) above {AppContext.BaseDirectory}.");
    }
}
