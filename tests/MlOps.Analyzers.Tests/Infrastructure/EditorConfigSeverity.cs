using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// A rule's diagnostics in a workspace project whose .editorconfig sets the rule's severity: what the IDE and
/// the compiler do, which Microsoft.CodeAnalysis.Testing 1.1.4 does not model (it reads only the options).
/// </summary>
internal static class EditorConfigSeverity
{
    public static ImmutableArray<Diagnostic> Diagnostics<TAnalyzer>(string source, string severity)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var analyzer = new TAnalyzer();
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp, filePath: "/src/Test.csproj",
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                metadataReferences: TestReferences.All))
            .AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", SourceText.From(source), filePath: "/src/Test0.cs")
            .AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig",
                SourceText.From($"root = true\n[*.cs]\ndotnet_diagnostic.{analyzer.SupportedDiagnostics[0].Id}.severity = {severity}\n"), filePath: "/src/.editorconfig");
        var project = solution.GetProject(projectId)!;
        var compilation = project.GetCompilationAsync().GetAwaiter().GetResult()!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation.WithAnalyzers([analyzer], project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
