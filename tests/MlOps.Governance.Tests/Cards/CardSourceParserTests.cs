using MlOps.Governance.Cards;
using MlOps.Governance.Risk;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.CardTests;

public sealed class CardSourceParserTests
{
    private static CardSource Parse(string text) => CardSourceParser.Parse(text.Replace("\r\n", "\n"), "card.md");

    private static MlOpsException Fails(string text, string code)
    {
        var e = Assert.Throws<MlOpsException>(() => Parse(text));
        Assert.Equal(code, e.Code);
        Assert.Equal("card.md", e.File);
        return e;
    }

    [Fact]
    public void Every_documented_field_is_read()
    {
        var card = Parse(SampleInputs.Card);
        Assert.Equal("credit-risk", card.Name);
        Assert.Equal("1.2.0", card.Version!.Text);
        Assert.Equal(3, card.Version.Line);
        Assert.Equal(["Risk Analytics <risk@example.org>"], card.Owners);
        Assert.StartsWith("Scores the probability", card.Description);
        Assert.StartsWith("Decision support", card.IntendedUse);
        Assert.StartsWith("Fully automated", card.OutOfScopeUse);
        Assert.Equal("- Trained on German credit data from the 1990s.\n- Not calibrated for applicants under 21.", card.Limitations);
        Assert.StartsWith("Age and sex", card.EthicalConsiderations);
        Assert.StartsWith("A credit officer", card.HumanOversight);
        Assert.Equal(new RiskAssessment(RiskProbability.Likely, RiskSeverity.Major, EuAiActCategory.HighRisk), card.Risk);
        Assert.Equal(["age", "sex"], card.SensitiveFeatures);
        Assert.Equal("default", card.Label);
        Assert.Equal("MIT", card.Licence);
        Assert.StartsWith("# Notes", card.Body);
        Assert.Equal(22, card.BodyLine);
    }

    [Fact]
    public void The_Annex_IV_fields_are_optional_and_read_when_written()
    {
        var absent = Parse(SampleInputs.Card);
        Assert.Null(absent.MetricsRationale);
        Assert.Null(absent.RiskManagement);
        Assert.Null(absent.LifecycleChanges);
        Assert.Empty(absent.StandardsApplied);
        Assert.Null(absent.DeclarationOfConformity);
        Assert.Null(absent.PostMarketMonitoring);
        Assert.Empty(CardRequirements.Missing(absent));

        var card = Parse(SampleInputs.Card.Replace("licence: MIT\n", """
            licence: MIT
            metricsRationale: ROC AUC ranks applicants.
            risk_management: Quarterly review.
            lifecycleChanges:
              - "1.2.0: retrained"
              - "1.1.0: feature removed"
            standardsApplied: [ISO/IEC 23894:2023, ISO/IEC 42001:2023]
            declarationOfConformity: EU-DoC-1.2.0
            PostMarketMonitoring: Weekly drift comparison.

            """.Replace("\r\n", "\n"), StringComparison.Ordinal));
        Assert.Equal("ROC AUC ranks applicants.", card.MetricsRationale);
        Assert.Equal("Quarterly review.", card.RiskManagement);
        Assert.Equal("- 1.2.0: retrained\n- 1.1.0: feature removed", card.LifecycleChanges);
        Assert.Equal(["ISO/IEC 23894:2023", "ISO/IEC 42001:2023"], card.StandardsApplied);
        Assert.Equal("EU-DoC-1.2.0", card.DeclarationOfConformity);
        Assert.Equal("Weekly drift comparison.", card.PostMarketMonitoring);
        foreach (var field in new[] { CardFields.MetricsRationale, CardFields.RiskManagement, CardFields.LifecycleChanges, CardFields.StandardsApplied, CardFields.DeclarationOfConformity, CardFields.PostMarketMonitoring })
        {
            Assert.True(CardRequirements.IsPresent(card, field), field);
            Assert.False(CardRequirements.IsPresent(absent, field), field);
        }
    }

    [Fact]
    public void Keys_are_matched_tolerantly_and_license_is_an_alias()
    {
        var card = Parse("---\nintended_use: x\nOut-Of-Scope-Use: y\nlicense: Apache-2.0\nrisk:\n  probability: rare\n  severity: low\n  eu_ai_act_category: minimal\n---\n");
        Assert.Equal("x", card.IntendedUse);
        Assert.Equal("y", card.OutOfScopeUse);
        Assert.Equal("Apache-2.0", card.Licence);
        Assert.Equal(RiskLevel.Low, card.Risk!.Level);
    }

    [Fact]
    public void Extension_keys_are_ignored_and_unknown_keys_are_MLOPS105_at_their_position()
    {
        Assert.Null(Parse("---\nx-team-id: 42\n---\n").Name);
        var e = Fails("---\nname: a\nintendedUsage: b\n---\n", "MLOPS105");
        Assert.Equal(3, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("intendedUsage", e.Message);
        Assert.Contains("intendedUse", e.Fix);
    }

    [Fact]
    public void Bad_indentation_is_MLOPS105_with_line_and_column()
    {
        var e = Fails("---\nname: a\nrisk:\n  probability: rare\n   severity: low\n---\n", "MLOPS105");
        Assert.Equal(5, e.Line);
        Assert.NotNull(e.Column);
    }

    [Fact]
    public void A_card_without_front_matter_is_MLOPS105_at_line_1() =>
        Assert.Equal(1, Fails("# Just prose\n", "MLOPS105").Line);

    [Fact]
    public void Unclosed_front_matter_is_MLOPS105() => Fails("---\nname: a\n", "MLOPS105");

    [Fact]
    public void A_duplicate_field_is_MLOPS105() => Assert.Equal(3, Fails("---\nname: a\nName: b\n---\n", "MLOPS105").Line);

    [Fact]
    public void An_unknown_probability_word_is_MLOPS107_at_the_word()
    {
        var e = Fails("---\nrisk:\n  probability: often\n  severity: low\n  euAiActCategory: minimal\n---\n", "MLOPS107");
        Assert.Equal(3, e.Line);
        Assert.Equal(16, e.Column);
        Assert.Contains("'very likely'", e.Message);
    }

    [Fact]
    public void Windows_line_ends_and_a_bom_are_accepted()
    {
        var card = CardSourceParser.Parse("\uFEFF---\r\nname: a\r\n---\r\nbody\r\n", "card.md");
        Assert.Equal("a", card.Name);
        Assert.Equal("body\n", card.Body);
    }

    [Fact]
    public void A_missing_card_file_is_MLOPS104()
    {
        var e = Assert.Throws<MlOpsException>(() => CardSourceParser.ParseFile("/nonexistent/model-card.md"));
        Assert.Equal("MLOPS104", e.Code);
    }
}
