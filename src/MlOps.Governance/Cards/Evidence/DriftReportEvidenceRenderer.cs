using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

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
        var driftedNames = features.Where(f => f.Value.Bool("drifted") == true).Select(f => f.Name).ToList();
        if (driftedNames.Count > 0)
        {
            section.Badges("Drifted features:", driftedNames);
        }
        // The per-feature table and histograms are long (a row and a chart per feature): they fold away, drifted rows highlighted.
        section.Fold($"Per-feature drift tests and histograms ({features.Count} features)", body =>
        {
            body.Table("Per-feature drift tests", ["feature", "type", "test", "score", "threshold", "PSI", "drifted"],
                features.Select(f => (IReadOnlyList<string>)
                [
                    f.Name, f.Value.Text("type") ?? "", f.Value.Text("method") ?? "", EvidenceReading.Figure(f.Value.Number("score")),
                    EvidenceReading.Figure(f.Value.Number("threshold")), EvidenceReading.Figure(f.Value.Number("psi")),
                    f.Value.Bool("drifted") == true ? "yes" : "no",
                ]), flagged: row => row[^1] == "yes");
            body.Charts(features.Select(f => Histogram.Render(
                f.Name + (f.Value.Bool("drifted") == true ? " (drifted)" : ""), Bins(f.Value.Get("bins")), "reference", "current")));
        });
        return section.Build();
    }

    /// <summary>
    /// The chart bins of one feature's "bins" object. Numeric features carry the test's edges: the chart
    /// relabels the bins from them with compact edges (<see cref="BinEdgeFormat"/>) and leaves out zero-width
    /// bins ("(4, 4]": quantile edges repeat on a column with few distinct values), which can hold no rows.
    /// The evidence itself is not changed; a bin with a share is always drawn. Categorical bins keep their labels.
    /// </summary>
    internal static IReadOnlyList<HistogramBin> Bins(System.Text.Json.JsonElement? bins)
    {
        var labels = bins.Get("labels").Items().Select(l => l.GetString() ?? "").ToList();
        var reference = bins.Get("reference").Numbers();
        var current = bins.Get("current").Numbers();
        double Share(IReadOnlyList<double> shares, int i) => i < shares.Count ? shares[i] : 0;

        var edges = bins.Get("edges").Numbers();
        // n edges bound n + 1 bins: "<= e0", "(e0, e1]", ..., "> e(n-1)" (the drift test's right-closed bins).
        if (edges.Count == 0 || edges.Count != labels.Count - 1 || !edges.All(double.IsFinite))
        {
            return labels.Select((l, i) => new HistogramBin(l, Share(reference, i), Share(current, i))).ToList();
        }
        var text = BinEdgeFormat.FormatAll(edges);
        var result = new List<HistogramBin>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            var zeroWidth = i > 0 && i < edges.Count && edges[i - 1].Equals(edges[i]);
            if (zeroWidth && Share(reference, i) == 0 && Share(current, i) == 0)
            {
                continue;
            }
            var label = i == 0 ? $"<= {text[0]}" : i == edges.Count ? $"> {text[^1]}" : $"({text[i - 1]}, {text[i]}]";
            result.Add(new HistogramBin(label, Share(reference, i), Share(current, i)));
        }
        return result;
    }
}
