using System.Text;
using System.Text.Json;
using MlOps.Governance.Cards.Evidence;

namespace MlOps.Governance.Changes;

/// <summary>
/// The human reading of a <c>changes</c> document (`mlops diff` without --json): what changed, one line each, and
/// nothing about what did not (metrics are always listed: they are the comparison a reviewer asked for).
/// </summary>
public static class ChangesText
{
    /// <summary>The text of <paramref name="document"/> (LF line ends).</summary>
    public static string Write(JsonElement document)
    {
        var t = new StringBuilder();
        var old = document.Get("old");
        var current = document.Get("new");
        t.Append("diff: ").Append(old.Get("name").Text()).Append(' ').Append(old.Get("version").Text())
         .Append(" -> ").Append(current.Get("name").Text()).Append(' ').Append(current.Get("version").Text())
         .Append(current.Get("artefactDigest").Text() is null ? " (inputs not packed yet)" : "").Append('\n');

        var card = document.Get("card").Items().ToList();
        Header(t, "card", card.Count == 0 ? "unchanged" : $"{card.Count} field(s) changed");
        foreach (var c in card)
        {
            t.Append("  ").Append(c.Text("field")).Append(": ").Append(Short(c.Text("old"))).Append(" -> ").Append(Short(c.Text("new"))).Append('\n');
        }
        Signatures(t, "inputs", document.Get("inputs"));
        Signatures(t, "outputs", document.Get("outputs"));

        var metrics = document.Get("metrics").Items().ToList();
        Header(t, "metrics", metrics.Count == 0 ? "no evaluation evidence on either side" : "old -> new (delta)");
        foreach (var m in metrics)
        {
            t.Append("  ").Append(m.Text("metric")).Append(": ").Append(Change(m)).Append('\n');
        }

        var fairness = document.Get("fairness").Items().ToList();
        // Only the metrics that moved (or that one side lacks): a feature has a dozen, most of them unchanged.
        var moved = fairness.SelectMany(f => f.Get("metrics").Items().Where(m => m.Number("delta") != 0).Select(m => (Feature: f.Text("feature"), Metric: m))).ToList();
        Header(t, "fairness", fairness.Count == 0 ? "no fairness evidence on either side" : moved.Count == 0 ? "unchanged" : "old -> new (delta)");
        foreach (var (feature, m) in moved)
        {
            t.Append("  ").Append(feature).Append(' ').Append(m.Text("metric")).Append(": ").Append(Change(m)).Append('\n');
        }

        var drift = document.Get("drift");
        var dataset = drift.Get("datasetDrift");
        Header(t, "drift", $"dataset drift {Flag(dataset.Get("old"))} -> {Flag(dataset.Get("new"))}");
        List(t, "started drifting", drift.Get("started"));
        List(t, "stopped drifting", drift.Get("stopped"));
        List(t, "still drifting", drift.Get("still"));

        var gate = document.Get("gate");
        Header(t, "gate", $"{gate.Get("old").Text() ?? "not run"} -> {gate.Get("new").Text() ?? "not run"}");
        foreach (var r in gate.Get("requirements").Items())
        {
            t.Append("  ").Append(r.Text("id")).Append(": ").Append(Met(r.Get("old"))).Append(" -> ").Append(Met(r.Get("new"))).Append('\n');
        }

        var evidence = document.Get("evidence");
        Header(t, "evidence", "kinds and verdicts");
        List(t, "added", evidence.Get("added"));
        List(t, "removed", evidence.Get("removed"));
        foreach (var v in evidence.Get("verdicts").Items())
        {
            t.Append("  ").Append(v.Text("kind")).Append(": ").Append(v.Text("old")).Append(" -> ").Append(v.Text("new")).Append('\n');
        }
        return t.ToString();
    }

    /// <summary>"0.75 -> 0.8 (+0.05)"; a side without the value reads "n/a".</summary>
    public static string Change(JsonElement m)
    {
        var delta = m.Number("delta");
        return $"{EvidenceReading.Figure(m.Number("old"))} -> {EvidenceReading.Figure(m.Number("new"))}"
            + (delta is { } d ? $" ({(d >= 0 ? "+" : "")}{EvidenceReading.Figure(d)})" : "");
    }

    private static void Header(StringBuilder t, string what, string summary) => t.Append(what).Append(": ").Append(summary).Append('\n');

    private static void Signatures(StringBuilder t, string what, JsonElement? signatures)
    {
        var added = signatures.Get("added").Items().ToList();
        var removed = signatures.Get("removed").Items().ToList();
        var changed = signatures.Get("changed").Items().ToList();
        Header(t, what, added.Count + removed.Count + changed.Count == 0 ? "unchanged" : $"{added.Count} added, {removed.Count} removed, {changed.Count} changed");
        foreach (var s in added)
        {
            t.Append("  + ").Append(Signature(s)).Append('\n');
        }
        foreach (var s in removed)
        {
            t.Append("  - ").Append(Signature(s)).Append('\n');
        }
        foreach (var s in changed)
        {
            t.Append("  ~ ").Append(Signature(s.Get("old")!.Value)).Append(" -> ").Append(Signature(s.Get("new")!.Value)).Append('\n');
        }
    }

    private static string Signature(JsonElement s) => $"{s.Text("name")} {s.Text("elementType")} {s.Text("shape")}";

    private static void List(StringBuilder t, string what, JsonElement? names)
    {
        var list = names.Items().Select(n => n.GetString() ?? "").ToList();
        if (list.Count > 0)
        {
            t.Append("  ").Append(what).Append(": ").Append(string.Join(", ", list)).Append('\n');
        }
    }

    private static string Flag(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.True } => "yes",
        { ValueKind: JsonValueKind.False } => "no",
        _ => "n/a",
    };

    private static string Met(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.True } => "met",
        { ValueKind: JsonValueKind.False } => "unmet",
        _ => "not judged",
    };

    // Long card texts (descriptions) are cut to one line: the diff says that they changed, the cards say how.
    private static string Short(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? $"\"{line}\"" : $"\"{line[..57]}...\"";
    }
}
