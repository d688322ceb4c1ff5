namespace MlOps.Architecture.Tests;

/// <summary>
/// The floors between projects: which src project may reference which, as data, and what must never be loaded
/// into MSBuild's process (MlOps.Build runs there, with everything it references).
/// </summary>
public sealed class ProjectTests
{
    /// <summary>
    /// Project -> the projects of ours it may reference directly: the floors of docs/architecture.md. MlOps.Core is
    /// the floor everything of the product stands on; the analyzers stand on nothing of ours (they run in the
    /// compiler and match symbols by name).
    /// </summary>
    private static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["MlOps.Core"] = [],
        ["MlOps.Onnx"] = ["MlOps.Core"],
        ["MlOps.Governance"] = ["MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Attestations"] = ["MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Release"] = ["MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Engines.OnnxRuntime"] = ["MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Engines.MlNet"] = ["MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Parquet"] = ["MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Runtime"] = ["MlOps.Engines.OnnxRuntime", "MlOps.Engines.MlNet", "MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Build"] = ["MlOps.Release", "MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Catalog"] = ["MlOps.Release", "MlOps.Runtime", "MlOps.Engines.OnnxRuntime", "MlOps.Engines.MlNet", "MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Catalog.Web"] = ["MlOps.Catalog", "MlOps.Release", "MlOps.Runtime", "MlOps.Engines.OnnxRuntime", "MlOps.Engines.MlNet", "MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Distribution"] = ["MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Cli"] = ["MlOps.Catalog.Web", "MlOps.Catalog", "MlOps.Distribution", "MlOps.Parquet", "MlOps.Release", "MlOps.Runtime", "MlOps.Engines.OnnxRuntime", "MlOps.Engines.MlNet", "MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"],
        ["MlOps.Analyzers"] = [],
        ["MlOps.Analyzers.CodeFixes"] = ["MlOps.Analyzers"],
    };

    /// <summary>Projects loaded into MSBuild's process, with everything they reference.</summary>
    private static readonly string[] LoadedByMsBuild = ["MlOps.Build", "MlOps.Release", "MlOps.Attestations", "MlOps.Governance", "MlOps.Onnx", "MlOps.Core"];

    /// <summary>Package (and framework) ids that must not be loaded into MSBuild; "X*" is a prefix, "X" is X or X.*.</summary>
    private static readonly string[] HeavyPackages =
    [
        "Microsoft.ML*", "Microsoft.Data.Sqlite", "Npgsql", "Microsoft.AspNetCore*", "Microsoft.Playwright",
        "System.CommandLine", "Spectre.Console", "Parquet.Net",
    ];

    [Fact]
    public void The_allowed_map_points_one_way()
    {
        var tangles = CycleFinder.Tangles(
            AllowedReferences.Keys,
            AllowedReferences.SelectMany(p => p.Value.Select(r => (p.Key, r))));
        Assert.True(tangles.Count == 0, "The allowed map has loops: " + string.Join("; ", tangles.Select(t => string.Join(", ", t))));
    }

    [Fact]
    public void Src_projects_reference_only_projects_below_them()
    {
        var problems = new List<string>();
        foreach (var project in SourceProject.All)
        {
            if (!AllowedReferences.TryGetValue(project.Name, out var allowed))
            {
                problems.Add($"{project.Name} is a new project: add it to the allowed map ({nameof(ProjectTests)}.{nameof(AllowedReferences)}) "
                    + $"with the projects it may reference (today: {Listed(project.ProjectReferences)}).");
                continue;
            }
            foreach (var reference in project.ProjectReferences)
            {
                if (!allowed.Contains(reference))
                {
                    problems.Add($"{project.Name} references {reference}; it may reference only {Listed(allowed)} "
                        + $"({Path.GetRelativePath(SourceProject.RepositoryRoot, project.CsprojPath)}).");
                }
            }
        }
        var tangles = CycleFinder.Tangles(
            SourceProject.All.Select(p => p.Name),
            SourceProject.All.SelectMany(p => p.ProjectReferences.Select(r => (p.Name, r))));
        problems.AddRange(tangles.Select(t => $"These projects reference each other in a loop: {string.Join(", ", t)}."));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void What_MSBuild_loads_references_no_heavy_package()
    {
        // The projects MSBuild loads, and everything they reference (a new MlOps.Core included).
        var loaded = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(LoadedByMsBuild);
        while (pending.TryDequeue(out var name))
        {
            if (loaded.Add(name))
            {
                foreach (var reference in SourceProject.Named(name).ProjectReferences)
                {
                    pending.Enqueue(reference);
                }
            }
        }

        var problems = (
            from name in loaded
            let project = SourceProject.Named(name)
            from id in project.PackageReferences.Concat(project.FrameworkReferences)
            where HeavyPackages.Any(pattern => Matches(pattern, id))
            select $"{name} references {id}, which must not be loaded into MSBuild's process (MlOps.Build runs there).").ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static bool Matches(string pattern, string id) =>
        pattern.EndsWith('*')
            ? id.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : id.Equals(pattern, StringComparison.OrdinalIgnoreCase) || id.StartsWith(pattern + ".", StringComparison.OrdinalIgnoreCase);

    private static string Listed(IEnumerable<string> names) =>
        names.Any() ? string.Join(", ", names) : "nothing of ours";
}
