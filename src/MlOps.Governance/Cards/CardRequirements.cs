using MlOps.Governance.Risk;
using MlOps.Diagnostics;

namespace MlOps.Governance.Cards;

/// <summary>
/// Which card fields a model's risk needs (docs/model-card.md): more is required as the level rises, and an
/// EU AI Act high-risk system always needs human oversight (Art. 14).
/// </summary>
public static class CardRequirements
{
    /// <summary>Fields every card needs.</summary>
    public static IReadOnlyList<string> Always { get; } =
        [CardFields.Owners, CardFields.Description, CardFields.IntendedUse, CardFields.Licence];

    /// <summary>Added from level medium.</summary>
    public static IReadOnlyList<string> FromMedium { get; } = [CardFields.OutOfScopeUse, CardFields.Limitations];

    /// <summary>Added from level high.</summary>
    public static IReadOnlyList<string> FromHigh { get; } =
        [CardFields.EthicalConsiderations, CardFields.HumanOversight, CardFields.SensitiveFeatures, CardFields.Label];

    /// <summary>The fields required for a risk (level + category), in documentation order.</summary>
    public static IReadOnlyList<string> RequiredFor(RiskLevel level, EuAiActCategory category)
    {
        var required = new List<string>(Always);
        if (level >= RiskLevel.Medium)
        {
            required.AddRange(FromMedium);
        }
        if (level >= RiskLevel.High)
        {
            required.AddRange(FromHigh);
        }
        if (category >= EuAiActCategory.HighRisk && !required.Contains(CardFields.HumanOversight))
        {
            required.Add(CardFields.HumanOversight);
        }
        return CardFields.TopLevel.Where(required.Contains).ToList();
    }

    /// <summary>Every missing required field (risk words included), in documentation order.</summary>
    public static IReadOnlyList<string> Missing(CardSource card)
    {
        var missing = new List<string>();
        var required = card.Risk is { } risk ? RequiredFor(risk.Level, risk.EuAiActCategory) : Always;
        foreach (var field in required)
        {
            if (!IsPresent(card, field))
            {
                missing.Add(field);
            }
        }
        missing.AddRange(card.MissingRiskFields);
        return missing;
    }

    /// <summary>Throws MLOPS106 listing every missing field, if any.</summary>
    public static void Enforce(CardSource card)
    {
        var missing = Missing(card);
        if (missing.Count == 0)
        {
            return;
        }
        var level = card.Risk is { } risk
            ? $"risk level {RiskWords.Of(risk.Level)} (EU AI Act: {RiskWords.Of(risk.EuAiActCategory)})"
            : "any risk level";
        throw new MlOpsException(
            $"The card lacks {missing.Count} field(s) required for {level}: {string.Join(", ", missing)}.",
            file: card.FilePath, line: 1, column: 1,
            fix: $"Add {string.Join(", ", missing)} to the front matter (see docs/model-card.md).",
            diagnostic: DiagnosticCatalog.CardFieldMissing);
    }

    /// <summary>Whether the card fills <paramref name="field"/> (a <see cref="CardFields"/> name; fields it does not check count as present).</summary>
    public static bool IsPresent(CardSource card, string field) => field switch
    {
        CardFields.Owners => card.Owners.Count > 0,
        CardFields.Description => card.Description is not null,
        CardFields.IntendedUse => card.IntendedUse is not null,
        CardFields.OutOfScopeUse => card.OutOfScopeUse is not null,
        CardFields.Limitations => card.Limitations is not null,
        CardFields.EthicalConsiderations => card.EthicalConsiderations is not null,
        CardFields.HumanOversight => card.HumanOversight is not null,
        CardFields.SensitiveFeatures => card.SensitiveFeatures.Count > 0,
        CardFields.Label => card.Label is not null,
        CardFields.Licence => card.Licence is not null,
        CardFields.MetricsRationale => card.MetricsRationale is not null,
        CardFields.Monotonic => card.Monotonic.Count > 0,
        CardFields.RiskManagement => card.RiskManagement is not null,
        CardFields.LifecycleChanges => card.LifecycleChanges is not null,
        CardFields.StandardsApplied => card.StandardsApplied.Count > 0,
        CardFields.DeclarationOfConformity => card.DeclarationOfConformity is not null,
        CardFields.PostMarketMonitoring => card.PostMarketMonitoring is not null,
        _ => true,
    };
}
