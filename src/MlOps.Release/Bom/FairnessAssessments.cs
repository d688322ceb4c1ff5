using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;

namespace MlOps.Release.Bom;

/// <summary>
/// <c>modelCard.considerations.fairnessAssessments</c>. With fairness evidence: one assessment per group that is not
/// the privileged one, <c>groupAtRisk</c> <c>feature=group</c> and, as <c>harms</c>, the disparity the evidence
/// measured against the privileged group (selection and true positive rates, the disparate impact ratio and the
/// four-fifths check). Without it: one assessment per sensitive feature the card names, with only
/// <c>groupAtRisk</c>. Benefits and mitigations are never invented: neither the card nor the evidence states them.
/// </summary>
internal static class FairnessAssessments
{
    public static JsonArray Of(CardSource card, EvidenceFile? fairness)
    {
        var assessments = new JsonArray();
        if (fairness is null)
        {
            foreach (var feature in card.SensitiveFeatures)
            {
                assessments.Add(new JsonObject { ["groupAtRisk"] = feature });
            }
            return assessments;
        }
        JsonElement? root = fairness.Root;
        var bound = root.Get("fourFifthsBound").Number();
        foreach (var feature in root.Get("byFeature").Properties())
        {
            JsonElement? f = feature.Value;
            var privilegedName = f.Get("privilegedGroup").Text();
            var groups = f.Get("groups").Properties().ToList();
            JsonElement? privileged = groups.FirstOrDefault(g => g.Name == privilegedName) is { Value.ValueKind: JsonValueKind.Object } p ? p.Value : null;
            foreach (var group in groups.Where(g => g.Name != privilegedName))
            {
                var assessment = new JsonObject { ["groupAtRisk"] = $"{feature.Name}={group.Name}" };
                if (Harms(group.Value, privileged, privilegedName, bound) is { } harms)
                {
                    assessment["harms"] = harms;
                }
                assessments.Add(assessment);
            }
        }
        return assessments;
    }

    /// <summary>"Selection rate 0.07 against 0.16 and true positive rate 0.37 against 0.43 for the privileged group 'Male'; disparate impact ratio 0.45, below the four-fifths bound 0.8.", or null when the evidence has no figures for the group.</summary>
    private static string? Harms(JsonElement? group, JsonElement? privileged, string? privilegedName, double? bound)
    {
        var parts = new List<string>();
        var rates = new List<string>();
        var compared = false;
        foreach (var (name, words) in new[] { ("selectionRate", "selection rate"), ("truePositiveRate", "true positive rate") })
        {
            if (group.Get(name).Number() is { } value)
            {
                var against = privileged.Get(name).Number() is { } p ? $" against {Figure(p)}" : "";
                compared |= against.Length > 0;
                rates.Add($"{words} {Figure(value)}{against}");
            }
        }
        if (rates.Count > 0)
        {
            parts.Add(string.Join(" and ", rates) + (compared && privilegedName is not null ? $" for the privileged group '{privilegedName}'" : ""));
        }
        if (group.Get("disparateImpactRatio").Number() is { } ratio)
        {
            var rule = bound is { } b
                ? ratio >= b ? $", meeting the four-fifths bound {Figure(b)}" : $", below the four-fifths bound {Figure(b)}"
                : "";
            parts.Add($"disparate impact ratio {Figure(ratio)}{rule}");
        }
        if (group.Get("smallGroup").Bool() == true && group.Get("count").Number() is { } count)
        {
            parts.Add($"only {Figure(count)} rows: the figures are uncertain");
        }
        if (parts.Count == 0)
        {
            return null;
        }
        var text = string.Join("; ", parts) + ".";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>A figure for people: at most four decimals, invariant culture.</summary>
    private static string Figure(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
