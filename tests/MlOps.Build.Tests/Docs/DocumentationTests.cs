using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Diagnostics;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Docs;

/// <summary>Every code the MSBuild side raises has its page, and docs/msbuild.md covers every public knob.</summary>
public sealed partial class DocumentationTests
{
    private static string Docs => Path.Combine(TestEnvironment.RepositoryRoot, "docs");

    private static string BuildFolder => Path.Combine(TestEnvironment.RepositoryRoot, "src", "MlOps.Build", "build");

    private static IEnumerable<DiagnosticDescriptor> MsBuildDiagnostics => DiagnosticCatalog.All.Where(d => d.RaisedBy == DiagnosticSource.MSBuild);

    [Fact]
    public void Errors_raised_by_the_targets_use_the_shared_code_and_help_link()
    {
        var targets = XDocument.Load(Path.Combine(BuildFolder, "MlOps.Build.targets"));
        var errors = targets.Descendants("Error").ToList();
        Assert.NotEmpty(errors);
        foreach (var error in errors)
        {
            var code = error.Attribute("Code")!.Value;
            Assert.Contains(code, MsBuildDiagnostics.Select(d => d.Id));
            Assert.Equal($"$(_MlOpsHelpRoot){code}.md", error.Attribute("HelpLink")!.Value);
        }
    }

    [Fact]
    public void The_msbuild_page_documents_every_public_property_metadata_and_code()
    {
        var page = File.ReadAllText(Path.Combine(Docs, "msbuild.md"));
        var properties = new[] { "MlOps.Build.props", "MlOps.Build.targets" }
            .SelectMany(f => XDocument.Load(Path.Combine(BuildFolder, f)).Descendants("PropertyGroup").Elements())
            .Select(e => e.Name.LocalName)
            .Where(n => n.StartsWith("MlOps", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(properties);
        foreach (var property in properties.Append("MlOpsUseTaskHost"))
        {
            Assert.Contains($"`{property}`", page);
        }

        foreach (var metadata in new[] { "Card", "Name", "Version", "TrainingData", "EvaluationData", "EvidenceDirectory" })
        {
            Assert.Contains($"| `{metadata}` |", page);
        }

        foreach (var code in MsBuildDiagnostics.Select(d => d.Id))
        {
            Assert.Contains($"[{code}]({code}.md)", page);
        }
    }
}
