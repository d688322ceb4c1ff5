using System.Globalization;
using System.Text.Json;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The training section: which trainer (and library version) fitted the model with which seed on which data, its
/// hyperparameters and the pipeline steps before it, as the trainer recorded them in evidence/training.json. The card's
/// hyperparameters come from the training run itself, so they cannot drift from what was actually fitted.
/// </summary>
/// <remarks>
/// The evidence's content (after the common header): <c>trainer { name, library, libraryVersion, options { ... } }</c>,
/// <c>seed</c>, <c>pipeline [ { step, columns [ ... ], settings { ... } } ]</c>, <c>data { file, sha256, rows }</c> and
/// optionally <c>split { trainRows, evaluationRows, ... }</c> and <c>export { converter, converterVersion, outputs }</c>.
/// Missing parts show as "n/a": a hand-made training record still renders.
/// </remarks>
public sealed class TrainingEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => EvidenceKinds.Training;

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var trainer = root.Get("trainer");
        var data = root.Get("data");
        var library = trainer.Get("library").Text();
        var version = trainer.Get("libraryVersion").Text();
        var section = new SectionBuilder();
        section.Text($"Trained by {trainer.Get("name").Text() ?? "n/a"}"
            + (library is null ? "" : $" ({library}{(version is null ? "" : " " + version)})")
            + $" with seed {Scalar(root.Get("seed"))} on {EvidenceReading.Count(data.Get("rows").Number())} rows of {data.Get("file").Text() ?? "n/a"}"
            + $" (sha256 {data.Get("sha256").Text() ?? "n/a"}).");
        if (root.Get("split") is { } split)
        {
            section.Text($"Split: {EvidenceReading.Count(split.Number("trainRows"))} training rows, "
                + $"{EvidenceReading.Count(split.Number("evaluationRows"))} evaluation rows ({split.Text("method") ?? "method not recorded"}).");
        }

        var options = trainer.Get("options").Properties().Select(p => (IReadOnlyList<string>)[p.Name, Scalar(p.Value)]).ToList();
        section.Table("Hyperparameters", ["hyperparameter", "value"],
            options.Count > 0 ? options : [["(none recorded)", ""]]);

        var steps = root.Get("pipeline").Items().Select((s, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture),
            s.Text("step") ?? "n/a",
            string.Join(", ", s.Get("columns").Items().Select(c => c.GetString() ?? "")),
            string.Join(", ", s.Get("settings").Properties().Select(p => $"{p.Name} {Scalar(p.Value)}")),
        ]).ToList();
        if (steps.Count > 0)
        {
            section.Table("Pipeline", ["#", "step", "columns", "settings"], steps);
        }
        if (root.Get("export") is { } export)
        {
            section.Text($"Exported to ONNX by {export.Text("converter") ?? "n/a"} {export.Text("converterVersion") ?? ""}".TrimEnd()
                + $"; outputs: {string.Join(", ", export.Get("outputs").Items().Select(o => o.GetString() ?? ""))}.");
        }
        return section.Build();
    }

    // Numbers in their shortest round-trip form, booleans and strings as written, anything else as compact JSON.
    private static string Scalar(JsonElement? value) => value switch
    {
        null => "n/a",
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
        { ValueKind: JsonValueKind.Number } v => v.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : v.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { ValueKind: JsonValueKind.Null } => "null",
        { } v => v.GetRawText(),
    };
}
