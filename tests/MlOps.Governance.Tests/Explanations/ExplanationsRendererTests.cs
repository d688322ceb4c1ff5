using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Explanations;

namespace MlOps.Governance.Tests.Explanations;

public sealed class ExplanationsRendererTests
{
    private static ExplanationReport Report(LocalContributionSummary? local) => new()
    {
        ModelSha256 = new string('a', 64),
        DataFile = "eval.csv",
        DataSha256 = null,
        Options = new PermutationImportanceOptions { Label = "y" },
        Sensitive = ["g"],
        Importance = new PermutationImportanceResult("probabilities[1]", 10, 0.8, [new FeatureImportance("a", [0.2, 0.3]), new FeatureImportance("b", [0.01, 0.03])]),
        Local = local,
        LocalNotSupported = local is null ? "no exact explainer for this model" : null,
    };

    private static EvidenceSection Render(ExplanationReport report) =>
        new ExplanationsEvidenceRenderer().Render(EvidenceFile.Parse(EvidenceDocument.ToBytes(ExplanationsJson.ToJson(report)), "explanations.json"));

    [Fact]
    public void The_section_charts_the_importance_and_says_why_local_contributions_are_missing()
    {
        var section = Render(Report(null));
        Assert.Contains("<svg", section.Html);
        Assert.Contains("| a | 0.25 | 0.05 |", section.Markdown);
        Assert.Contains("not supported: no exact explainer for this model", section.Markdown);
        Assert.True(section.Markdown.IndexOf("| a |", StringComparison.Ordinal) < section.Markdown.IndexOf("| b |", StringComparison.Ordinal));
    }

    [Fact]
    public void The_section_tabulates_contributions_per_sensitive_group()
    {
        var means = new ContributionMeans(4, new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.25 });
        var local = new LocalContributionSummary("linear", "the log-odds", 0.1, ["a", "b"], means,
            new Dictionary<string, IReadOnlyList<KeyValuePair<string, ContributionMeans>>> { ["g"] = [KeyValuePair.Create("young", means)] }, 4, null);
        var section = Render(Report(local));
        Assert.Contains("per g group", section.Html);
        Assert.Contains("| young | 4 | 0.5 | 0.25 |", section.Markdown);
    }
}
