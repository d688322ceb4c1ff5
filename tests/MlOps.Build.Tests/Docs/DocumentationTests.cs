using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Build.Diagnostics;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Docs;

/// <summary>Every code the MSBuild side raises has its page, and docs/msbuild.md covers every public knob.</summary>
public sealed partial class DocumentationTests
{
    private static string Docs => Path.Combine(TestEnvironment.RepositoryRoot, "docs");

    private static string BuildFolder => Path.Combine(TestEnvironment.RepositoryRoot, "src", "MlOps.Build", "build");

    public static TheoryData<string> Codes => new(BuildDiagnostics.All);

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_MSBuild_code_has_a_page_with_trigger_example_and_fix(string code)
    {
        var page = Path.Combine(Docs, code + ".md");
        Assert.True(File.Exists(page), $"docs/{code}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {code}: ", text);
        Assert.Contains("## What triggers it", text);
        Assert.Contains("## Example", text);
        Assert.Contains($"error {code}: ", text);
        Assert.Contains("## Fix", text);
        Assert.Equal($"https://github.com/mlopsbuild/mlopsbuild/blob/main/docs/{code}.md", BuildDiagnostics.HelpLink(code));
    }

    [Fact]
    public void Errors_raised_by_the_targets_use_the_shared_code_and_help_link()
    {
        var targets = XDocument.Load(Path.Combine(BuildFolder, "MlOps.Build.targets"));
        var helpRoot = targets.Descendants("_MlOpsHelpRoot").Single().Value;
        var errors = targets.Descendants("Error").ToList();
        Assert.NotEmpty(errors);
        foreach (var error in errors)
        {
            var code = error.Attribute("Code")!.Value;
            Assert.Contains(code, BuildDiagnostics.All);
            Assert.Equal(BuildDiagnostics.HelpLink(code), error.Attribute("HelpLink")!.Value.Replace("$(_MlOpsHelpRoot)", helpRoot));
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

        foreach (var code in BuildDiagnostics.All)
        {
            Assert.Contains($"[{code}]({code}.md)", page);
        }
    }
}
