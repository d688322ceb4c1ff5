using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// The reproducibility section: what was rebuilt or retrained, whether the artefact digests and the model
/// hashes are equal, and, when predictions were compared, the largest difference against the tolerance.
/// </summary>
public sealed class ReproducibilityEvidenceRenderer : IEvidenceSectionRenderer
{
    /// <inheritdoc />
    public string Kind => "reproducibility";

    /// <inheritdoc />
    public EvidenceSection Render(EvidenceFile evidence)
    {
        var root = evidence.Root;
        var section = new SectionBuilder();
        var baseline = root.Get("baseline");
        var candidate = root.Get("candidate");
        section.Text($"Verdict: {evidence.Verdict}. Compared {baseline.Get("kind").Text() ?? "?"} {baseline.Get("file").Text() ?? "?"} "
            + $"with the rebuilt or retrained {candidate.Get("kind").Text() ?? "?"} {candidate.Get("file").Text() ?? "?"}.");

        static string Equal(bool? value) => value switch { true => "yes", false => "NO", null => "not applicable" };
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "artefact digests equal", Equal(root.Bool("artefactDigestsEqual")) },
            new[] { "model hashes equal", Equal(root.Bool("modelHashesEqual")) },
            new[] { "model sha256 (original)", baseline.Get("modelSha256").Text() ?? "n/a" },
            new[] { "model sha256 (again)", candidate.Get("modelSha256").Text() ?? "n/a" },
        };
        if (root.Get("predictions") is { } p)
        {
            rows.Add(new[] { "predictions compared", $"{EvidenceReading.Count(p.Number("rows"))} rows of {p.Text("data") ?? "the evaluation data"}" });
            rows.Add(new[] { "largest absolute difference", EvidenceReading.Figure(p.Number("maxAbsoluteDifference")) });
            rows.Add(new[] { "tolerance", p.Number("tolerance")?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a" });
            rows.Add(new[] { "within tolerance", Equal(p.Bool("withinTolerance")) });
        }
        section.Table("Reproducibility checks", ["check", "result"], rows);
        return section.Build();
    }
}
