using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Diagnostics;

namespace MlOps.Core.Tests.Diagnostics;

/// <summary>
/// The catalogue is the one list of MLOPS1xx codes: each has its page in docs/ with the catalogue's title, the code
/// appears nowhere in the product's source as a literal, and every help link shares the root Directory.Build.props defines.
/// </summary>
public sealed partial class DiagnosticCatalogTests
{
    private static string Root { get; } = FindRoot();

    public static TheoryData<string> Codes => new(DiagnosticCatalog.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_diagnostic_has_a_page_with_its_title_trigger_example_and_fix(string code)
    {
        var diagnostic = DiagnosticCatalog.Find(code)!;
        var page = Path.Combine(Root, "docs", code + ".md");
        Assert.True(File.Exists(page), $"docs/{code}.md is missing");
        var text = File.ReadAllText(page);
        Assert.Equal($"# {code}: {diagnostic.Title}", text.Split('\n')[0].TrimEnd());
        Assert.Contains("## What triggers it", text);
        Assert.Contains("## Example", text);
        Assert.Contains("## How to fix it", text);
        Assert.Matches($@"\b{code}: ", text[text.IndexOf("## Example", StringComparison.Ordinal)..]);
        Assert.Equal($"{DiagnosticCatalog.HelpRoot}{code}.md", diagnostic.HelpLink);
    }

    [Fact]
    public void Codes_are_unique_and_in_order()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void No_source_file_outside_the_catalogue_spells_a_code()
    {
        var catalogue = Path.Combine(Root, "src", "MlOps.Core", "Diagnostics", "DiagnosticCatalog.cs");
        var offenders = Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => f != catalogue)
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, i, line)))
            .Where(x => CodeLiteral().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Use DiagnosticCatalog instead of a literal code:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_code_the_source_mentions_is_catalogued_or_an_analyzer_rule()
    {
        var known = DiagnosticCatalog.All.Select(d => d.Id).ToHashSet();
        var mentioned = Directory.GetFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => AnyCode().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .Where(c => c.StartsWith("MLOPS1", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Empty(mentioned.Except(known));
    }

    [Fact]
    public void The_help_root_is_the_one_Directory_Build_props_defines()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        Assert.Equal(DiagnosticCatalog.HelpRoot, props.Descendants("MlOpsHelpRoot").Single().Value);
        var spelledOut = Directory.GetFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadAllText(f).Contains(DiagnosticCatalog.HelpRoot, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();
        Assert.Empty(spelledOut);
    }

    [Fact]
    public void An_exception_names_its_diagnostic_and_a_caller_adds_how_to_set_its_inputs()
    {
        var error = new MlOpsException("No value of the label column equals the positive label.", "data.csv", 1,
            "Name the positive label.", DiagnosticCatalog.DataMissing, inputs: [UserInputs.PositiveLabel.Example("good")]);
        Assert.Equal("MLOPS109", error.Code);
        Assert.Equal("data.csv(1): MLOPS109: No value of the label column equals the positive label. Fix: Name the positive label.", error.Describe());
        Assert.Equal("data.csv(1): MLOPS109: No value of the label column equals the positive label. Fix: Name the positive label. Use --positive good.",
            error.Describe(hints => "Use " + string.Join(" or ", hints.Select(h => $"--{h.Input.Name} {h.Value}")) + "."));
    }

    // A quoted code, as a throw site used to spell it.
    [GeneratedRegex("\"MLOPS1\\d\\d\"")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"\bMLOPS\d{3}\b")]
    private static partial Regex AnyCode();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsBuild.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MlOpsBuild.sln not found above " + AppContext.BaseDirectory);
    }
}
