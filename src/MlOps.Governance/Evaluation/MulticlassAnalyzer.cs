using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Evaluation;

/// <summary>
/// Computes multiclass evaluation metrics from a table that holds the label and the model's class outputs, in one
/// streaming pass: the prediction is the argmax of the class probabilities when there are any, else the
/// predicted-label column (and the log loss is then undefined).
/// </summary>
public static class MulticlassAnalyzer
{
    /// <summary>Evaluates a table of labels and class outputs.</summary>
    /// <param name="path">The CSV or Parquet file.</param>
    /// <param name="options">The label column; for a predictions file, <see cref="EvaluationOptions.Score"/> names the probability
    /// columns (<c>&lt;score&gt;[&lt;class&gt;]</c>) and <see cref="EvaluationOptions.Prediction"/> the predicted-label column.</param>
    /// <param name="outputs">The model's class outputs (columns of the table); null: found from the names above.</param>
    /// <param name="progress">Rows read so far, now and then.</param>
    /// <param name="data">The data the report names; default the file itself.</param>
    /// <exception cref="MlOpsException">Missing columns (MLOPS152), a label the model does not know (MLOPS150), one class (MLOPS151), empty or non-number values.</exception>
    public static EvaluationReport AnalyzeCsv(string path, EvaluationOptions options, ClassOutputs? outputs = null, IProgress<long>? progress = null,
        DataIdentity? data = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var reader = TableReader.Open(path, options.Csv);
        var label = reader.ColumnIndex(options.Label);
        outputs ??= ClassOutputs.FromHeader(reader.Header, options.Score, options.Prediction);
        if (outputs is null || (!outputs.HasProbabilities && (outputs.LabelColumn is null || !reader.TryGetColumnIndex(outputs.LabelColumn, out _))))
        {
            throw new MlOpsException(
                $"The {reader.Format} file has neither probability columns '{options.Score}[<class>]' nor a predicted-label column '{options.Prediction}'. Available columns: {string.Join(", ", reader.Header.Select(h => $"'{h}'"))}.",
                path, reader.HeaderLineNumber, "Give one probability column per class, named <score>[<class>], or the predicted-label column.",
                DiagnosticCatalog.NoClassOutputs, inputs: [UserInputs.ScoreColumn, UserInputs.PredictionColumn]);
        }
        var metrics = new MulticlassMetrics(new ClassTable(outputs.Classes));
        var probabilityColumns = outputs.ProbabilityColumns.Select(reader.ColumnIndex).ToArray();
        var predictionColumn = outputs.HasProbabilities ? -1 : reader.ColumnIndex(outputs.LabelColumn!);
        var probabilities = new double[probabilityColumns.Length];
        var distinctLabels = new HashSet<int>();
        string? firstLabel = null;
        while (reader.Read())
        {
            var actual = metrics.Table.Read(reader, label);
            firstLabel ??= metrics.Table.Classes[actual];
            distinctLabels.Add(actual);
            if (probabilityColumns.Length > 0)
            {
                for (var k = 0; k < probabilityColumns.Length; k++)
                {
                    probabilities[k] = Probability(reader, probabilityColumns[k]);
                }
                metrics.Add(actual, probabilities);
            }
            else
            {
                metrics.Add(actual, metrics.Table.Read(reader, predictionColumn));
            }
            if ((metrics.Count & 0xFFFF) == 0)
            {
                progress?.Report(metrics.Count);
            }
        }
        if (metrics.Count == 0)
        {
            throw new MlOpsException("The evaluation data has a header but no rows.", path, 2, "Pass the evaluation set, one row per example.");
        }
        if (distinctLabels.Count < 2)
        {
            throw new MlOpsException(
                $"The label column '{options.Label}' holds one class only ('{firstLabel}'): multiclass metrics compare at least two.",
                path, reader.HeaderLineNumber, "Evaluate on data with at least two classes in the label column, or check that it is the label column.",
                DiagnosticCatalog.SingleClassLabel, inputs: [UserInputs.LabelColumn]);
        }
        var result = metrics.Result(outputs.HasProbabilities);
        return EvaluationAnalyzer.Report(options with { Task = EvaluationTask.Multiclass }, data ?? DataIdentity.Of(path), result);
    }

    private static double Probability(ITableReader reader, int column)
    {
        var x = reader.GetDouble(column);
        if (double.IsNaN(x) || x < 0 || x > 1)
        {
            throw new MlOpsException($"The class probability '{reader.Header[column]}' on {reader.Position} is {(double.IsNaN(x) ? "empty" : x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))}, not within [0, 1].",
                reader.Path, reader.LineNumber, "Pass the model's class probabilities (not logits or scores).", column: column + 1);
        }
        return x;
    }
}
