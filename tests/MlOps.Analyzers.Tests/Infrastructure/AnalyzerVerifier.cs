using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlOps.Analyzers.Rules;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles test source (plus <see cref="Stubs"/>) with analyzers and compares their diagnostics with the
/// markup's spans. The source must compile without errors, so a test cannot pass on broken code.
/// </summary>
internal static class AnalyzerVerifier
{
    public const string TestPath = "/src/Test0.cs";
    public const string StubsPath = "/src/Stubs.cs";

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new InferenceWithoutLoggingAnalyzer(),
        new UnverifiedModelLoadAnalyzer(),
        new AuditRecordWithoutIdentityAnalyzer(),
        new SensitiveModelInputAnalyzer(),
        new SwallowedInferenceFailureAnalyzer());

    public static IReadOnlyList<MetadataReference> References { get; } = LoadReferences();

    /// <summary>Asserts that <typeparamref name="TAnalyzer"/> reports exactly the marked spans.</summary>
    public static void Verify<TAnalyzer>(string markup, string? editorConfig = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var analyzer = new TAnalyzer();
        var ruleId = analyzer.SupportedDiagnostics[0].Id;
        var parsed = TestMarkup.Parse(markup);
        var actual = Diagnostics(parsed.Source, ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), editorConfig);
        var expected = parsed.Spans.Select(s => Format(s.Id ?? ruleId, s.Span, parsed.Source)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var got = actual.Select(d => Format(d.Id, d.Location.SourceSpan, parsed.Source)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
    }

    /// <summary>The analyzers' diagnostics in the test file, after .editorconfig severities.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(string source, ImmutableArray<DiagnosticAnalyzer> analyzers, string? editorConfig = null)
    {
        var compilation = Compile(source, editorConfig, out var options);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "An analyzer threw: " + string.Join(Environment.NewLine, failures));
        return diagnostics
            .Where(d => d.Location.SourceTree?.FilePath == TestPath)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    public static CSharpCompilation Compile(string source, string? editorConfig, out Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider options)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, parseOptions, TestPath),
            CSharpSyntaxTree.ParseText(Stubs.Source, parseOptions, StubsPath),
        };
        var testOptions = new TestOptions(editorConfig);
        options = testOptions.Provider(trees);
        var kind = trees[0].GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any()
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        var compilationOptions = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable)
            .WithSyntaxTreeOptionsProvider(testOptions.Severities(trees));
        var compilation = CSharpCompilation.Create("Test", trees, References, compilationOptions);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Test source does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        return compilation;
    }

    private static string Format(string id, TextSpan span, string source) =>
        $"{id} at {span} '{source.Substring(span.Start, span.Length)}'";

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }
}
