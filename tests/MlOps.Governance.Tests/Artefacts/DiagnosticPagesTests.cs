using System.Text.RegularExpressions;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

public sealed class DiagnosticPagesTests
{
    [Fact]
    public void Every_governance_code_101_to_119_has_a_page_with_trigger_example_and_fix()
    {
        for (var n = 101; n <= 119; n++)
        {
            var page = Path.Combine(RepositoryRoot.Path, "docs", $"MLOPS{n}.md");
            Assert.True(File.Exists(page), $"docs/MLOPS{n}.md is missing");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# MLOPS{n}: ", text);
            Assert.Contains("## What triggers it", text);
            Assert.Contains("## Example", text);
            Assert.Contains("## How to fix it", text);
        }
    }

    [Fact]
    public void Every_code_thrown_by_the_artefact_code_is_documented()
    {
        var folders = new[] { "Artefacts", "Cards", "Risk", "Lineage", "Json", "Versioning", "Hashing" };
        var codes = folders
            .Select(f => Path.Combine(RepositoryRoot.Path, "src", "MlOps.Governance", f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*.cs", SearchOption.AllDirectories))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"(MLOPS1\\d\\d)\"").Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "docs", code + ".md")), $"{code} has no page");
        }
    }
}
