using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Cards;
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
            foreach (var (metric, bound) in rules.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var id = $"metrics.{metric}";
                var description = $"Evaluation metric {metric} {bound}";
                if (evaluation is null)
                {
                    requirements.Add(new GateRequirement(id, description, false, "no evaluation evidence"));
                    continue;
                }
                var value = Evaluation.EvaluationMetricNames.IsPerClass(metric)
                    ? PerClassValue(evaluation.Root, metric)
                    : NumberAt(evaluation.Root, "metrics", metric);
                requirements.Add(new GateRequirement(id, description, value is { } v && bound.Allows(v),
                    value is { } x ? $"{metric} = {Show(x)}" : $"{metric} is not reported (or undefined) in the evaluation evidence"));
            }
        }
        if (rules.Fairness.Count > 0)
        {
            byKind.TryGetValue(EvidenceKinds.Fairness, out var fairness);
            var features = fairness is not null && fairness.Root.TryGetProperty("byFeature", out var bf) && bf.ValueKind == JsonValueKind.Object
                ? bf.EnumerateObject().Where(p => !p.Name.Contains('&')).ToList()
                : [];
            foreach (var (metric, bound) in rules.Fairness.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var description = $"Fairness {metric} {bound} for every sensitive feature";
                if (fairness is null || features.Count == 0)
                {
                    requirements.Add(new GateRequirement($"fairness.{metric}", description, false,
                        fairness is null ? "no fairness evidence" : "the fairness evidence has no sensitive feature"));
                    continue;
                }
                foreach (var feature in features)
                {
                    var value = feature.Value.TryGetProperty(metric, out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : (double?)null;
                    requirements.Add(new GateRequirement($"fairness.{feature.Name}.{metric}", $"Fairness {metric} of '{feature.Name}' {bound}",
                        value is { } v && bound.Allows(v),
                        value is { } x ? $"{metric} = {Show(x)}" : $"{metric} is undefined for '{feature.Name}'"));
                }
            }
        }
        if (rules.NoDatasetDrift && byKind.TryGetValue(EvidenceKinds.DriftReport, out var drift))
        {
            var drifted = drift.Root.TryGetProperty("datasetDrift", out var d) && d.ValueKind == JsonValueKind.True;
            requirements.Add(new GateRequirement("drift.datasetDrift", "The drift report shows no dataset drift", !drifted,
                drifted ? "dataset drift detected" : "no dataset drift"));
        }
        return new GateResult(inputs, policy, requirements);
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
        doc["policy"] = new JsonObject { ["source"] = result.Policy.Source, ["level"] = RiskWords.Of(i.Risk.Level) };
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

    // perClass.<class>.<figure> (a class name may itself hold dots: the figure is after the last one).
    private static double? PerClassValue(JsonElement root, string metric)
    {
        var last = metric.LastIndexOf('.');
        return root.TryGetProperty("perClass", out var perClass) && perClass.ValueKind == JsonValueKind.Object
            && perClass.TryGetProperty(metric["perClass.".Length..last], out var figures)
            ? NumberAt(figures, metric[(last + 1)..]) : null;
    }

    private static double? NumberAt(JsonElement figures, string name) =>
        figures.ValueKind == JsonValueKind.Object && figures.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static double? NumberAt(JsonElement root, string obj, string name) =>
        root.TryGetProperty(obj, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : null;

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
