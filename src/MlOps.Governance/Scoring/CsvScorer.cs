using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Tabular;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Scoring;

/// <summary>The outcome of scoring a CSV file.</summary>
/// <param name="Rows">Data rows scored.</param>
/// <param name="Binding">How the columns fed the model's inputs.</param>
/// <param name="Columns">The output column names.</param>
public sealed record ScoreSummary(long Rows, string Binding, IReadOnlyList<string> Columns);

/// <summary>
/// Scores a CSV file with a model and writes one output row per input row. Streams in batches, so memory
/// does not grow with the number of rows; the output appears only when every row was scored (atomic write).
/// </summary>
public static class CsvScorer
{
    /// <summary>The default number of rows per batch.</summary>
    public const int DefaultBatchSize = 4096;

    /// <summary>
    /// The largest batch: 65,536 rows. Batches beyond a few thousand rows do not score faster, and a batch's buffers
    /// grow with rows × columns, so a larger one only risks running out of memory.
    /// </summary>
    public const int MaxBatchSize = 1 << 16;

    /// <summary>Checks a batch size.</summary>
    /// <exception cref="MlOpsException"><paramref name="batchSize"/> is not between 1 and <see cref="MaxBatchSize"/>.</exception>
    public static void ValidateBatchSize(int batchSize)
    {
        if (batchSize is < 1 or > MaxBatchSize)
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture, $"The batch size must be between 1 and {MaxBatchSize} rows but is {batchSize}."),
                fix: string.Create(CultureInfo.InvariantCulture, $"Score at most {MaxBatchSize} rows per batch (the default, {DefaultBatchSize}, is as fast)."),
                diagnostic: DiagnosticCatalog.CountLimit, inputs: [UserInputs.BatchSize]);
        }
    }

    /// <summary>Scores <paramref name="dataPath"/> with the model at <paramref name="modelPath"/> into <paramref name="outputPath"/>.</summary>
    /// <param name="modelPath">An .onnx file or an .mlpkg artefact.</param>
    /// <param name="dataPath">The CSV file to score (header line, one row per record).</param>
    /// <param name="outputPath">The CSV file to write.</param>
    /// <param name="batchSize">Rows per model run (1 to <see cref="MaxBatchSize"/>).</param>
    /// <param name="progress">Called with the number of rows scored so far after each batch (optional).</param>
    /// <param name="csv">The CSV reader's limits; null for the defaults.</param>
    /// <exception cref="MlOpsException">Bad model, bad CSV (naming line and column), a row the model gives no number for,
    /// or unwritable output; nothing is written then.</exception>
    public static ScoreSummary Score(string modelPath, string dataPath, string outputPath, int batchSize = DefaultBatchSize, Action<long>? progress = null,
        CsvReaderOptions? csv = null)
    {
        ValidateBatchSize(batchSize);
        var session = ModelFile.Open(modelPath).CreateSession();
        return Score(session, dataPath, outputPath, batchSize, progress, csv);
    }

    /// <summary>Scores <paramref name="dataPath"/> with an already loaded model, on whichever engine opened it.</summary>
    /// <remarks>
    /// Input rules (docs/input-rules.md): a missing value (an empty field, NaN or NA) reaches the model as NaN, so a
    /// tree ensemble takes its missing-value branch; an infinite or out-of-range number is an error naming line and
    /// column. A row the model still gives NaN for is an error naming its line, never an empty output field.
    /// </remarks>
    public static ScoreSummary Score(IModelSession session, string dataPath, string outputPath, int batchSize = DefaultBatchSize, Action<long>? progress = null,
        CsvReaderOptions? csv = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ValidateBatchSize(batchSize);
        using var reader = TableReader.Open(dataPath, csv);
        var binding = InputBinding.Create(session, reader);
        var batch = binding.CreateBatch(batchSize);
        var lines = new long[batchSize];
        using var writer = CsvWriter.Create(outputPath);
        // ML.NET's ONNX export adds an output per vector with slot names (mlnet.<column>.unusedOutput): the names, not one
        // value per row, so it is no column of the scores (ClassOutputs reads the names from the graph instead).
        var order = session.Outputs.Select(o => o.Name)
            .Where(n => !(n.StartsWith("mlnet.", StringComparison.Ordinal) && n.EndsWith(".unusedOutput", StringComparison.Ordinal))).ToArray();
        OutputColumns? columns = null;
        long rows = 0;
        var more = true;
        while (more)
        {
            more = batch.Refill(reader, (r, row) => lines[row] = r.LineNumber);
            if (batch.Count == 0 && columns is not null)
            {
                break;
            }
            // An empty file is still scored once (zero rows) so the header names the output columns.
            var outputs = session.Run(batch.ToInputs());
            if (columns is null)
            {
                columns = OutputColumns.From(outputs, order);
                writer.WriteRecord(columns.Names);
            }
            if (columns.FirstRowWithoutNumber(outputs, batch.Count) is { } bad)
            {
                var (row, output) = bad;
                throw new MlOpsException(
                    $"The model gives no number (NaN) in its output '{output}' for the row on {reader.PositionOf(lines[row])}: the row has a missing or extreme value this model cannot score.",
                    dataPath, lines[row],
                    "Fill in the row's missing values, or score with a model that handles missing values (a tree ensemble takes its missing-value branch).",
                    DiagnosticCatalog.NoScore);
            }
            columns.Write(writer, outputs, batch.Count);
            rows += batch.Count;
            progress?.Invoke(rows);
        }
        writer.Commit();
        return new ScoreSummary(rows, binding.Description, columns!.Names);
    }
}
