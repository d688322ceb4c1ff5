namespace MlOps.Governance.Cards;

/// <summary>The front-matter keys of a card source, as documented in docs/model-card.md.</summary>
public static class CardFields
{
    /// <summary>Model name (identifier; also names the .mlpkg).</summary>
    public const string Name = "name";

    /// <summary>SemVer 2 version (the project's Version wins).</summary>
    public const string Version = "version";

    /// <summary>People or teams accountable for the model.</summary>
    public const string Owners = "owners";

    /// <summary>What the model does.</summary>
    public const string Description = "description";

    /// <summary>Intended uses and users.</summary>
    public const string IntendedUse = "intendedUse";

    /// <summary>Uses the model must not be put to.</summary>
    public const string OutOfScopeUse = "outOfScopeUse";

    /// <summary>Known limitations.</summary>
    public const string Limitations = "limitations";

    /// <summary>Ethical considerations and mitigations.</summary>
    public const string EthicalConsiderations = "ethicalConsiderations";

    /// <summary>How humans oversee the model's decisions (EU AI Act Art. 14).</summary>
    public const string HumanOversight = "humanOversight";

    /// <summary>The risk block.</summary>
    public const string Risk = "risk";

    /// <summary>risk.probability.</summary>
    public const string RiskProbability = "risk.probability";

    /// <summary>risk.severity.</summary>
    public const string RiskSeverity = "risk.severity";

    /// <summary>risk.euAiActCategory.</summary>
    public const string RiskEuAiActCategory = "risk.euAiActCategory";

    /// <summary>Columns that identify protected groups (fairness evidence uses them).</summary>
    public const string SensitiveFeatures = "sensitiveFeatures";

    /// <summary>The label (target) column.</summary>
    public const string Label = "label";

    /// <summary>The model's licence (SPDX identifier or text).</summary>
    public const string Licence = "licence";

    /// <summary>Why the evaluation metrics fit this model and its use (EU AI Act Annex IV point 4).</summary>
    public const string MetricsRationale = "metricsRationale";

    /// <summary>The risk management system around the model (EU AI Act Art. 9; Annex IV point 5).</summary>
    public const string RiskManagement = "riskManagement";

    /// <summary>Relevant changes to the model through its life cycle (Annex IV point 6).</summary>
    public const string LifecycleChanges = "lifecycleChanges";

    /// <summary>Harmonised and other standards applied (Annex IV point 7).</summary>
    public const string StandardsApplied = "standardsApplied";

    /// <summary>Where the EU declaration of conformity is, or its text (EU AI Act Art. 47; Annex IV point 8).</summary>
    public const string DeclarationOfConformity = "declarationOfConformity";

    /// <summary>The post-market monitoring plan (EU AI Act Art. 72; Annex IV point 9).</summary>
    public const string PostMarketMonitoring = "postMarketMonitoring";

    /// <summary>Monotonic constraints: feature → increasing or decreasing (checked by the robustness stage).</summary>
    public const string Monotonic = "monotonic";

    /// <summary>Every top-level key, in documentation order.</summary>
    public static IReadOnlyList<string> TopLevel { get; } =
    [
        Name, Version, Owners, Description, IntendedUse, OutOfScopeUse, Limitations, EthicalConsiderations,
        HumanOversight, Risk, SensitiveFeatures, Label, Licence, MetricsRationale, RiskManagement, LifecycleChanges,
        StandardsApplied, DeclarationOfConformity, PostMarketMonitoring, Monotonic,
    ];

    /// <summary>Keys folded for tolerant matching: case-insensitive, '-' and '_' ignored ("intended_use" = "intendedUse").</summary>
    public static string Fold(string key) =>
        new(key.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());
}
