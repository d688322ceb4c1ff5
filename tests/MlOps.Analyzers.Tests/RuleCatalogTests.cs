using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlOps.Analyzers.Tests.Infrastructure;

namespace MlOps.Analyzers.Tests;

/// <summary>Every rule ships with a help link, a docs page with a bad and a good example, a release entry and tests.</summary>
public sealed class RuleCatalogTests
{
    private static readonly IReadOnlyList<DiagnosticAnalyzer> Analyzers = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToList();

    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors =
        Analyzers.SelectMany(a => a.SupportedDiagnostics).ToList();

    [Fact]
    public void Every_rule_identifier_has_exactly_one_descriptor_and_the_reverse()
    {
        Assert.Equal(RuleIdentifiers.All.OrderBy(x => x), Descriptors.Select(d => d.Id).OrderBy(x => x));
        // And every analyzer has its test class (SensitiveModelInputAnalyzer -> SensitiveModelInputTests).
        var testClasses = typeof(RuleCatalogTests).Assembly.GetTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(Analyzers, a => Assert.Contains(a.GetType().Name.Replace("Analyzer", "Tests", StringComparison.Ordinal), testClasses));
    }

    [Fact]
    public void Every_rule_has_a_help_link_to_its_docs_page()
    {
        foreach (var descriptor in Descriptors)
        {
            Assert.Equal($"https://github.com/mlopsbuild/mlopsbuild/blob/main/docs/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.Equal(RuleIdentifiers.Category, descriptor.Category);
        }
    }

    [Fact]
    public void Every_rule_has_a_docs_page_with_a_bad_and_a_good_example()
    {
        var docs = Path.Combine(RepositoryRoot.Find(), "docs");
        foreach (var descriptor in Descriptors)
        {
            var page = Path.Combine(docs, descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"Missing docs page {page}");
            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + descriptor.Id, text, StringComparison.Ordinal);
            Assert.Contains("## Bad", text, StringComparison.Ordinal);
            Assert.Contains("## Good", text, StringComparison.Ordinal);
            Assert.Contains("```csharp", text, StringComparison.Ordinal);
            Assert.Contains(descriptor.DefaultSeverity.ToString(), text, StringComparison.Ordinal);
        }

        var index = File.ReadAllText(Path.Combine(docs, "analyzers.md"));
        Assert.All(Descriptors, d => Assert.Contains($"[{d.Id}]({d.Id}.md)", index, StringComparison.Ordinal));
    }

    [Fact]
    public void Analyzer_releases_list_every_rule_with_its_category_and_severity()
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "src", "MlOps.Analyzers");
        var released = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")))
            .Where(l => l.StartsWith("MLOPS", StringComparison.Ordinal))
            .ToList();
        foreach (var descriptor in Descriptors)
        {
            Assert.Contains(released, l => l.StartsWith($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_analyzer_has_a_test_class_of_the_same_name()
    {
        var testTypes = typeof(RuleCatalogTests).Assembly.GetTypes().Select(t => t.Name).ToHashSet();
        foreach (var analyzer in Analyzers)
        {
            var stem = analyzer.GetType().Name[..^"Analyzer".Length];
            Assert.Contains(stem + "Tests", testTypes);
        }
    }

    [Fact]
    public void Code_fixes_share_their_rule_name_and_fix_only_their_rule()
    {
        var fixes = typeof(MlOps.Analyzers.CodeFixes.InferenceWithoutLoggingCodeFix).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)))
            .Select(t => (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        Assert.NotEmpty(fixes);
        foreach (var fix in fixes)
        {
            var stem = fix.GetType().Name[..^"CodeFix".Length];
            var analyzer = Assert.Single(Analyzers, a => a.GetType().Name == stem + "Analyzer");
            Assert.Equal(analyzer.SupportedDiagnostics.Select(d => d.Id), fix.FixableDiagnosticIds);
        }
    }
}
