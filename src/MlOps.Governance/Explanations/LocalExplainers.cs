using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Explanations;

/// <summary>Finds the exact local explainer a model allows, with its baseline taken from background data.</summary>
public static class LocalExplainers
{
    private const int BatchRows = 4096;

    /// <summary>
    /// The local explainer of <paramref name="model"/>, or null with the reason in <paramref name="whyNot"/> when the
    /// model allows no exact one. <paramref name="backgroundDataPath"/> supplies the baseline (the feature means of a
    /// linear model, the node covers of trees that do not carry them); <paramref name="positive"/> names the class
    /// whose margin is explained (null for a regressor).
    /// </summary>
    /// <remarks>
    /// Explained are ONNX models whose one final estimator is an ONNX-ML LinearClassifier, LinearRegressor,
    /// TreeEnsembleClassifier or TreeEnsembleRegressor, fed by a featurizer whose every operator maps slots to data
    /// columns exactly (docs/explanations.md). ML.NET models (.zip) are not: their graph is not readable here; their
    /// ONNX export is.
    /// </remarks>
    /// <exception cref="MlOpsException">Bad model or background data; MLOPS193 when <paramref name="positive"/> is not a class
    /// of the model; MLOPS194 when the background data has no rows.</exception>
    public static ILocalExplainer? TryCreate(ModelFile model, string backgroundDataPath, string? positive, CsvReaderOptions? csv, out string whyNot)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(backgroundDataPath);
        if (model.IsMlNet)
        {
            whyNot = $"'{model.Source}' is an ML.NET model; local contributions are computed from an ONNX model's graph. Export it to ONNX with Microsoft.ML.OnnxConverter to explain it";
            return null;
        }
        var onnx = model.Model;
        var estimator = FinalEstimator.TryFind(onnx, positive, model.Source, out whyNot);
        if (estimator is null)
        {
            return null;
        }
        var slots = FeatureSlots.TryTrace(onnx, estimator.Input, out whyNot);
        if (slots is null)
        {
            return null;
        }
        if (estimator.Coefficients is { } coefficients && coefficients.Length != slots.Width)
        {
            whyNot = $"the {estimator.Node.OpType} has {coefficients.Length} coefficients per output but its input has {slots.Width} slots";
            return null;
        }
        if (estimator.Trees is { } trees && trees.MaxSlot >= slots.Width)
        {
            whyNot = $"the trees read slot {trees.MaxSlot} but the estimator's input has {slots.Width} slots";
            return null;
        }
        var reader = SlotReader.Create(onnx, estimator.Input, slots.Width, model.Source);
        whyNot = "";
        if (estimator.Trees is { } ensemble)
        {
            var hits = new double[ensemble.NodeCount];
            ReadBackground(reader, backgroundDataPath, csv, (x, rows) =>
            {
                for (var r = 0; r < rows; r++)
                {
                    ensemble.CountHits(x.AsSpan(r * reader.Width, reader.Width), hits);
                }
            });
            return new TreeShapExplainer(reader, slots, estimator, new TreeShap(ensemble, hits));
        }
        var sums = new double[slots.Width];
        var count = ReadBackground(reader, backgroundDataPath, csv, (x, rows) =>
        {
            for (var r = 0; r < rows; r++)
            {
                for (var s = 0; s < sums.Length; s++)
                {
                    sums[s] += x[(r * sums.Length) + s];
                }
            }
        });
        return new LinearExplainer(reader, slots, estimator, Array.ConvertAll(sums, s => s / count));
    }

    // Streams the background data through the featurizer in batches; returns the row count.
    private static long ReadBackground(SlotReader reader, string path, CsvReaderOptions? csv, Action<double[], int> add)
    {
        using var table = TableReader.Open(path, csv);
        var binding = InputBinding.Create(reader.Session, table);
        var batch = binding.CreateBatch(BatchRows);
        long count = 0;
        var more = true;
        while (more)
        {
            more = batch.Refill(table);
            if (batch.Count > 0)
            {
                add(reader.Read(batch.ToInputs(), batch.Count), batch.Count);
                count += batch.Count;
            }
        }
        if (count == 0)
        {
            throw new MlOpsException($"The background data '{path}' has no rows; local contributions are measured against its means and node covers.", path,
                fix: "Give background data with at least one row the model can score, typically the training data or a sample of it.",
                diagnostic: DiagnosticCatalog.ExplanationBackgroundEmpty, inputs: [UserInputs.Data]);
        }
        return count;
    }
}
