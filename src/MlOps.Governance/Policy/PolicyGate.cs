using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Cards;
using MlOps.Governance.DataQuality;
using MlOps.Governance.Evidence;
using MlOps.Governance.Risk;

namespace MlOps.Governance.Policy;

/// <summary>One requirement of the policy and whether the model meets it.</summary>
public sealed record GateRequirement(string Id, string Description, bool Met, string Detail);

/// <summary>The gate's verdict: every requirement, met or not.</summary>
public sealed class GateResult
{
    /// <summary>Creates a result.</summary>
    public GateResult(GateInputs inputs, GatePolicy policy, IReadOnlyList<GateRequirement> requirements)
    {
        Inputs = inputs;
        Policy = policy;
        Requirements = requirements;
    }

    /// <summary>What was judged.</summary>
    public GateInputs Inputs { get; }

    /// <summary>The policy applied.</summary>
    public GatePolicy Policy { get; }

    /// <summary>Every requirement in check order.</summary>
    public IReadOnlyList<GateRequirement> Requirements { get; }

    /// <summary>The unmet requirements.</summary>
    public IReadOnlyList<GateRequirement> Unmet => Requirements.Where(r => !r.Met).ToList();

    /// <summary>True when every requirement is met.</summary>
    public bool Passed => Requirements.All(r => r.Met);
}

/// <summary>
/// Applies the policy for the model's risk level and lists every unmet requirement (not just the first).
/// An EU AI Act "unacceptable" system never passes.
/// </summary>
public static class PolicyGate
{
    /// <summary>Judges <paramref name="inputs"/> against <paramref name="policy"/> (the built-in one by default).</summary>
    /// <exception cref="MlOpsException">MLOPS110 when an evidence file names another model than the one judged.</exception>
    public static GateResult Evaluate(GateInputs inputs, GatePolicy? policy = null)
    {
        policy ??= GatePolicy.BuiltIn;
        foreach (var e in inputs.Evidence)
        {
            if (e.ModelSha256 is { } sha && !string.Equals(sha, inputs.ModelSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new MlOpsException(
                    $"The {e.Kind} evidence is about model {sha[..Math.Min(12, sha.Length)]}…, not this model ({inputs.ModelSha256[..Math.Min(12, inputs.ModelSha256.Length)]}…).",
                    e.Source, fix: $"Regenerate the {e.Kind} evidence for this model: the stage must score the model being packaged.", diagnostic: DiagnosticCatalog.EvidenceFromAnotherModel);
            }
        }
        var level = inputs.Risk.Level;
        var rules = policy.For(level);
        var requirements = new List<GateRequirement>();
        var category = inputs.Risk.EuAiActCategory;
        requirements.Add(new GateRequirement("risk.euAiActCategory", "The EU AI Act category is not 'unacceptable' (prohibited practices never pass)",
            category != EuAiActCategory.Unacceptable, $"category '{RiskWords.Of(category)}'"));

        foreach (var field in rules.CardSections)
        {
            var present = CardHas(inputs.Card, field);
            requirements.Add(new GateRequirement($"card.{field}", $"The card has '{field}'", present,
                present ? "present" : $"missing: add '{field}' to the card's front matter"));
        }
        var byKind = inputs.Evidence.ToDictionary(e => e.Kind, StringComparer.Ordinal);
        foreach (var kind in rules.Evidence)
        {
            var present = byKind.ContainsKey(kind);
            requirements.Add(new GateRequirement($"evidence.{kind}", $"Evidence '{kind}' is present", present,
                present ? EvidenceName(inputs, byKind[kind]) : $"missing: run the {kind} stage and include evidence/{kind}.json"));
        }
        foreach (var kind in rules.PassingEvidence)
        {
            if (byKind.TryGetValue(kind, out var e))
            {
                var ok = e.Verdict == EvidenceVerdicts.Passed || (e.Verdict == EvidenceVerdicts.Info && kind != EvidenceKinds.Evaluation && kind != EvidenceKinds.Reproducibility);
                requirements.Add(new GateRequirement($"verdict.{kind}", $"Evidence '{kind}' passed", ok, $"verdict '{e.Verdict}'"));
            }
        }
        if (rules.Metrics.Count > 0)
        {
            byKind.TryGetValue(EvidenceKinds.Evaluation, out var evaluation);
            requirements.AddRange(MetricRequirements.Check(evaluation, rules.Metrics));
        }
        if (rules.Fairness.Count > 0)
        {
            byKind.TryGetValue(EvidenceKinds.Fairness, out var fairness);
            requirements.AddRange(FairnessRequirements.Check(fairness, rules.Fairness));
        }
        if (rules.NoDatasetDrift && byKind.TryGetValue(EvidenceKinds.DriftReport, out var drift))
        {
            var drifted = drift.Root.TryGetProperty("datasetDrift", out var d) && d.ValueKind == JsonValueKind.True;
            requirements.Add(new GateRequirement("drift.datasetDrift", "The drift report shows no dataset drift", !drifted,
                drifted ? "dataset drift detected" : "no dataset drift"));
        }
        if (rules.Robustness is { } robustness)
        {
            byKind.TryGetValue(EvidenceKinds.Robustness, out var evidence);
            requirements.AddRange(RobustnessRequirements(robustness, evidence));
        }
        if (rules.DataQuality.Count > 0)
        {
            byKind.TryGetValue(EvidenceKinds.DataQuality, out var quality);
            AddDataQuality(requirements, rules.DataQuality, quality);
        }
        return new GateResult(inputs, policy, requirements);
    }

    // Each limit the policy sets, judged on the robustness evidence's overall figures (absent evidence fails each).
    private static IEnumerable<GateRequirement> RobustnessRequirements(RobustnessLimits limits, EvidenceFile? evidence)
    {
        var overall = evidence is not null && evidence.Root.TryGetProperty("overall", out var o) && o.ValueKind == JsonValueKind.Object ? o : (JsonElement?)null;
        GateRequirement Check(string key, string description, double limit, string what)
        {
            var id = $"robustness.{key}";
            if (overall is null)
            {
                return new GateRequirement(id, description, false, "no robustness evidence: run the robustness stage");
            }
            var value = overall.Value.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null;
            // A perturbation that applied to no feature has no flip rate: nothing flipped.
            return value is { } x
                ? new GateRequirement(id, description, x <= limit, $"{what} = {Show(x)}")
                : new GateRequirement(id, description, true, $"{what}: no feature to perturb");
        }
        if (limits.MaxFlipRate is { } flip)
        {
            yield return Check("maxFlipRate", $"Robustness: no feature's flip rate under jitter or swap exceeds {Show(flip)}", flip, "largest flip rate");
        }
        if (limits.MaxMissingFlipRate is { } missing)
        {
            yield return Check("maxMissingFlipRate", $"Robustness: no feature's flip rate when missing exceeds {Show(missing)}", missing, "largest flip rate when missing");
        }
        if (limits.MonotonicViolations is { } violations)
        {
            yield return Check("monotonicViolations", $"Robustness: at most {violations} rows violate the card's monotonic constraints", violations, "rows violating");
        }
    }

    /// <summary>
    /// The policy's data-quality thresholds judged against the values the data-quality evidence records (not against
    /// the thresholds the stage ran with), and the model's inputs all present in the data.
    /// </summary>
    private static void AddDataQuality(List<GateRequirement> requirements, IReadOnlyDictionary<string, double> thresholds, EvidenceFile? quality)
    {
        var judged = new List<(string Id, string Description, DataQualityRule Rule, double Threshold)>
        {
            ("dataQuality.missingColumns", "The data has a column for every model input", DataQualityRules.ForCheck(DataQualityChecks.MissingColumns), 0),
        };
        foreach (var rule in DataQualityRules.All.Where(r => thresholds.ContainsKey(r.Key)))
        {
            var threshold = thresholds[rule.Key];
            var description = rule.IsSwitch
                ? double.IsPositiveInfinity(threshold) ? "Constant input columns are allowed" : "No input column is constant"
                : $"Data quality {rule.Check} {(rule.IsMinimum ? ">=" : "<=")} {Show(threshold)}";
            judged.Add(($"dataQuality.{rule.Key}", description, rule, threshold));
        }
        foreach (var (id, description, rule, threshold) in judged)
        {
            if (quality is null)
            {
                requirements.Add(new GateRequirement(id, description, false, "no data-quality evidence"));
                continue;
            }
            var value = quality.Root.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Object
                && checks.TryGetProperty(rule.Check, out var check) && check.ValueKind == JsonValueKind.Object
                && check.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null;
            requirements.Add(new GateRequirement(id, description, value is { } x && rule.Allows(x, threshold),
                value is { } shown ? $"{rule.Check} = {Show(shown)}"
                : rule.Check == DataQualityChecks.LeakageRate ? "the data-quality evidence has no leakage check: check the data with the training data"
                : rule.Check == DataQualityChecks.MinorityClassRate ? "the data-quality evidence has no label-balance check: check the data with its label"
                : $"{rule.Check} is not reported in the data-quality evidence"));
        }
    }

    /// <summary>The gate evidence document (<c>mlops.evidence.gate/v1</c>).</summary>
    public static JsonObject ToJson(GateResult result)
    {
        var i = result.Inputs;
        var doc = EvidenceDocument.Create(EvidenceKinds.Gate, i.ModelSha256, result.Passed ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed);
        doc["model"] = new JsonObject { ["name"] = i.Name, ["version"] = i.Version, ["artefactDigest"] = i.ArtefactDigest };
        doc["risk"] = new JsonObject
        {
            ["probability"] = RiskWords.Of(i.Risk.Probability),
            ["severity"] = RiskWords.Of(i.Risk.Severity),
            ["level"] = RiskWords.Of(i.Risk.Level),
            ["euAiActCategory"] = RiskWords.Of(i.Risk.EuAiActCategory),
        };
        doc["policy"] = new JsonObject { ["source"] = result.Policy.Source, ["level"] = RiskWords.Of(i.Risk.Level), ["sha256"] = result.Policy.Sha256 };
        doc["evidence"] = new JsonArray(i.Evidence.OrderBy(e => e.Kind, StringComparer.Ordinal).Select(e => (JsonNode?)new JsonObject
        {
            ["kind"] = e.Kind,
            ["verdict"] = e.Verdict,
            ["sha256"] = e.Sha256,
        }).ToArray());
        doc["requirements"] = new JsonArray(result.Requirements.Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Id,
            ["description"] = r.Description,
            ["met"] = r.Met,
            ["detail"] = r.Detail,
        }).ToArray());
        doc["unmet"] = new JsonArray(result.Unmet.Select(r => (JsonNode?)$"{r.Description}: {r.Detail}").ToArray());
        return doc;
    }

    /// <summary>
    /// How the evidence is named in the gate's output: the member path in an artefact, the file name in a folder.
    /// Never the full path: evidence bytes must not depend on the machine or the folder they were made in.
    /// </summary>
    private static string EvidenceName(GateInputs inputs, EvidenceFile e) =>
        inputs.ArtefactDigest is not null ? e.MemberPath : Path.GetFileName(e.Source);

    // Name, version and risk are not optional for any card, so CardRequirements treats them as present; the
    // gate checks them itself and asks CardRequirements (the build's MLOPS106 check) about every other field.
    private static bool CardHas(CardSource card, string field) => field switch
    {
        CardFields.Name => card.Name is not null,
        CardFields.Version => card.Version is not null,
        CardFields.Risk => card.Risk is not null,
        _ => CardRequirements.IsPresent(card, field),
    };

    private static string Show(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
}
