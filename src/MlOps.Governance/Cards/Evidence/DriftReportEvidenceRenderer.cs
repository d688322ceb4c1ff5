using MlOps.Governance.Artefacts;
using MlOps.Governance.Cards.Charts;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The drift report section: whether the data set drifted, then per feature the test used, its score
/// against the threshold, and a histogram of the reference and current shares in the test's own bins.
/// </summary>
public sealed class DriftReportEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => "drift-report";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var section = new SectionBuilder();
        var features = root.Get("features").Properties().ToList();
        var drifted = features.Count(f => f.Value.Bool("drifted") == true);
        section.Text($"{root.Get("current").Get("file").Text() ?? "The current data"} ({EvidenceReading.Count(root.Get("current").Get("rows").Number())} rows) "
            + $"against the baseline of {root.Get("baseline").Get("file").Text() ?? "the training data"} ({EvidenceReading.Count(root.Get("baseline").Get("rows").Number())} rows): "
            + $"{drifted} of {features.Count} features drifted (share {EvidenceReading.Figure(root.Number("driftedShare"))}); "
            + (root.Bool("datasetDrift") == true ? "the data set has drifted." : "the data set has not drifted."));
        section.Table("Per-feature drift tests", ["feature", "type", "test", "score", "threshold", "PSI", "drifted"],
            features.Select(f => (IReadOnlyList<string>)
            [
                f.Name, f.Value.Text("type") ?? "", f.Value.Text("method") ?? "", EvidenceReading.Figure(f.Value.Number("score")),
                EvidenceReading.Figure(f.Value.Number("threshold")), EvidenceReading.Figure(f.Value.Number("psi")),
                f.Value.Bool("drifted") == true ? "yes" : "no",
            ]));
        section.Charts(features.Select(f =>
        {
            var bins = f.Value.Get("bins");
            var labels = bins.Get("labels").Items().Select(l => l.GetString() ?? "").ToList();
            var reference = bins.Get("reference").Numbers();
            var current = bins.Get("current").Numbers();
            var histogram = labels.Select((l, i) => new HistogramBin(l, i < reference.Count ? reference[i] : 0, i < current.Count ? current[i] : 0)).ToList();
            return Histogram.Render(f.Name + (f.Value.Bool("drifted") == true ? " (drifted)" : ""), histogram, "reference", "current");
        }));
        return section.Build();
    }
}
