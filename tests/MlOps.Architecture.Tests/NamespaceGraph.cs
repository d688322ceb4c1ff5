using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlOps.Architecture.Tests;

/// <summary>One arrow between two rooms: how often code uses the other room, and the first place it does.</summary>
public sealed record RoomEdge(string From, string To, int Uses, string File, int Line, string Symbol);

/// <summary>
/// Which rooms of one assembly use which, computed from the code's meaning rather than from its text.
/// A room is the first namespace segment below the project's root namespace (MlOps.Governance.Cards.Evidence
/// belongs to the room MlOps.Governance.Cards; code directly in MlOps.Governance is the root room). Every name
/// in the code is resolved with Roslyn, so using directives, fully qualified names (MlOps.Governance.Evidence.X),
/// partially qualified ones (Artefacts.X inside MlOps.Governance.Cards), var, extension methods and attributes
/// all count, and an unused using directive does not. Only symbols declared by the same assembly count; a
/// namespace of the assembly outside the root (e.g. MlOps.IO in MlOps.Onnx) is a room of its own.
/// Compilation errors (e.g. partial methods whose source generator did not run) do not matter: only name
/// resolution is used.
/// </summary>
public sealed class NamespaceGraph
{
    /// <summary>What the SDK writes into obj/*.GlobalUsings.g.cs for ImplicitUsings=enable (Microsoft.NET.Sdk).</summary>
    public static readonly IReadOnlyList<string> SdkImplicitUsings =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks",
    ];

    private const string GlobalNamespace = "<global namespace>";

    private static readonly ConcurrentDictionary<string, Lazy<NamespaceGraph>> Cache = new(StringComparer.Ordinal);

    private static readonly Lazy<IReadOnlyList<(string Name, MetadataReference Reference)>> References = new(LoadReferences);

    private NamespaceGraph(string root, IReadOnlyCollection<string> rooms, IReadOnlyList<RoomEdge> edges, int files, TimeSpan elapsed)
    {
        Root = root;
        Rooms = rooms;
        Edges = edges;
        FileCount = files;
        Elapsed = elapsed;
    }

    /// <summary>The root namespace, e.g. MlOps.Governance.</summary>
    public string Root { get; }

    /// <summary>Every room that declares or uses code of the assembly.</summary>
    public IReadOnlyCollection<string> Rooms { get; }

    /// <summary>The arrows between distinct rooms, ordered by From then To.</summary>
    public IReadOnlyList<RoomEdge> Edges { get; }

    public int FileCount { get; }

    /// <summary>Parsing, compiling and walking the code (the shared metadata references excluded).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Loading the metadata references, once per test run.</summary>
    public static TimeSpan ReferenceLoadTime { get; private set; }

    /// <summary>The graph of one src project, analysed once per test run.</summary>
    public static NamespaceGraph ForProject(string projectName) =>
        Cache.GetOrAdd(projectName, name => new Lazy<NamespaceGraph>(() => Analyse(SourceProject.Named(name)))).Value;

    /// <summary>The graph of a set of sources (path, text) compiled as one assembly with the given root namespace.</summary>
    public static NamespaceGraph FromSources(
        string rootNamespace,
        IEnumerable<(string Path, string Text)> sources,
        IEnumerable<string>? globalUsings = null,
        string assemblyName = "ArchitectureUnderTest")
    {
        var references = References.Value;
        var stopwatch = Stopwatch.StartNew();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest)
            .WithPreprocessorSymbols("NET", "NETCOREAPP", "NET8_0", "NET8_0_OR_GREATER", "RELEASE");
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path)).ToList();
        var usings = string.Concat((globalUsings ?? []).Select(u => $"global using global::{u};\n"));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            trees.Append(CSharpSyntaxTree.ParseText(usings, parseOptions, "GlobalUsings.g.cs")),
            references
                .Where(r => !string.Equals(r.Name, assemblyName, StringComparison.OrdinalIgnoreCase))
                .Select(r => r.Reference),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true));

        // Trees are walked in parallel (the compilation is thread-safe) and merged in file order, so the first
        // example of each arrow does not depend on timing.
        var perTree = trees.AsParallel().AsOrdered()
            .Select(tree => Walk(compilation, tree, rootNamespace))
            .ToList();

        var rooms = new SortedSet<string>(perTree.SelectMany(t => t.Rooms), StringComparer.Ordinal);
        var edges = new Dictionary<(string From, string To), RoomEdge>();
        foreach (var use in perTree.SelectMany(t => t.Uses))
        {
            edges[(use.From, use.To)] = edges.TryGetValue((use.From, use.To), out var known)
                ? known with { Uses = known.Uses + 1 }
                : use;
        }
        rooms.UnionWith(edges.Keys.SelectMany(e => new[] { e.From, e.To }));
        var ordered = edges.Values
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();
        return new NamespaceGraph(rootNamespace, rooms, ordered, trees.Count, stopwatch.Elapsed);
    }

    /// <summary>The tangles of rooms that use each other (empty when the rooms stack up as floors).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tangles() =>
        CycleFinder.Tangles(Rooms, Edges.Select(e => (e.From, e.To)));

    /// <summary>The room's name for people: relative to the root (the root keeps its full name).</summary>
    public string Short(string room) =>
        room.StartsWith(Root + ".", StringComparison.Ordinal) ? room[(Root.Length + 1)..] : room;

    /// <summary>
    /// A failure message: for each tangle its rooms, its elementary loops and every arrow inside it with how often
    /// it is used and one place where it is (file:line and the symbol used), so a developer knows what to move.
    /// </summary>
    public string Describe(IReadOnlyList<IReadOnlyList<string>> tangles)
    {
        var text = new StringBuilder();
        text.AppendLine($"{Root}: {tangles.Count} group(s) of rooms use each other. Every room of a group reaches every other, "
            + "so none of them sits on a floor above the others. Remove arrows below (fewest uses = cheapest) until no loop is left:");
        for (var i = 0; i < tangles.Count; i++)
        {
            var tangle = tangles[i];
            var arrows = Edges.Where(e => tangle.Contains(e.From) && tangle.Contains(e.To)).ToList();
            text.AppendLine();
            text.AppendLine($"Group {i + 1}: {string.Join(", ", tangle.Select(Short))}");
            const int maxLoops = 20;
            var loops = CycleFinder.Loops(tangle, arrows.Select(e => (e.From, e.To)), maxLoops);
            text.AppendLine(loops.Count < maxLoops ? "  Loops:" : $"  Loops (first {maxLoops}):");
            foreach (var loop in loops)
            {
                text.AppendLine($"    {string.Join(" -> ", loop.Select(Short))}");
            }
            text.AppendLine("  Arrows:");
            foreach (var e in arrows)
            {
                text.AppendLine($"    {Short(e.From)} -> {Short(e.To)} ({e.Uses} use{(e.Uses == 1 ? "" : "s")}), e.g. {e.File}:{e.Line} uses {e.Symbol}");
            }
        }
        return text.ToString();
    }

    private static NamespaceGraph Analyse(SourceProject project)
    {
        var sources = project.SourceFiles()
            .Select(path => (Path.GetRelativePath(SourceProject.RepositoryRoot, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();
        if (sources.Count == 0)
        {
            throw new InvalidOperationException($"No .cs file under {project.Directory}.");
        }
        var usings = (project.ImplicitUsings ? SdkImplicitUsings : []).Concat(project.Usings).Distinct();
        return FromSources(project.RootNamespace, sources, usings, project.AssemblyName);
    }

    /// <summary>The rooms one file declares code in, and every use it makes of another room (one per name).</summary>
    private static (List<string> Rooms, List<RoomEdge> Uses) Walk(
        CSharpCompilation compilation, SyntaxTree tree, string rootNamespace)
    {
        var model = compilation.GetSemanticModel(tree);
        var rooms = new List<string>();
        var uses = new List<RoomEdge>();
        // Using directives are not uses: the names they import count where the code uses them.
        foreach (var node in tree.GetRoot().DescendantNodes(n => n is not UsingDirectiveSyntax))
        {
            if (node is BaseNamespaceDeclarationSyntax declaration)
            {
                rooms.Add(RoomOf(rootNamespace, model.GetDeclaredSymbol(declaration)!.ToDisplayString()));
                continue;
            }
            // Names (identifiers, generic names, the parts of qualified names and member accesses, attributes,
            // var) and target-typed new(); an explicit `new X()` is covered by its name X.
            if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax))
            {
                continue;
            }
            var info = model.GetSymbolInfo(node);
            var symbols = info.Symbol is { } symbol ? [symbol] : info.CandidateSymbols;
            foreach (var used in symbols)
            {
                var type = DeclaringType(used);
                if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
                {
                    continue;
                }
                var from = RoomOf(rootNamespace, EnclosingNamespace(model, node));
                var to = RoomOf(rootNamespace, NamespaceName(type.ContainingNamespace));
                if (from != to)
                {
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    uses.Add(new RoomEdge(from, to, 1, tree.FilePath, line, Display(used)));
                }
            }
        }
        return (rooms, uses);
    }

    /// <summary>The type whose namespace a use of <paramref name="symbol"/> depends on; null when it names no type of ours.</summary>
    private static INamedTypeSymbol? DeclaringType(ISymbol symbol) => symbol switch
    {
        INamespaceSymbol or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol
            or IDiscardSymbol or ITypeParameterSymbol or IErrorTypeSymbol => null,
        IAliasSymbol alias => DeclaringType(alias.Target),
        IArrayTypeSymbol array => DeclaringType(array.ElementType),
        IPointerTypeSymbol pointer => DeclaringType(pointer.PointedAtType),
        INamedTypeSymbol type => type.OriginalDefinition,
        // Members (also constructors and reduced extension methods): the type that declares them.
        _ => symbol.ContainingType?.OriginalDefinition,
    };

    /// <summary>How an example names the symbol used: its full name, constructors as their type.</summary>
    private static string Display(ISymbol symbol) =>
        (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ? symbol.ContainingType : symbol).OriginalDefinition.ToDisplayString();

    /// <summary>The namespace of the code around <paramref name="node"/> (the declaring type's namespace).</summary>
    private static string EnclosingNamespace(SemanticModel model, SyntaxNode node)
    {
        var declaration = node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault();
        return declaration is null ? GlobalNamespace : model.GetDeclaredSymbol(declaration)!.ToDisplayString();
    }

    private static string NamespaceName(INamespaceSymbol ns) => ns.IsGlobalNamespace ? GlobalNamespace : ns.ToDisplayString();

    /// <summary>Collapses a namespace to its room: the root itself, or the root plus the first segment below it.</summary>
    private static string RoomOf(string root, string ns)
    {
        if (!ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return ns;
        }
        var dot = ns.IndexOf('.', root.Length + 1);
        return dot < 0 ? ns : ns[..dot];
    }

    /// <summary>
    /// The framework (trusted platform assemblies) plus every assembly in the test's output folder: the src projects
    /// and their package dependencies, brought there by ProjectReference. First by file name wins.
    /// </summary>
    private static IReadOnlyList<(string Name, MetadataReference Reference)> LoadReferences()
    {
        var stopwatch = Stopwatch.StartNew();
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        var references = platform.Concat(local)
            .Where(IsAssembly)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => (Path.GetFileNameWithoutExtension(path), (MetadataReference)MetadataReference.CreateFromFile(path)))
            .ToList();
        ReferenceLoadTime = stopwatch.Elapsed;
        return references;
    }

    private static bool IsAssembly(string path)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(path));
            return pe.HasMetadata && System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe).IsAssembly;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return false;
        }
    }
}
