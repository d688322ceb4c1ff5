using MlOps.Governance.Risk;

namespace MlOps.Governance.Tests.RiskTests;

public sealed class RiskMatrixTests
{
    // Every cell exactly as the book prints it (DESIGN.md "Risk and policy").
    [Theory]
    [InlineData("very likely", "very low", "medium")]
    [InlineData("very likely", "low", "high")]
    [InlineData("very likely", "moderate", "high")]
    [InlineData("very likely", "major", "severe")]
    [InlineData("very likely", "very major", "severe")]
    [InlineData("likely", "very low", "medium")]
    [InlineData("likely", "low", "medium")]
    [InlineData("likely", "moderate", "high")]
    [InlineData("likely", "major", "high")]
    [InlineData("likely", "very major", "severe")]
    [InlineData("possible", "very low", "low")]
    [InlineData("possible", "low", "medium")]
    [InlineData("possible", "moderate", "medium")]
    [InlineData("possible", "major", "high")]
    [InlineData("possible", "very major", "high")]
    [InlineData("unlikely", "very low", "low")]
    [InlineData("unlikely", "low", "medium")]
    [InlineData("unlikely", "moderate", "medium")]
    [InlineData("unlikely", "major", "medium")]
    [InlineData("unlikely", "very major", "high")]
    [InlineData("rare", "very low", "low")]
    [InlineData("rare", "low", "low")]
    [InlineData("rare", "moderate", "low")]
    [InlineData("rare", "major", "medium")]
    [InlineData("rare", "very major", "medium")]
    public void Every_cell_has_the_level_the_book_prints(string probability, string severity, string level)
    {
        var actual = RiskMatrix.LevelOf(RiskWords.Probability(probability), RiskWords.Severity(severity));
        Assert.Equal(level, RiskWords.Of(actual));
    }

    [Fact]
    public void The_matrix_has_25_cells_and_every_level_occurs()
    {
        var levels = RiskMatrix.Probabilities.SelectMany(p => RiskMatrix.Severities.Select(s => RiskMatrix.LevelOf(p, s))).ToList();
        Assert.Equal(25, levels.Count);
        Assert.Equal([RiskLevel.Low, RiskLevel.Medium, RiskLevel.High, RiskLevel.Severe], levels.Distinct().Order());
    }

    [Theory]
    [InlineData("Very Likely")]
    [InlineData("very-likely")]
    [InlineData("VERY_LIKELY")]
    [InlineData("  very   likely ")]
    [InlineData("very_Likely")]
    public void Probability_words_are_case_and_separator_insensitive(string word) =>
        Assert.Equal(RiskProbability.VeryLikely, RiskWords.Probability(word));

    [Theory]
    [InlineData("high-risk", EuAiActCategory.HighRisk)]
    [InlineData("High Risk", EuAiActCategory.HighRisk)]
    [InlineData("high_risk", EuAiActCategory.HighRisk)]
    [InlineData("minimal", EuAiActCategory.Minimal)]
    [InlineData("Limited", EuAiActCategory.Limited)]
    [InlineData("UNACCEPTABLE", EuAiActCategory.Unacceptable)]
    public void Eu_ai_act_categories_parse_tolerantly(string word, EuAiActCategory expected) =>
        Assert.Equal(expected, RiskWords.EuAiAct(word));

    [Fact]
    public void An_unknown_severity_is_MLOPS107_listing_every_allowed_word()
    {
        var e = Assert.Throws<MlOpsException>(() => RiskWords.Severity("catastrophic", "card.md", 12, 13));
        Assert.Equal("MLOPS107", e.Code);
        Assert.Equal("card.md", e.File);
        Assert.Equal(12, e.Line);
        Assert.Equal(13, e.Column);
        foreach (var word in RiskWords.SeverityWords)
        {
            Assert.Contains($"'{word}'", e.Message);
        }
    }

    [Fact]
    public void An_unknown_category_is_MLOPS107()
    {
        var e = Assert.Throws<MlOpsException>(() => RiskWords.EuAiAct("high"));
        Assert.Equal("MLOPS107", e.Code);
        Assert.Contains("'high-risk'", e.Message);
    }

    [Fact]
    public void Words_round_trip_for_every_value()
    {
        foreach (var p in Enum.GetValues<RiskProbability>())
        {
            Assert.Equal(p, RiskWords.Probability(RiskWords.Of(p)));
        }
        foreach (var s in Enum.GetValues<RiskSeverity>())
        {
            Assert.Equal(s, RiskWords.Severity(RiskWords.Of(s)));
        }
        foreach (var l in Enum.GetValues<RiskLevel>())
        {
            Assert.Equal(l, RiskWords.Level(RiskWords.Of(l)));
        }
        foreach (var c in Enum.GetValues<EuAiActCategory>())
        {
            Assert.Equal(c, RiskWords.EuAiAct(RiskWords.Of(c)));
        }
    }
}
