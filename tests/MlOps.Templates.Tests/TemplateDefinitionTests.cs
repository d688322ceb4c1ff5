using System.Text.Json;

namespace MlOps.Templates.Tests;

public class TemplateDefinitionTests
{
    private static JsonElement TemplateJson()
    {
        var path = Path.Combine(RepositoryPaths.TemplateContent, ".template.config", "template.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    [Fact]
    public void Template_json_names_identity_short_name_and_source_name()
    {
        var json = TemplateJson();
        Assert.Equal("MlOps.Templates.GovernedModel", json.GetProperty("identity").GetString());
        Assert.Equal("mlops-model", json.GetProperty("shortName").GetString());
        var sourceName = json.GetProperty("sourceName").GetString()!;
        // sourceName renames the projects: the template must really contain it in project paths.
        Assert.NotEmpty(Directory.GetFiles(RepositoryPaths.TemplateContent, $"{sourceName}.*.csproj", SearchOption.AllDirectories));
    }

    [Fact]
    public void Every_replaced_token_occurs_in_the_content()
    {
        var files = Directory.GetFiles(RepositoryPaths.TemplateContent, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".template.config", StringComparison.Ordinal) && !f.EndsWith(".csv", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();
        foreach (var symbol in TemplateJson().GetProperty("symbols").EnumerateObject())
        {
            if (symbol.Value.TryGetProperty("replaces", out var token))
            {
                Assert.Contains(files, text => text.Contains(token.GetString()!, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_shipped_data_is_the_shared_German_credit_file_with_its_licence_note()
    {
        var shipped = File.ReadAllBytes(RepositoryPaths.GermanCredit);
        Assert.Equal(1001, shipped.Count(b => b == (byte)'\n'));
        if (File.Exists(RepositoryPaths.SharedGermanCredit))
        {
            Assert.Equal(File.ReadAllBytes(RepositoryPaths.SharedGermanCredit), shipped);
        }
        var note = File.ReadAllText(Path.Combine(RepositoryPaths.TemplateContent, "data", "README.md"));
        Assert.Contains("CC BY 4.0", note);
        Assert.Contains("Hofmann", note);
    }
}
