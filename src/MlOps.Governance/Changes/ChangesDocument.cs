using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Governance.Cards;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;
using MlOps.Governance.Models;

namespace MlOps.Governance.Changes;

/// <summary>
/// What changed between two sides (<see cref="ChangeSide"/>): the <c>changes</c> evidence document
/// (<c>mlops.evidence.changes/v1</c>, docs/evidence.md). Both `mlops diff --json` and the card's "changes since"
/// section are this document. The stages' evidence is read generically (numbers under <c>metrics</c>,
/// <c>byFeature</c>, <c>features.*.drifted</c>, <c>requirements</c>), so this room depends on no stage. Every list is
/// sorted, so the same two sides give the same bytes.
/// </summary>
public static class ChangesDocument
{
    /// <summary>The document comparing <paramref name="old"/> (the champion) with <paramref name="current"/>.</summary>
    public static JsonObject Compare(ChangeSide old, ChangeSide current)
    {
        var doc = EvidenceDocument.Create(EvidenceKinds.Changes, current.ModelSha256, EvidenceVerdicts.Info);
        doc["old"] = Identity(old);
        doc["new"] = Identity(current);
        doc["version"] = new JsonObject { ["old"] = old.Version, ["new"] = current.Version, ["changed"] = old.Version != current.Version };
        doc["card"] = CardChanges(old.Card, current.Card);
        doc["inputs"] = Signatures(old.Model.Inputs, current.Model.Inputs);
        doc["outputs"] = Signatures(old.Model.Outputs, current.Model.Outputs);
        doc["metrics"] = Numbers(Metrics(old), Metrics(current), "metric");
        doc["fairness"] = Fairness(old, current);
        doc["drift"] = Drift(old, current);
        doc["gate"] = Gate(old, current);
        doc["evidence"] = EvidenceKindsChanged(old, current);
        return doc;
    }

    private static JsonObject Identity(ChangeSide side) => new()
    {
        ["name"] = side.Name,
        ["version"] = side.Version,
        ["artefactDigest"] = side.ArtefactDigest,
        ["modelSha256"] = side.ModelSha256,
    };

    // The card's fields as text, by front-matter name; only those that differ are listed.
    private static JsonArray CardChanges(CardSource old, CardSource current)
    {
        var a = CardFieldsOf(old);
        var b = CardFieldsOf(current);
        return new JsonArray(a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => (JsonNode?)new JsonObject { ["field"] = k, ["old"] = a.GetValueOrDefault(k), ["new"] = b.GetValueOrDefault(k) })
            .ToArray());
    }

    private static Dictionary<string, string?> CardFieldsOf(CardSource c) => new(StringComparer.Ordinal)
    {
        [CardFields.Name] = c.Name,
        [CardFields.Version] = c.Version?.Text,
        [CardFields.Owners] = Join(c.Owners),
        [CardFields.Description] = c.Description,
        [CardFields.IntendedUse] = c.IntendedUse,
        [CardFields.OutOfScopeUse] = c.OutOfScopeUse,
        [CardFields.Limitations] = c.Limitations,
        [CardFields.EthicalConsiderations] = c.EthicalConsiderations,
        [CardFields.HumanOversight] = c.HumanOversight,
        [CardFields.Risk] = c.Risk?.ToString(),
        [CardFields.SensitiveFeatures] = Join(c.SensitiveFeatures),
        [CardFields.Label] = c.Label,
        [CardFields.Licence] = c.Licence,
        [CardFields.MetricsRationale] = c.MetricsRationale,
        [CardFields.RiskManagement] = c.RiskManagement,
        [CardFields.LifecycleChanges] = c.LifecycleChanges,
        [CardFields.StandardsApplied] = Join(c.StandardsApplied),
        [CardFields.DeclarationOfConformity] = c.DeclarationOfConformity,
        [CardFields.PostMarketMonitoring] = c.PostMarketMonitoring,
        ["body"] = string.IsNullOrWhiteSpace(c.Body) ? null : c.Body.Trim(),
    };

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(", ", values);

    private static JsonObject Signatures(IReadOnlyList<TensorSignature> old, IReadOnlyList<TensorSignature> current)
    {
        var a = old.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var b = current.ToDictionary(s => s.Name, StringComparer.Ordinal);
        return new JsonObject
        {
            ["added"] = new JsonArray(b.Keys.Except(a.Keys).Order(StringComparer.Ordinal).Select(n => (JsonNode?)Signature(b[n])).ToArray()),
            ["removed"] = new JsonArray(a.Keys.Except(b.Keys).Order(StringComparer.Ordinal).Select(n => (JsonNode?)Signature(a[n])).ToArray()),
            ["changed"] = new JsonArray(a.Keys.Intersect(b.Keys).Order(StringComparer.Ordinal)
                .Where(n => a[n].ElementType != b[n].ElementType || a[n].ShapeText != b[n].ShapeText)
                .Select(n => (JsonNode?)new JsonObject { ["name"] = n, ["old"] = Signature(a[n]), ["new"] = Signature(b[n]) }).ToArray()),
        };
    }

    private static JsonObject Signature(TensorSignature s) => new() { ["name"] = s.Name, ["elementType"] = s.ElementType, ["shape"] = s.ShapeText };

    // Every number under the evaluation's "metrics", by dotted path (perClass.good.f1 for a multiclass model).
    private static SortedDictionary<string, double> Metrics(ChangeSide side)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (side.EvidenceOf(EvidenceKinds.Evaluation)?.Root.Get("metrics") is { } metrics)
        {
            Flatten(metrics, "", result);
        }
        return result;
    }

    private static void Flatten(JsonElement element, string prefix, SortedDictionary<string, double> into)
    {
        foreach (var p in element.EnumerateObject())
        {
            var name = prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}";
            if (p.Value.ValueKind == JsonValueKind.Number)
            {
                into[name] = p.Value.GetDouble();
            }
            else if (p.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(p.Value, name, into);
            }
        }
    }

    // Old, new and the change for every name either side has; a side without it reads null.
    private static JsonArray Numbers(SortedDictionary<string, double> old, SortedDictionary<string, double> current, string key) =>
        new(old.Keys.Union(current.Keys).Order(StringComparer.Ordinal).Select(name =>
        {
            double? a = old.TryGetValue(name, out var x) ? x : null, b = current.TryGetValue(name, out var y) ? y : null;
            return (JsonNode?)new JsonObject
            {
                [key] = name,
                ["old"] = EvidenceDocument.Number(a),
                ["new"] = EvidenceDocument.Number(b),
                ["delta"] = a is { } u && b is { } v ? EvidenceDocument.Number(v - u) : null,
            };
        }).ToArray());

    // The between-group metrics of every sensitive feature and intersection ("sex&age_group").
    private static JsonArray Fairness(ChangeSide old, ChangeSide current)
    {
        static SortedDictionary<string, SortedDictionary<string, double>> Of(ChangeSide side)
        {
            var result = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var feature in side.EvidenceOf(EvidenceKinds.Fairness)?.Root.Get("byFeature").Properties() ?? [])
            {
                var numbers = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var p in feature.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
                {
                    numbers[p.Name] = p.Value.GetDouble();
                }
                result[feature.Name] = numbers;
            }
            return result;
        }
        var a = Of(old);
        var b = Of(current);
        var empty = new SortedDictionary<string, double>(StringComparer.Ordinal);
        return new JsonArray(a.Keys.Union(b.Keys).Order(StringComparer.Ordinal).Select(feature => (JsonNode?)new JsonObject
        {
            ["feature"] = feature,
            ["metrics"] = Numbers(a.GetValueOrDefault(feature) ?? empty, b.GetValueOrDefault(feature) ?? empty, "metric"),
        }).ToArray());
    }

    private static JsonObject Drift(ChangeSide old, ChangeSide current)
    {
        static (bool? Dataset, SortedSet<string> Drifted) Of(ChangeSide side)
        {
            var report = side.EvidenceOf(EvidenceKinds.DriftReport);
            var drifted = new SortedSet<string>(
                report?.Root.Get("features").Properties().Where(f => f.Value.Bool("drifted") == true).Select(f => f.Name) ?? [], StringComparer.Ordinal);
            return (report?.Root.Bool("datasetDrift"), drifted);
        }
        var (oldDataset, oldDrifted) = Of(old);
        var (newDataset, newDrifted) = Of(current);
        return new JsonObject
        {
            ["datasetDrift"] = new JsonObject { ["old"] = oldDataset, ["new"] = newDataset },
            ["started"] = Strings(newDrifted.Except(oldDrifted, StringComparer.Ordinal)),
            ["stopped"] = Strings(oldDrifted.Except(newDrifted, StringComparer.Ordinal)),
            ["still"] = Strings(oldDrifted.Intersect(newDrifted, StringComparer.Ordinal)),
        };
    }

    // The verdicts, and every requirement whose met-ness differs (null: the side did not judge it).
    private static JsonObject Gate(ChangeSide old, ChangeSide current)
    {
        static SortedDictionary<string, bool> Of(EvidenceFile? gate) => new(
            gate?.Root.Get("requirements").Items().Where(r => r.Text("id") is not null)
                .GroupBy(r => r.Text("id")!).ToDictionary(g => g.Key, g => g.First().Bool("met") == true) ?? [],
            StringComparer.Ordinal);
        var a = old.EvidenceOf(EvidenceKinds.Gate);
        var b = current.EvidenceOf(EvidenceKinds.Gate);
        var oldMet = Of(a);
        var newMet = Of(b);
        return new JsonObject
        {
            ["old"] = a?.Verdict,
            ["new"] = b?.Verdict,
            ["requirements"] = new JsonArray(oldMet.Keys.Union(newMet.Keys).Order(StringComparer.Ordinal)
                .Where(id => (oldMet.TryGetValue(id, out var x) ? x : (bool?)null) != (newMet.TryGetValue(id, out var y) ? y : (bool?)null))
                .Select(id => (JsonNode?)new JsonObject
                {
                    ["id"] = id,
                    ["old"] = oldMet.TryGetValue(id, out var x) ? x : null,
                    ["new"] = newMet.TryGetValue(id, out var y) ? y : null,
                }).ToArray()),
        };
    }

    private static JsonObject EvidenceKindsChanged(ChangeSide old, ChangeSide current)
    {
        var a = old.Evidence.ToDictionary(e => e.Kind, StringComparer.Ordinal);
        var b = current.Evidence.ToDictionary(e => e.Kind, StringComparer.Ordinal);
        return new JsonObject
        {
            ["added"] = Strings(b.Keys.Except(a.Keys)),
            ["removed"] = Strings(a.Keys.Except(b.Keys)),
            ["verdicts"] = new JsonArray(a.Keys.Intersect(b.Keys).Order(StringComparer.Ordinal).Where(k => a[k].Verdict != b[k].Verdict)
                .Select(k => (JsonNode?)new JsonObject { ["kind"] = k, ["old"] = a[k].Verdict, ["new"] = b[k].Verdict }).ToArray()),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Order(StringComparer.Ordinal).Select(v => (JsonNode?)v).ToArray());
}
