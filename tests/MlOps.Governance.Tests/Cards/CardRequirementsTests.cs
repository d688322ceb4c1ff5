using MlOps.Governance.Cards;
using MlOps.Governance.Risk;

namespace MlOps.Governance.Tests.CardTests;

public sealed class CardRequirementsTests
{
    private const string Minimal = "---\nowners: [a]\ndescription: d\nintendedUse: u\nlicence: MIT\nrisk:\n  probability: {0}\n  severity: {1}\n  euAiActCategory: {2}\n---\n";

    private static CardSource Card(string probability, string severity, string category) =>
        CardSourceParser.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Minimal, probability, severity, category), "card.md");

    [Fact]
    public void A_low_risk_minimal_card_needs_only_the_basic_fields() =>
        Assert.Empty(CardRequirements.Missing(Card("rare", "low", "minimal")));

    [Fact]
    public void A_medium_risk_card_also_needs_out_of_scope_use_and_limitations() =>
        Assert.Equal(["outOfScopeUse", "limitations"], CardRequirements.Missing(Card("possible", "moderate", "limited")));

    [Fact]
    public void A_high_risk_card_needs_every_governance_field_listed_together()
    {
        var e = Assert.Throws<MlOpsException>(() => CardRequirements.Enforce(Card("likely", "major", "limited")));
        Assert.Equal("MLOPS106", e.Code);
        foreach (var field in new[] { "outOfScopeUse", "limitations", "ethicalConsiderations", "humanOversight", "sensitiveFeatures", "label" })
        {
            Assert.Contains(field, e.Message);
        }
    }

    [Fact]
    public void An_eu_high_risk_system_always_needs_human_oversight() =>
        Assert.Equal(["humanOversight"], CardRequirements.Missing(Card("rare", "low", "high-risk")));

    [Fact]
    public void Missing_risk_words_are_listed_with_the_other_missing_fields()
    {
        var card = CardSourceParser.Parse("---\nrisk:\n  probability: rare\n---\n", "card.md");
        var missing = CardRequirements.Missing(card);
        Assert.Equal(["owners", "description", "intendedUse", "licence", "risk.severity", "risk.euAiActCategory"], missing);
    }

    [Theory]
    [InlineData(RiskLevel.Low, 4)]
    [InlineData(RiskLevel.Medium, 6)]
    [InlineData(RiskLevel.High, 10)]
    [InlineData(RiskLevel.Severe, 10)]
    public void Requirements_grow_with_the_level(RiskLevel level, int count) =>
        Assert.Equal(count, CardRequirements.RequiredFor(level, EuAiActCategory.Minimal).Count);
}
