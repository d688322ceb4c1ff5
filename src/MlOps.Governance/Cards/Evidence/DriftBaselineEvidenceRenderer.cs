using MlOps.Governance.Cards.Charts;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The drift baseline section: a histogram per feature of the training data as profiled (numeric: the
/// stored value distribution in equal-width bins between min and max; categorical: category shares),
/// and the summary statistics a later drift comparison tests against.
/// </summary>
public sealed class DriftBaselineEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <summary>Equal-width bins per numeric histogram.</summary>
    public const int NumericBins = 10;

    /// <inheritdoc />
    public string Kind => "drift-baseline";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var data = root.Get("data");
        var section = new SectionBuilder();
        section.Text($"Profile of {EvidenceReading.Count(data.Get("rows").Number())} training rows of {data.Get("file").Text() ?? "the training data"}"
            + (data.Get("sha256").Text() is { } sha ? $" (sha256 {sha})" : "") + ". New data is compared against it with 'mlops drift compare'.");

        var features = root.Get("features").Properties().ToList();
        // A histogram and a table row per feature: the profile folds away, a reviewer opens it on demand.
        section.Fold($"Training data profile ({features.Count} features)", body =>
        {
            body.Charts(features.Select(f => Histogram.Render(f.Name, Bins(f.Value), "training")));
            body.Table("Numeric features", ["feature", "count", "missing", "mean", "std", "min", "max"],
                features.Where(f => f.Value.Text("type") == "numeric").Select(f => (IReadOnlyList<string>)
                [
                    f.Name, EvidenceReading.Count(f.Value.Number("count")), EvidenceReading.Count(f.Value.Number("missing")),
                    EvidenceReading.Figure(f.Value.Number("mean")), EvidenceReading.Figure(f.Value.Number("std")),
                    EvidenceReading.Figure(f.Value.Number("min")), EvidenceReading.Figure(f.Value.Number("max")),
                ]));
            body.Table("Categorical features", ["feature", "count", "missing", "categories", "most frequent"],
                features.Where(f => f.Value.Text("type") == "categorical").Select(f =>
                {
                    var top = f.Value.Get("frequencies").Properties().OrderByDescending(p => p.Value.GetDouble()).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
                    return (IReadOnlyList<string>)
                    [
                        f.Name, EvidenceReading.Count(f.Value.Number("count")), EvidenceReading.Count(f.Value.Number("missing")),
                        EvidenceReading.Count(f.Value.Get("frequencies").Properties().Count()),
                        top.Name is null ? "" : $"{top.Name} ({EvidenceReading.Count(top.Value.GetDouble())})",
                    ];
                }));
        });
        return section.Build();
    }

    /// <summary>The histogram bins of one profiled feature.</summary>
    internal static IReadOnlyList<HistogramBin> Bins(System.Text.Json.JsonElement feature)
    {
        if (feature.Text("type") == "categorical")
        {
            var frequencies = feature.Get("frequencies").Properties().Select(p => (p.Name, Count: p.Value.GetDouble())).ToList();
            var other = feature.Number("otherCount") ?? 0;
            if (other > 0)
            {
                frequencies.Add(("(other)", other));
            }
            var total = frequencies.Sum(f => f.Count);
            return frequencies.Select(f => new HistogramBin(f.Name, total > 0 ? f.Count / total : 0)).ToList();
        }

        var distribution = feature.Get("distribution");
        var exact = distribution.Get("kind").Text() == "exact";
        var points = (exact ? distribution.Get("values") : distribution.Get("means")).Numbers();
        var weights = (exact ? distribution.Get("counts") : distribution.Get("weights")).Numbers();
        double min = feature.Number("min") ?? double.NaN, max = feature.Number("max") ?? double.NaN;
        if (points.Count == 0 || !double.IsFinite(min) || !double.IsFinite(max))
        {
            return [];
        }
        // An integer column with few distinct values (installment_rate 1..4) reads best one bar per value.
        if (points.Count <= NumericBins && points.All(p => p == Math.Floor(p)))
        {
            var sum = weights.Sum();
            return points.Select((p, i) => new HistogramBin(BinEdgeFormat.Format(p), sum > 0 && i < weights.Count ? weights[i] / sum : 0)).ToList();
        }
        // A constant column has one value and no width to divide: one bar, not ten zero-width ones.
        if (!(max > min))
        {
            return [new HistogramBin(BinEdgeFormat.Format(min), 1)];
        }
        var counts = new double[NumericBins];
        var width = (max - min) / NumericBins;
        for (var i = 0; i < points.Count && i < weights.Count; i++)
        {
            var bin = width > 0 ? (int)Math.Floor((points[i] - min) / width) : 0;
            counts[Math.Clamp(bin, 0, NumericBins - 1)] += weights[i];
        }
        var totalWeight = counts.Sum();
        // Same compact edges as the drift report's histograms (BinEdgeFormat), so the two charts read alike.
        var edges = BinEdgeFormat.FormatAll(Enumerable.Range(0, NumericBins + 1).Select(b => b == NumericBins ? max : min + b * width).ToList());
        return counts.Select((c, b) => new HistogramBin($"{edges[b]}–{edges[b + 1]}", totalWeight > 0 ? c / totalWeight : 0)).ToList();
    }
}
