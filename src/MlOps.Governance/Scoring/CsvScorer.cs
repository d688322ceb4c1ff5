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

    /// <summary>Scores <paramref name="dataPath"/> with the model at <paramref name="modelPath"/> into <paramref name="outputPath"/>.</summary>
    /// <param name="modelPath">An .onnx file or an .mlpkg artefact.</param>
    /// <param name="dataPath">The CSV file to score (header line, one row per record).</param>
    /// <param name="outputPath">The CSV file to write.</param>
    /// <param name="batchSize">Rows per model run.</param>
    /// <param name="progress">Called with the number of rows scored so far after each batch (optional).</param>
    /// <exception cref="MlOpsException">Bad model, bad CSV (naming line and column) or unwritable output; nothing is written then.</exception>
    public static ScoreSummary Score(string modelPath, string dataPath, string outputPath, int batchSize = DefaultBatchSize, Action<long>? progress = null)
    {
        var session = ModelFile.Open(modelPath).CreateSession();
        return Score(session, dataPath, outputPath, batchSize, progress);
    }

    /// <summary>Scores <paramref name="dataPath"/> with an already loaded model.</summary>
    public static ScoreSummary Score(InferenceSession session, string dataPath, string outputPath, int batchSize = DefaultBatchSize, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var reader = CsvReader.Open(dataPath);
        var binding = InputBinding.Create(session, reader);
        var batch = binding.CreateBatch(batchSize);
        using var writer = CsvWriter.Create(outputPath);
        var order = session.Outputs.Select(o => o.Name).ToArray();
        OutputColumns? columns = null;
        long rows = 0;
        var more = true;
        while (more)
        {
            batch.Clear();
            while (!batch.IsFull && (more = reader.Read()))
            {
                batch.Add(reader);
            }
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
            columns.Write(writer, outputs, batch.Count);
            rows += batch.Count;
            progress?.Invoke(rows);
        }
        writer.Commit();
        return new ScoreSummary(rows, binding.Description, columns!.Names);
    }
}
