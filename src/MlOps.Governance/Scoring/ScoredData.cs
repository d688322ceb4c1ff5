using MlOps.Diagnostics;
using System.Text.RegularExpressions;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Scoring;

/// <summary>
/// Scores a data CSV with a model (through <see cref="CsvScorer"/>) and joins, row by row, the columns an
/// evidence stage needs (label, sensitive columns) with the model's score into one temporary CSV, streaming
/// both files so memory stays flat. The temporary files live next to the output and are deleted on dispose.
/// </summary>
public sealed partial class ScoredData : IDisposable
{
    /// <summary>The score column in the joined file.</summary>
    public const string ScoreColumn = "mlops_score";

    private readonly List<string> _temporary = new();

    private readonly string _dataPath;

    // A columnar data file numbers rows, not lines: the join's line L (after its header line) is the data's row L - 1.
    private readonly bool _dataNumbersRows;

    private ScoredData(string path, string modelOutputColumn, string dataPath, bool dataNumbersRows)
    {
        Path = path;
        ModelOutputColumn = modelOutputColumn;
        _dataPath = dataPath;
        _dataNumbersRows = dataNumbersRows;
    }

    /// <summary>The joined CSV: the kept columns, then <see cref="ScoreColumn"/>.</summary>
    public string Path { get; }

    /// <summary>The model output column used as the score.</summary>
    public string ModelOutputColumn { get; }

    /// <summary>
    /// Runs <paramref name="analyze"/> on the joined file (<see cref="Path"/>). A bad-input error about the join names
    /// the data file the user gave instead: the join's name is random and the file is gone when the user reads the
    /// message. The line carries over (one joined record per data record, in order); the column does not (the join
    /// keeps only some columns), so it is dropped.
    /// </summary>
    /// <remarks>The join's score column is internal (<see cref="ScoreColumn"/>): messages name the model output instead.</remarks>
    public T Analyze<T>(Func<string, T> analyze)
    {
        try
        {
            return analyze(Path);
        }
        catch (MlOpsException e) when (e.File is not null && string.Equals(System.IO.Path.GetFullPath(e.File), System.IO.Path.GetFullPath(Path), StringComparison.Ordinal))
        {
            var message = InUserTerms(e.Message.Replace(Path, _dataPath, StringComparison.Ordinal));
            var line = e.Line;
            if (_dataNumbersRows && line is { } joinLine)
            {
                line = joinLine - 1;
                message = Regex.Replace(message, $@"\b([Ll])ine {joinLine}\b",
                    m => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(m.Groups[1].Value == "L" ? "Row" : "row")} {joinLine - 1}"),
                    RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            throw new MlOpsException(message, _dataPath, line,
                e.Fix is null ? null : InUserTerms(e.Fix), e.Diagnostic, column: null, e, e.Inputs);
        }
    }

    private string InUserTerms(string text) =>
        text.Replace($"'{ScoreColumn}'", $"'{ModelOutputColumn}' (the model's output)", StringComparison.Ordinal);

    /// <summary>
    /// Scores <paramref name="dataPath"/> and joins <paramref name="keepColumns"/> with the score. The score column
    /// is <paramref name="outputColumn"/> when given; otherwise the probability column keyed by
    /// <paramref name="positive"/> (e.g. <c>probabilities[1]</c>, <c>output_probability[good]</c>), else the second
    /// of two probability columns, else the only output column.
    /// </summary>
    /// <remarks>The data is scored by <paramref name="engine"/>, or by the managed evaluator when it is null.</remarks>
    /// <exception cref="MlOpsException">Bad model or data, a kept column missing, no recognisable score column.</exception>
    public static ScoredData Create(ModelFile model, string dataPath, IReadOnlyList<string> keepColumns, string? positive,
        string? outputColumn, string workFolder, Action<long>? progress = null, CsvReaderOptions? csv = null, IScoringEngine? engine = null) =>
        Join(model, dataPath, keepColumns, columns => [(outputColumn ?? ChooseScoreColumn(columns, positive, model.Path), ScoreColumn)],
            workFolder, progress, csv, engine);

    /// <summary>
    /// Scores <paramref name="dataPath"/> and joins <paramref name="keepColumns"/> with the model output columns
    /// <paramref name="chooseOutputs"/> picks from the model's output columns (kept under their own names): a
    /// classifier's per-class probabilities and its predicted label, for multiclass evidence.
    /// </summary>
    /// <exception cref="MlOpsException">Bad model or data, a kept column missing, or what <paramref name="chooseOutputs"/> throws.</exception>
    public static ScoredData CreateWithOutputs(ModelFile model, string dataPath, IReadOnlyList<string> keepColumns,
        Func<IReadOnlyList<string>, IReadOnlyList<string>> chooseOutputs, string workFolder, Action<long>? progress = null,
        CsvReaderOptions? csv = null, IScoringEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(chooseOutputs);
        return Join(model, dataPath, keepColumns, columns => chooseOutputs(columns).Select(c => (c, c)).ToList(), workFolder, progress, csv, engine);
    }

    // Scores, then writes the kept data columns and the chosen outputs (each under its joined name) row by row.
    private static ScoredData Join(ModelFile model, string dataPath, IReadOnlyList<string> keepColumns,
        Func<IReadOnlyList<string>, IReadOnlyList<(string Output, string Joined)>> chooseOutputs, string workFolder, Action<long>? progress,
        CsvReaderOptions? csv, IScoringEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(model);
        // A column named twice (the label also given as a sensitive column) is joined once: the join's names are distinct.
        keepColumns = keepColumns.Distinct(StringComparer.Ordinal).ToList();
        var scored = System.IO.Path.Combine(workFolder, $".mlops-scored-{Guid.NewGuid():N}.csv");
        var joined = System.IO.Path.Combine(workFolder, $".mlops-joined-{Guid.NewGuid():N}.csv");
        try
        {
            bool numbersRows;
            using (var check = TableReader.Open(dataPath, csv))
            {
                numbersRows = check.HeaderLineNumber is null;
                foreach (var c in keepColumns)
                {
                    check.ColumnIndex(c);
                }
            }
            var summary = CsvScorer.Score((engine ?? ManagedEngine.Instance).Open(model), dataPath, scored, progress: progress, csv: csv);
            var outputs = chooseOutputs(summary.Columns);
            var column = string.Join(", ", outputs.Select(o => o.Output));
            using (var data = TableReader.Open(dataPath, csv))
            using (var output = CsvReader.Open(scored, csv))
            using (var writer = CsvWriter.Create(joined))
            {
                var keep = keepColumns.Select(data.ColumnIndex).ToArray();
                var scores = outputs.Select(o => output.ColumnIndex(o.Output)).ToArray();
                writer.WriteRecord(keepColumns.Concat(outputs.Select(o => o.Joined)));
                while (data.Read())
                {
                    if (!output.Read())
                    {
                        throw new MlOpsException("The model produced fewer output rows than the data has.", dataPath, data.LineNumber,
                            "Report this as a bug: every input row must give one output row.");
                    }
                    foreach (var k in keep)
                    {
                        writer.WriteField(data.GetSpan(k));
                    }
                    foreach (var score in scores)
                    {
                        writer.WriteField(output.GetSpan(score));
                    }
                    writer.EndRecord();
                }
                writer.Commit();
            }
            var result = new ScoredData(joined, column, dataPath, numbersRows);
            result._temporary.Add(joined);
            return result;
        }
        catch
        {
            TryDelete(joined);
            throw;
        }
        finally
        {
            TryDelete(scored);
        }
    }

    /// <summary>Picks the model output column that holds the positive-class probability (or the prediction).</summary>
    public static string ChooseScoreColumn(IReadOnlyList<string> columns, string? positive, string modelPath)
    {
        if (positive is not null)
        {
            var keyed = columns.Where(c => KeyOf(c) == positive).ToList();
            var prob = keyed.FirstOrDefault(c => c.Contains("prob", StringComparison.OrdinalIgnoreCase)) ?? keyed.FirstOrDefault();
            if (prob is not null)
            {
                return prob;
            }
        }
        var groups = columns.Where(c => KeyOf(c) is not null).GroupBy(c => c[..c.IndexOf('[')]).Where(g => g.Count() == 2).ToList();
        var probabilities = groups.FirstOrDefault(g => g.Key.Contains("prob", StringComparison.OrdinalIgnoreCase)) ?? (groups.Count == 1 ? groups[0] : null);
        if (probabilities is not null)
        {
            return probabilities.Last();
        }
        var plain = columns.Where(c => KeyOf(c) is null).ToList();
        if (plain.Count == 1)
        {
            return plain[0];
        }
        // A binary ML.NET model's outputs are plain columns (PredictedLabel, Score, Probability): one probability among them is the score.
        if (plain.Where(c => c.Contains("prob", StringComparison.OrdinalIgnoreCase)).ToList() is [var probability])
        {
            return probability;
        }
        throw new MlOpsException(
            $"Cannot tell which model output is the score: the outputs are {string.Join(", ", columns.Select(c => $"'{c}'"))}.", modelPath,
            fix: "Name the model output to use as the score (for a classifier, the probability of the positive class).",
            inputs: [UserInputs.ModelOutputColumn]);
    }

    private static string? KeyOf(string column)
    {
        var m = KeyPattern().Match(column);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^[^\[]+\[(.*)\]$")]
    private static partial Regex KeyPattern();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var f in _temporary)
        {
            TryDelete(f);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A hidden temporary file left behind is harmless.
        }
    }
}
