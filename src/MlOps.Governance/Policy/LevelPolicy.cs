using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Risk;

namespace MlOps.Governance.Policy;

/// <summary>Which figure of the evidence a bound is checked against.</summary>
public enum BoundedFigure
{
    /// <summary>The metric's value (the point estimate).</summary>
    Estimate,

    /// <summary>The lower end of the metric's bootstrap confidence interval (policy <c>bound: lower</c>).</summary>
    Lower,

    /// <summary>The upper end of the metric's bootstrap confidence interval (policy <c>bound: upper</c>).</summary>
    Upper,
}

/// <summary>A bound on a metric: a minimum, a maximum, or both.</summary>
public sealed record MetricBound(double? Min, double? Max)
{
    /// <summary>The figure checked: the value (default) or an end of its confidence interval.</summary>
    public BoundedFigure Figure { get; init; } = BoundedFigure.Estimate;

    /// <summary>Whether <paramref name="value"/> is within the bound (NaN never is).</summary>
    public bool Allows(double value) => !double.IsNaN(value) && (Min is not { } lo || value >= lo) && (Max is not { } hi || value <= hi);

    /// <summary>"≥ 0.8", "≤ 0.2" or "between 0.1 and 0.3"; "lower confidence bound ≥ 0.7" for an interval's end.</summary>
    public override string ToString()
    {
        static string F(double x) => x.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
        var figure = Figure switch
        {
            BoundedFigure.Lower => "lower confidence bound ",
            BoundedFigure.Upper => "upper confidence bound ",
            _ => "",
        };
        return figure + (Min, Max) switch
        {
            ({ } lo, { } hi) => $"between {F(lo)} and {F(hi)}",
            ({ } lo, null) => $">= {F(lo)}",
            (null, { } hi) => $"<= {F(hi)}",
            _ => "any value",
        };
    }
}

/// <summary>
/// Who must approve a release at one risk level (docs/policy.md, "Approvals"). Approvals are signed statements
/// (docs/attestations.md); the release layer judges them, the gate only carries the rule.
/// </summary>
/// <param name="Roles">Roles that each need at least one valid approval (for example model-owner, risk-manager).</param>
/// <param name="DistinctPeople">How many different people must have approved (2 = four eyes).</param>
/// <param name="AuthorMayApprove">Whether the signer of the model's provenance (its author) may count as an approver.</param>
public sealed record ApprovalRule(IReadOnlyList<string> Roles, int DistinctPeople, bool AuthorMayApprove = false)
{
    /// <summary>No approval needed.</summary>
    public static ApprovalRule None { get; } = new([], 0);

    /// <summary>Whether any approval is needed.</summary>
    public bool RequiresAny => Roles.Count > 0 || DistinctPeople > 0;

    /// <summary>Whether <paramref name="role"/> is a role name as the policy and the trust file write them: lowercase
    /// letters, digits and hyphens (model-owner, risk-manager).</summary>
    public static bool IsRoleName(string role) => role.Length > 0 && role.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}

/// <summary>What the policy requires of a model at one risk level.</summary>
public sealed record LevelPolicy
{
    /// <summary>Card front-matter fields that must be present (docs/model-card.md names).</summary>
    public IReadOnlyList<string> CardSections { get; init; } = [];

    /// <summary>Evidence kinds that must be present.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Evidence kinds whose verdict must be "passed" when present.</summary>
    public IReadOnlyList<string> PassingEvidence { get; init; } = [];

    /// <summary>Bounds on evaluation metrics (metric name → bound).</summary>
    public IReadOnlyDictionary<string, MetricBound> Metrics { get; init; } = new Dictionary<string, MetricBound>();

    /// <summary>Bounds on fairness metrics, applied to every single sensitive feature (metric name → bound).</summary>
    public IReadOnlyDictionary<string, MetricBound> Fairness { get; init; } = new Dictionary<string, MetricBound>();

    /// <summary>Whether a drift report, when present, must show no dataset drift.</summary>
    public bool NoDatasetDrift { get; init; }

    /// <summary>Who must approve a release.</summary>
    public ApprovalRule Approvals { get; init; } = ApprovalRule.None;

    /// <summary>Limits on the robustness evidence (it must then be present); null: not judged.</summary>
    public RobustnessLimits? Robustness { get; init; }

    /// <summary>
    /// Data-quality thresholds the data-quality evidence must meet (policy key such as <c>maxMissingRate</c> → threshold;
    /// <c>allowConstantColumns</c> is infinity when true, 0 when false). Empty: the gate does not judge data quality.
    /// </summary>
    public IReadOnlyDictionary<string, double> DataQuality { get; init; } = new Dictionary<string, double>();
}

/// <summary>What the policy allows of the robustness evidence (docs/policy.md, "robustness"); a null limit is not judged.</summary>
/// <param name="MaxFlipRate">The largest flip rate of any feature under jitter or swap.</param>
/// <param name="MaxMissingFlipRate">The largest flip rate of any feature when its value is missing.</param>
/// <param name="MonotonicViolations">The most rows that may violate the card's monotonic constraints (summed).</param>
public sealed record RobustnessLimits(double? MaxFlipRate, double? MaxMissingFlipRate, long? MonotonicViolations);

/// <summary>The policy per risk level, with the built-in defaults (docs/policy.md).</summary>
public sealed record GatePolicy
{
    /// <summary>Where the policy came from ("built-in" or the override file).</summary>
    public required string Source { get; init; }

    /// <summary>
    /// What the gate evidence records as <c>policy.sha256</c>: the sha256 of the policy file's bytes, "built-in" for the
    /// built-in policy. The build compares it with the policy it knows, so a verdict judged under another policy shows as stale.
    /// </summary>
    public string Sha256 { get; init; } = GateFreshness.BuiltInPolicy;

    /// <summary>The policy of each level.</summary>
    public required IReadOnlyDictionary<RiskLevel, LevelPolicy> Levels { get; init; }

    /// <summary>The policy for <paramref name="level"/>.</summary>
    public LevelPolicy For(RiskLevel level) => Levels[level];

    /// <summary>
    /// The built-in defaults: card sections as <see cref="CardRequirements"/> (for a minimal-risk EU category);
    /// evidence grows with the level (evaluation; + drift baseline from medium; + fairness from high;
    /// + reproducibility at severe); the evaluation must pass its own thresholds at every level; from high the
    /// demographic parity ratio must be ≥ 0.8 (four-fifths rule); at severe the equalized odds difference must
    /// be ≤ 0.1 and a drift report must not show dataset drift. Approvals: none at low; a model-owner at medium;
    /// a model-owner and a risk-manager, two different people (four eyes), at high; and a compliance officer too,
    /// three different people, at severe. The model's author (its provenance signer) never counts as an approver.
    /// </summary>
    public static GatePolicy BuiltIn { get; } = new()
    {
        Source = "built-in",
        Levels = new Dictionary<RiskLevel, LevelPolicy>
        {
            [RiskLevel.Low] = new()
            {
                CardSections = CardRequirements.RequiredFor(RiskLevel.Low, EuAiActCategory.Minimal),
                Evidence = [EvidenceKinds.Evaluation],
                PassingEvidence = [EvidenceKinds.Evaluation],
            },
            [RiskLevel.Medium] = new()
            {
                CardSections = CardRequirements.RequiredFor(RiskLevel.Medium, EuAiActCategory.Minimal),
                Evidence = [EvidenceKinds.Evaluation, EvidenceKinds.DriftBaseline],
                PassingEvidence = [EvidenceKinds.Evaluation],
                Approvals = new(["model-owner"], 1),
            },
            [RiskLevel.High] = new()
            {
                CardSections = CardRequirements.RequiredFor(RiskLevel.High, EuAiActCategory.Minimal),
                Evidence = [EvidenceKinds.Evaluation, EvidenceKinds.Fairness, EvidenceKinds.DriftBaseline],
                PassingEvidence = [EvidenceKinds.Evaluation],
                Fairness = new Dictionary<string, MetricBound> { ["demographicParityRatio"] = new(0.8, null) },
                Approvals = new(["model-owner", "risk-manager"], 2),
            },
            [RiskLevel.Severe] = new()
            {
                CardSections = CardRequirements.RequiredFor(RiskLevel.Severe, EuAiActCategory.Minimal),
                Evidence = [EvidenceKinds.Evaluation, EvidenceKinds.Fairness, EvidenceKinds.DriftBaseline, EvidenceKinds.Reproducibility],
                PassingEvidence = [EvidenceKinds.Evaluation, EvidenceKinds.Reproducibility],
                Fairness = new Dictionary<string, MetricBound>
                {
                    ["demographicParityRatio"] = new(0.8, null),
                    ["equalizedOddsDifference"] = new(null, 0.1),
                },
                NoDatasetDrift = true,
                Approvals = new(["model-owner", "risk-manager", "compliance"], 3),
            },
        },
    };
}
