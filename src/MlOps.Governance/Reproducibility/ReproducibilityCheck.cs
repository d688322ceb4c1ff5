using MlOps.Diagnostics;
using System.Text.Json.Nodes;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Reproducibility;

/// <summary>One side of a reproducibility comparison: an .mlpkg artefact or an .onnx model.</summary>
public sealed record ReproducibleItem(string Path, bool IsArtefact, string? ArtefactDigest, string ModelSha256, string OnnxSha256)
{
    /// <summary>Describes an opened model.</summary>
    public static ReproducibleItem Of(ModelFile model) =>
        new(model.Path, model.IsArtefact, model.ArtefactDigest, model.SourceSha256, model.OnnxSha256);
}

/// <summary>Predictions of two models on the same data compared column by column.</summary>
public sealed record PredictionComparison(string DataFile, long Rows, IReadOnlyList<string> Columns, double MaxAbsoluteDifference,
    string? WorstColumn, long? WorstRow, long TextMismatches, double Tolerance)
{
    /// <summary>True when every numeric output is within the tolerance and every text output is equal.</summary>
    public bool WithinTolerance => TextMismatches == 0 && MaxAbsoluteDifference <= Tolerance;
}

/// <summary>The reproducibility evidence.</summary>
public sealed record ReproducibilityReport(ReproducibleItem Baseline, ReproducibleItem Candidate, PredictionComparison? Predictions)
{
    /// <summary>Both are artefacts and their digests (sha256 of manifest.json) are equal; null when not both are artefacts.</summary>
    public bool? ArtefactDigestsEqual => Baseline.IsArtefact && Candidate.IsArtefact ? Baseline.ArtefactDigest == Candidate.ArtefactDigest : null;

    /// <summary>The source-model digests are equal (bit-exact retraining).</summary>
    public bool ModelHashesEqual => Baseline.ModelSha256 == Candidate.ModelSha256;

    /// <summary>
    /// Passed when the artefacts are identical (both artefacts) or the models are identical (otherwise), or when
    /// the predictions on the evaluation data agree within the tolerance.
    /// </summary>
    public bool Passed => (ArtefactDigestsEqual ?? ModelHashesEqual) || Predictions is { WithinTolerance: true };
}

/// <summary>
/// Compares a rebuilt artefact or a retrained model with the original: artefact digests, model hashes and,
/// with evaluation data, the largest difference between their predictions (for trainers that are not bit-exact).
/// </summary>
public static class ReproducibilityCheck
{
    /// <summary>Compares <paramref name="baselinePath"/> (the model the evidence is about) with <paramref name="candidatePath"/>.</summary>
    /// <exception cref="MlOpsException">Bad models or data; models with different outputs.</exception>
    public static ReproducibilityReport Compare(string baselinePath, string candidatePath, string? dataPath, double tolerance, string workFolder)
    {
        if (!(tolerance >= 0))
        {
            throw new MlOpsException($"The tolerance {tolerance} is not a non-negative number.", fix: "Give a tolerance of 0 or more, for example 1e-6.",
                inputs: [UserInputs.Tolerance.Example("1e-6")]);
        }
        var baseline = ModelFile.Open(baselinePath);
        var candidate = ModelFile.Open(candidatePath);
        var predictions = dataPath is null ? null : ComparePredictions(baseline, candidate, dataPath, tolerance, workFolder);
        return new ReproducibilityReport(ReproducibleItem.Of(baseline), ReproducibleItem.Of(candidate), predictions);
    }

    private static PredictionComparison ComparePredictions(ModelFile baseline, ModelFile candidate, string dataPath, double tolerance, string workFolder)
    {
        var a = Path.Combine(workFolder, $".mlops-repro-a-{Guid.NewGuid():N}.csv");
        var b = Path.Combine(workFolder, $".mlops-repro-b-{Guid.NewGuid():N}.csv");
        try
        {
            var sa = CsvScorer.Score(baseline.CreateSession(), dataPath, a);
            if (sa.Rows == 0)
            {
                // Zero rows would compare no predictions and still report "within tolerance": a pass proven by nothing.
                throw new MlOpsException("The data file has a header but no rows: there are no predictions to compare.", dataPath, 2,
                    "Give evaluation data with at least one row, or no data to compare the models' hashes only.", inputs: [UserInputs.Data]);
            }
            var sb = CsvScorer.Score(candidate.CreateSession(), dataPath, b);
            if (!sa.Columns.SequenceEqual(sb.Columns))
            {
                throw new MlOpsException(
                    $"The two models have different outputs ({string.Join(", ", sa.Columns)} vs {string.Join(", ", sb.Columns)}): their predictions cannot be compared.",
                    candidate.Path, fix: "Compare a retrained model with the same inputs and outputs as the original.");
            }
            using var ra = CsvReader.Open(a);
            using var rb = CsvReader.Open(b);
            double max = 0;
            string? worstColumn = null;
            long? worstRow = null;
            long mismatches = 0;
            long rows = 0;
            while (ra.Read() && rb.Read())
            {
                rows++;
                for (var i = 0; i < ra.FieldCount; i++)
                {
                    if (ra.TryGetDouble(i, out var x) && rb.TryGetDouble(i, out var y))
                    {
                        var d = double.IsNaN(x) && double.IsNaN(y) ? 0 : Math.Abs(x - y);
                        if (double.IsNaN(d) || d > max)
                        {
                            max = double.IsNaN(d) ? double.PositiveInfinity : d;
                            worstColumn = ra.Header[i];
                            worstRow = rows;
                        }
                    }
                    else if (!ra.GetSpan(i).SequenceEqual(rb.GetSpan(i)))
                    {
                        mismatches++;
                        worstColumn ??= ra.Header[i];
                        worstRow ??= rows;
                    }
                }
            }
            return new PredictionComparison(Path.GetFileName(dataPath), rows, sa.Columns, max, worstColumn, worstRow, mismatches, tolerance);
        }
        finally
        {
            foreach (var f in new[] { a, b })
            {
                try
                {
                    File.Delete(f);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A hidden temporary file left behind is harmless.
                }
            }
        }
    }

    /// <summary>The reproducibility evidence document (<c>mlops.evidence.reproducibility/v1</c>); modelSha256 is the baseline's.</summary>
    public static JsonObject ToJson(ReproducibilityReport report)
    {
        var doc = EvidenceDocument.Create(EvidenceKinds.Reproducibility, report.Baseline.ModelSha256,
            report.Passed ? EvidenceVerdicts.Passed : EvidenceVerdicts.Failed);
        static JsonObject Item(ReproducibleItem i) => new()
        {
            ["file"] = Path.GetFileName(i.Path),
            ["kind"] = i.IsArtefact ? "artefact" : "onnx",
            ["artefactDigest"] = i.ArtefactDigest,
            ["modelSha256"] = i.ModelSha256,
            ["onnxSha256"] = i.OnnxSha256,
        };
        doc["baseline"] = Item(report.Baseline);
        doc["candidate"] = Item(report.Candidate);
        doc["artefactDigestsEqual"] = report.ArtefactDigestsEqual;
        doc["modelHashesEqual"] = report.ModelHashesEqual;
        doc["predictions"] = report.Predictions is not { } p ? null : new JsonObject
        {
            ["data"] = p.DataFile,
            ["rows"] = p.Rows,
            ["columns"] = new JsonArray(p.Columns.Select(c => (JsonNode?)c).ToArray()),
            ["maxAbsoluteDifference"] = EvidenceDocument.Number(p.MaxAbsoluteDifference),
            ["worstColumn"] = p.WorstColumn,
            ["worstRow"] = p.WorstRow,
            ["textMismatches"] = p.TextMismatches,
            ["tolerance"] = p.Tolerance,
            ["withinTolerance"] = p.WithinTolerance,
        };
        return doc;
    }
}
