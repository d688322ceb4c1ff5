using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs a code fix with Microsoft.CodeAnalysis.Testing: the fix applied diagnostic by diagnostic, then Fix All
/// in document, project and solution scope, each must give <c>expected</c>; the fixed source must compile and
/// the rule must be silent there.
/// </summary>
internal static class CodeFixVerifier
{
    /// <summary>Applies the fix to every marked diagnostic and compares with <paramref name="expected"/>.</summary>
    /// <param name="markup">The source with the diagnostics marked.</param>
    /// <param name="expected">The source after the fix.</param>
    /// <param name="equivalenceKey">The fix to apply when several are offered; null: the first.</param>
    /// <param name="title">The title that fix must show; null: not checked.</param>
    /// <param name="fixAllIterations">How many Fix All passes reach <paramref name="expected"/> (null: the library's default).</param>
    public static void Verify<TAnalyzer, TFix>(string markup, string expected, string? equivalenceKey = null, string? title = null, int? fixAllIterations = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TAnalyzer, TFix> { CodeActionEquivalenceKey = equivalenceKey };
        TestSetup.Configure(test, test.TestState, markup, null);
        test.FixedState.Sources.Add(expected);
        if (title is not null)
        {
            test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        }

        if (fixAllIterations is { } iterations)
        {
            test.NumberOfFixAllIterations = iterations;
            test.NumberOfFixAllInDocumentIterations = iterations;
            test.NumberOfFixAllInProjectIterations = iterations;
        }

        test.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Asserts that the fix offers nothing for the marked diagnostics (they stay).</summary>
    public static void VerifyNoFix<TAnalyzer, TFix>(string markup)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TAnalyzer, TFix>();
        TestSetup.Configure(test, test.TestState, markup, null);
        test.FixedState.Sources.Add(markup);
        test.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private sealed class CodeFixTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        protected override CompilationOptions CreateCompilationOptions() => TestSetup.Compilation(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() => TestSetup.Parse(base.CreateParseOptions());
    }
}
