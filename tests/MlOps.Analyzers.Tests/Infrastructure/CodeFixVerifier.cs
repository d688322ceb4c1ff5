using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a code fix in an <see cref="AdhocWorkspace"/> and compares the text; then checks that the fixed
/// source compiles and that the rule no longer fires there.
/// </summary>
internal static class CodeFixVerifier
{
    /// <summary>Applies the fix to every marked diagnostic, one at a time, and compares with <paramref name="expected"/>.</summary>
    /// <param name="markup">The source with the diagnostics marked.</param>
    /// <param name="expected">The source after the fix.</param>
    /// <param name="actionTitle">The fix to apply when several are offered; null: the first.</param>
    public static void Verify<TAnalyzer, TFix>(string markup, string expected, string? actionTitle = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        AnalyzerVerifier.Verify<TAnalyzer>(markup);
        var source = TestMarkup.Parse(markup).Source;
        var analyzer = new TAnalyzer();
        var fix = new TFix();
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, source);
        for (var round = 0; round < 20; round++)
        {
            var diagnostics = DiagnosticsOf(document, analyzer);
            var fixable = diagnostics.FirstOrDefault(d => fix.FixableDiagnosticIds.Contains(d.Id));
            if (fixable is null)
            {
                break;
            }

            var action = ActionsFor(document, fix, fixable).FirstOrDefault(a => actionTitle is null || a.Title == actionTitle);
            if (action is null)
            {
                break;
            }

            document = Apply(document, action);
        }

        var text = document.GetTextAsync().GetAwaiter().GetResult().ToString();
        Assert.Equal(Normalize(expected), Normalize(text));
        AnalyzerVerifier.Verify<TAnalyzer>(text);
    }

    /// <summary>Asserts that the fix offers nothing for the marked diagnostics.</summary>
    public static void VerifyNoFix<TAnalyzer, TFix>(string markup)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        AnalyzerVerifier.Verify<TAnalyzer>(markup);
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, TestMarkup.Parse(markup).Source);
        var fix = new TFix();
        foreach (var diagnostic in DiagnosticsOf(document, new TAnalyzer()))
        {
            Assert.Empty(ActionsFor(document, fix, diagnostic));
        }
    }

    /// <summary>Applies the Fix All provider to the whole document at once.</summary>
    public static void VerifyFixAll<TAnalyzer, TFix>(string markup, string expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        AnalyzerVerifier.Verify<TAnalyzer>(markup);
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, TestMarkup.Parse(markup).Source);
        var analyzer = new TAnalyzer();
        var fix = new TFix();
        var diagnostics = DiagnosticsOf(document, analyzer);
        var first = ActionsFor(document, fix, diagnostics[0]).First();
        var context = new FixAllContext(
            document,
            fix,
            FixAllScope.Document,
            first.EquivalenceKey!,
            fix.FixableDiagnosticIds,
            new DiagnosticProvider(diagnostics),
            CancellationToken.None);
        var action = fix.GetFixAllProvider()!.GetFixAsync(context).GetAwaiter().GetResult()!;
        document = Apply(document, action);
        var text = document.GetTextAsync().GetAwaiter().GetResult().ToString();
        Assert.Equal(Normalize(expected), Normalize(text));
    }

    private static Document CreateDocument(AdhocWorkspace workspace, string source)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Test",
            "Test",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(
                HasTopLevelStatements(source) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: AnalyzerVerifier.References));
        workspace.AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(project.Id), "Stubs.cs", loader: TextLoader.From(TextAndVersion.Create(SourceText.From(Stubs.Source), VersionStamp.Default)), filePath: AnalyzerVerifier.StubsPath));
        var document = workspace.AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(project.Id), "Test0.cs", loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default)), filePath: AnalyzerVerifier.TestPath));
        return document;
    }

    private static bool HasTopLevelStatements(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();

    private static ImmutableArray<Diagnostic> DiagnosticsOf(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Source does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors)
            + Environment.NewLine + document.GetTextAsync().GetAwaiter().GetResult());
        return compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Location.SourceTree?.FilePath == AnalyzerVerifier.TestPath)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    private static List<CodeAction> ActionsFor(Document document, CodeFixProvider fix, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        return actions;
    }

    private static Document Apply(Document document, CodeAction action)
    {
        var operations = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id)!;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private sealed class DiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }
}
