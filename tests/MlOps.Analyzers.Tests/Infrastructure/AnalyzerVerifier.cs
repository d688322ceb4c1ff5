using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer over test source with Microsoft.CodeAnalysis.Testing. Markup: <c>[|text|]</c> is a
/// diagnostic of the rule under test, <c>{|MLOPS00x:text|}</c> one of a named rule, <c>{|#0:text|}</c> a
/// location for an explicit <see cref="DiagnosticResult"/> (to check the message). The source must compile
/// (compiler errors fail the test) against the real ML.NET, ONNX Runtime and MlOps.Runtime assemblies.
/// </summary>
internal static class AnalyzerVerifier
{
    /// <summary>Asserts that <typeparamref name="TAnalyzer"/> reports exactly the marked spans and <paramref name="expected"/>.</summary>
    public static void Verify<TAnalyzer>(string markup, string? editorConfig = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerTest<TAnalyzer>();
        TestSetup.Configure(test, test.TestState, markup, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        test.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>An expected diagnostic of <typeparamref name="TAnalyzer"/>'s (only) rule, for WithLocation / WithArguments.</summary>
    public static DiagnosticResult Diagnostic<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    private sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        protected override CompilationOptions CreateCompilationOptions() => TestSetup.Compilation(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() => TestSetup.Parse(base.CreateParseOptions());
    }
}

/// <summary>What every analyzer and code-fix test shares: references, options, nullable context, top-level statements.</summary>
internal static class TestSetup
{
    public static void Configure(AnalyzerTest<DefaultVerifier> test, SolutionState state, string markup, string? editorConfig)
    {
        state.Sources.Add(markup);
        test.ReferenceAssemblies = TestReferences.None;
        state.AdditionalReferences.AddRange(TestReferences.All);
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n" + editorConfig));
        }

        if (HasTopLevelStatements(markup))
        {
            state.OutputKind = OutputKind.ConsoleApplication;
        }
    }

    public static CompilationOptions Compilation(CompilationOptions options) =>
        ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);

    public static ParseOptions Parse(ParseOptions options) =>
        ((CSharpParseOptions)options).WithLanguageVersion(LanguageVersion.Latest);

    private static bool HasTopLevelStatements(string markup)
    {
        // [|x|], {|ID:x|} and {|#0:x|} removed: the markup alone would parse as statements.
        var source = System.Text.RegularExpressions.Regex.Replace(markup, @"\{\|[^:|]*:|\|\}|\[\||\|\]", "");
        return CSharpSyntaxTree.ParseText(source).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
    }
}
