using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The data-quality section: which data was checked against what, then one row per check with its value, its
/// threshold and whether it passed (a failed check's row carries the card's verdict-failed class), and the columns
/// that set a failing value.
/// </summary>
public sealed class DataQualityEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => EvidenceKinds.DataQuality;

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var section = new SectionBuilder();
        var data = root.Get("data");
        var shards = data.Get("shards").Items().Count();
        var training = root.Get("training");
        section.Text($"{data.Get("file").Text() ?? (shards > 0 ? $"{shards} shards" : "The data")} ({EvidenceReading.Count(data.Get("rows").Number())} rows) "
            + $"against the model's inputs and the profile of {root.Get("baseline").Get("file").Text() ?? "the training data"}"
            + (training.Get("file").Text() is { } t ? $"; rows shared with {t} count as leakage" : "; leakage not checked (no training data given)")
            + (root.Text("label") is { } label ? $"; label '{label}'." : "; no label checked."));
        var checks = root.Get("checks").Properties().ToList();
        section.Table("Data-quality checks", ["check", "value", "threshold", "passed", "column"],
            checks.Select(c => (IReadOnlyList<string>)
            [
                EvidenceReading.Words(c.Name),
                EvidenceReading.Figure(c.Value.Number("value")),
                Threshold(c.Value),
                c.Value.Bool("passed") == true ? "yes" : "FAILED",
                c.Value.Text("column") ?? "",
            ]), row => row[3] == "FAILED");
        if (root.Get("missingColumns").Items().Select(e => e.GetString() ?? "").ToList() is { Count: > 0 } missing)
        {
            section.Text($"Model inputs missing from the data: {string.Join(", ", missing)}.");
        }
        return section.Build();
    }

    private static string Threshold(System.Text.Json.JsonElement check) => check.Number("threshold") is { } t
        ? (check.Text("bound") == "min" ? ">= " : "<= ") + EvidenceReading.Figure(t)
        : "no limit";
}
