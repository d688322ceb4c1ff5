using MlOps.Governance.Cards;
using MlOps.Governance.Risk;

namespace MlOps.Templates.Tests;

public class ModelCardTests
{
    private static string CardPath => Path.Combine(RepositoryPaths.TemplateContent, "src", "CreditRisk.Model", "model-card.md");

    [Fact]
    public void Template_card_parses_and_has_every_field_its_risk_level_requires()
    {
        var card = CardSourceParser.ParseFile(CardPath);

        Assert.Empty(CardRequirements.Missing(card));
        CardRequirements.Enforce(card);
    }

    [Fact]
    public void Template_card_declares_credit_scoring_as_high_risk_with_sex_and_age_group()
    {
        var card = CardSourceParser.ParseFile(CardPath);

        Assert.Equal(EuAiActCategory.HighRisk, card.Risk!.EuAiActCategory);
        Assert.Equal(["sex", "age_group"], card.SensitiveFeatures);
        Assert.Equal("credit_risk", card.Label);
    }
}
