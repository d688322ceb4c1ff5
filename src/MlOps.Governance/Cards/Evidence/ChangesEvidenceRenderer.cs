using System.Text.Json;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The "changes since &lt;champion version&gt;" section: what differs from the champion the build was compared with
/// (evidence/changes.json, written by `mlops diff ... --out`): card fields, inputs and outputs, metrics with their
/// deltas, fairness, drift, the gate's requirements and the evidence kinds. Requirements that became unmet and
/// features that started drifting are highlighted.
/// </summary>
public sealed class ChangesEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => EvidenceKinds.Changes;

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var old = root.Get("old");
        var section = new SectionBuilder();
        section.Heading($"Changes since {old.Get("name").Text() ?? "the champion"} {old.Get("version").Text() ?? ""}".TrimEnd());
        section.Text($"Compared with the champion {old.Get("name").Text()} {old.Get("version").Text()}"
            + (old.Get("artefactDigest").Text() is { } digest ? $" (artefact digest {digest})" : "")
            + $"; this model is version {root.Get("new").Get("version").Text()}.");

        var card = root.Get("card").Items().ToList();
        if (card.Count > 0)
        {
            section.Table("Card fields changed", ["field", "champion", "this model"],
                card.Select(c => (IReadOnlyList<string>)[c.Text("field") ?? "", c.Text("old") ?? "(none)", c.Text("new") ?? "(none)"]));
        }
        var signatures = Signatures(root.Get("inputs"), "input").Concat(Signatures(root.Get("outputs"), "output")).ToList();
        section.Table("Inputs and outputs", ["tensor", "change", "champion", "this model"],
            signatures.Count > 0 ? signatures : [["(none)", "unchanged", "", ""]], flagged: row => row[1] != "unchanged");

        var metrics = root.Get("metrics").Items().ToList();
        if (metrics.Count > 0)
        {
            section.Table("Metrics", ["metric", "champion", "this model", "delta"], metrics.Select(m => Row(m, m.Text("metric"))));
        }
        var fairness = root.Get("fairness").Items()
            .SelectMany(f => f.Get("metrics").Items().Where(m => m.Number("delta") != 0).Select(m => Row(m, $"{f.Text("feature")} {m.Text("metric")}")))
            .ToList();
        if (fairness.Count > 0)
        {
            section.Table("Fairness metrics that changed", ["feature and metric", "champion", "this model", "delta"], fairness);
        }

        var drift = root.Get("drift");
        var started = drift.Get("started").Items().Select(s => s.GetString() ?? "").ToList();
        if (started.Count > 0)
        {
            section.Badges("Started drifting since the champion:", started);
        }
        var stopped = drift.Get("stopped").Items().Select(s => s.GetString() ?? "").ToList();
        if (stopped.Count > 0)
        {
            section.Text("Stopped drifting: " + string.Join(", ", stopped) + ".");
        }

        var gate = root.Get("gate");
        var requirements = gate.Get("requirements").Items().ToList();
        section.Text($"Gate: {gate.Get("old").Text() ?? "not run"} for the champion, {gate.Get("new").Text() ?? "not run"} for this model"
            + (requirements.Count == 0 ? "; no requirement changed." : "."));
        if (requirements.Count > 0)
        {
            section.Table("Requirements that changed", ["requirement", "champion", "this model"],
                requirements.Select(r => (IReadOnlyList<string>)[r.Text("id") ?? "", Met(r.Get("old")), Met(r.Get("new"))]),
                flagged: row => row[2] == "unmet");
        }

        var kinds = root.Get("evidence");
        var added = kinds.Get("added").Items().Select(s => s.GetString() ?? "").ToList();
        var removed = kinds.Get("removed").Items().Select(s => s.GetString() ?? "").ToList();
        if (added.Count + removed.Count > 0)
        {
            section.Text($"Evidence added: {(added.Count == 0 ? "none" : string.Join(", ", added))}; removed: {(removed.Count == 0 ? "none" : string.Join(", ", removed))}.");
        }
        return section.Build();
    }

    private static IReadOnlyList<string> Row(JsonElement m, string? name)
    {
        var delta = m.Number("delta");
        return [name ?? "", EvidenceReading.Figure(m.Number("old")), EvidenceReading.Figure(m.Number("new")),
            delta is { } d ? (d > 0 ? "+" : "") + EvidenceReading.Figure(d) : "n/a"];
    }

    private static IEnumerable<IReadOnlyList<string>> Signatures(JsonElement? changes, string what) =>
        changes.Get("added").Items().Select(s => (IReadOnlyList<string>)[$"{what} {s.Text("name")}", "added", "", Signature(s)])
            .Concat(changes.Get("removed").Items().Select(s => (IReadOnlyList<string>)[$"{what} {s.Text("name")}", "removed", Signature(s), ""]))
            .Concat(changes.Get("changed").Items().Select(s => (IReadOnlyList<string>)[$"{what} {s.Text("name")}", "changed", Signature(s.Get("old")), Signature(s.Get("new"))]));

    private static string Signature(JsonElement? s) => $"{s.Get("elementType").Text()} {s.Get("shape").Text()}";

    private static string Signature(JsonElement s) => $"{s.Text("elementType")} {s.Text("shape")}";

    private static string Met(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.True } => "met",
        { ValueKind: JsonValueKind.False } => "unmet",
        _ => "not judged",
    };
}
