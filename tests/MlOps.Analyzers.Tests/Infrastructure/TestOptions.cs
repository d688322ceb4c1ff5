using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// .editorconfig text applied the way the compiler applies it: <see cref="AnalyzerConfigSet"/> gives the
/// per-file analyzer options (our mlops.* keys) and the per-file severities (dotnet_diagnostic.*.severity).
/// </summary>
internal sealed class TestOptions
{
    private readonly AnalyzerConfigSet _set;

    public TestOptions(string? editorConfig)
    {
        var configs = editorConfig is null
            ? new List<AnalyzerConfig>()
            : new List<AnalyzerConfig> { AnalyzerConfig.Parse("root = true\n" + editorConfig, "/src/.editorconfig") };
        _set = AnalyzerConfigSet.Create(configs);
    }

    public AnalyzerConfigOptionsResult For(string path) => _set.GetOptionsForSourcePath(path);

    public AnalyzerConfigOptionsProvider Provider(IEnumerable<SyntaxTree> trees) =>
        new Provider_(trees.ToDictionary(t => t, t => For(t.FilePath).AnalyzerOptions), _set.GlobalConfigOptions.AnalyzerOptions);

    public SyntaxTreeOptionsProvider Severities(IEnumerable<SyntaxTree> trees) =>
        new Severities_(trees.ToDictionary(t => t, t => For(t.FilePath).TreeOptions));

    private sealed class Options_(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }

    private sealed class Provider_(Dictionary<SyntaxTree, ImmutableDictionary<string, string>> trees, ImmutableDictionary<string, string> global)
        : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options_(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
            new Options_(trees.TryGetValue(tree, out var values) ? values : ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options_(ImmutableDictionary<string, string>.Empty);
    }

    private sealed class Severities_(Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> trees) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return trees.TryGetValue(tree, out var values) && values.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return false;
        }
    }
}
