using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Evaluation;

/// <summary>How to read a scored CSV for evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The true-label column.</summary>
    public required string Label { get; init; }

    /// <summary>Classification or regression.</summary>
    public EvaluationTask Task { get; init; } = EvaluationTask.Classification;

    /// <summary>Classification: the probability column (falls back to the prediction column, read as 0/1).</summary>
    public string? Score { get; init; } = "score";

    /// <summary>The prediction column (regression: the predicted value; classification: used when there is no score).</summary>
    public string Prediction { get; init; } = "prediction";

    /// <summary>Classification: the positive label (numbers compare by value).</summary>
    public string Positive { get; init; } = "1";

    /// <summary>Classification: predicted positive when score ≥ this.</summary>
    public double DecisionThreshold { get; init; } = 0.5;

    /// <summary>Rules to check.</summary>
    public IReadOnlyList<MetricThreshold> Thresholds { get; init; } = [];

    /// <summary>The CSV reader's limits (the maximum record length).</summary>
    public CsvReaderOptions Csv { get; init; } = CsvReaderOptions.Default;

    /// <summary>The bootstrap of the metrics' confidence intervals.</summary>
    public EvaluationBootstrap Bootstrap { get; init; } = new();
}

/// <summary>Computes evaluation metrics from a CSV that holds the label and the model's output, in one streaming pass.</summary>
public static class EvaluationAnalyzer
{
    /// <summary>Evaluates a scored CSV (the output of <c>mlops score</c>, or any CSV with label and score columns).</summary>
    /// <param name="csvPath">The CSV with the label and the score (or prediction).</param>
    /// <param name="options">Columns, task and thresholds.</param>
    /// <param name="progress">Rows read so far, now and then.</param>
    /// <param name="data">The data the report names; default the CSV itself (a stage that scored the user's data into a
    /// temporary join names the user's file).</param>
    /// <exception cref="MlOpsException">Missing columns, a ragged row, a non-number score, a non-binary label.</exception>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static EvaluationReport AnalyzeCsv(string csvPath, EvaluationOptions options, IProgress<long>? progress = null, DataIdentity? data = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Task == EvaluationTask.Multiclass)
        {
            return MulticlassAnalyzer.AnalyzeCsv(csvPath, options, progress: progress, data: data);
        }
        using var reader = TableReader.Open(csvPath, options.Csv);
        var label = reader.ColumnIndex(options.Label);
        if (options.Task == EvaluationTask.Regression)
        {
            var predicted = reader.ColumnIndex(options.Prediction);
            var metrics = new RegressionMetrics();
            var pairs = options.Bootstrap.Replicates > 0 ? new RegressionPairs() : null;
            while (reader.Read())
            {
                var y = Number(reader, label, "label");
                var p = Number(reader, predicted, "prediction");
                metrics.Add(y, p);
                pairs?.Add(y, p);
                Report(progress, metrics.Count);
            }
            EnsureRows(metrics.Count, csvPath);
            return Report(options, data ?? DataIdentity.Of(csvPath), metrics.Count, Values(metrics), null, null) with
            {
                Intervals = MetricIntervals.Regression(pairs ?? new RegressionPairs(), options.Bootstrap),
            };
        }
        var scoreColumn = -1;
        var predictionColumn = -1;
        if (options.Score is not null && reader.TryGetColumnIndex(options.Score, out var s))
        {
            scoreColumn = s;
        }
        else if (reader.TryGetColumnIndex(options.Prediction, out var p))
        {
            predictionColumn = p;
        }
        else
        {
            throw new MlOpsException(
                $"The {reader.Format} file has neither a score column '{options.Score}' nor a prediction column '{options.Prediction}'. Available columns: {string.Join(", ", reader.Header.Select(h => $"'{h}'"))}.",
                csvPath, reader.HeaderLineNumber, "Name the score column (the probability of the positive class) or the prediction column (the predicted label).",
                inputs: [UserInputs.ScoreColumn, UserInputs.PredictionColumn]);
        }
        var labels = new BinaryLabel(options.Positive);
        var predictions = new BinaryLabel(options.Positive);
        var classification = new ClassificationMetrics(options.DecisionThreshold);
        while (reader.Read())
        {
            var actual = labels.IsPositive(reader, label, "label");
            double score;
            if (scoreColumn >= 0)
            {
                score = Number(reader, scoreColumn, "score");
                if (score is < 0 or > 1)
                {
                    throw new MlOpsException($"The score on {reader.Position} is {score}, outside [0, 1].", csvPath, reader.LineNumber,
                        "Pass the probability of the positive class as the score (not a logit or a label).", column: scoreColumn + 1);
                }
            }
            else
            {
                score = predictions.IsPositive(reader, predictionColumn, "prediction") ? 1.0 : 0.0;
            }
            classification.Add(actual, score);
            Report(progress, classification.Count);
        }
        EnsureRows(classification.Count, csvPath);
        if (!labels.SawPositive)
        {
            throw new MlOpsException(
                $"No value of the label column '{options.Label}' equals the positive label '{options.Positive}'; its values are {string.Join(", ", labels.Seen.Select(v => $"'{v}'"))}.",
                csvPath, reader.HeaderLineNumber, $"Name the positive label: one of the label column's values, for example '{labels.Seen[0]}'.",
                inputs: [UserInputs.PositiveLabel.Example(labels.Seen[0])]);
        }
        var c = classification;
        return Report(options, data ?? DataIdentity.Of(csvPath), c.Count, Values(c), (c.TruePositives, c.FalsePositives, c.FalseNegatives, c.TrueNegatives), null) with
        {
            Intervals = MetricIntervals.Classification(c, options.Bootstrap),
            Curves = Curves.Of(c),
        };
    }

    /// <summary>The classification metrics in contract order.</summary>
    public static List<KeyValuePair<string, double>> Values(ClassificationMetrics c) =>
    [
        new("accuracy", c.Accuracy), new("precision", c.Precision), new("recall", c.Recall), new("f1", c.F1),
        new("rocAuc", c.RocAuc), new("logLoss", c.LogLoss), new("brier", c.Brier),
    ];

    /// <summary>The regression metrics in contract order.</summary>
    public static List<KeyValuePair<string, double>> Values(RegressionMetrics r) => [new("rmse", r.Rmse), new("mae", r.Mae), new("r2", r.R2)];

    /// <summary>
    /// The same evaluation with its rules checked against a champion's metrics on the same data
    /// (minAbsoluteChange / minRelativeChange); <paramref name="championSha256"/> names the champion model.
    /// </summary>
    public static EvaluationReport ComparedWith(this EvaluationReport report, EvaluationOptions options, EvaluationReport champion, string championSha256) =>
        Report(options, new DataIdentity(report.DataFile, report.DataSha256), report.Rows, report.Metrics, report.Confusion, (champion.RuleMetrics.ToList(), championSha256),
            report.Multiclass) with { ModelSha256 = report.ModelSha256, Intervals = report.Intervals, Curves = report.Curves };

    /// <summary>The report of a multiclass evaluation (<see cref="MulticlassAnalyzer"/>), its rules checked.</summary>
    internal static EvaluationReport Report(EvaluationOptions options, DataIdentity data, MulticlassResult multiclass) =>
        Report(options, data, multiclass.Rows, multiclass.Values(), null, null, multiclass);

    // Builds the report and checks the rules (against the champion's values when given).
    private static EvaluationReport Report(EvaluationOptions options, DataIdentity data, long rows, IReadOnlyList<KeyValuePair<string, double>> metrics,
        (long, long, long, long)? confusion, (IReadOnlyList<KeyValuePair<string, double>> Metrics, string Sha256)? champion,
        MulticlassResult? multiclass = null)
    {
        // A multiclass rule may also name a class's figure: perClass.<class>.recall.
        var ruleMetrics = multiclass is null ? metrics : [.. metrics, .. multiclass.PerClassValues()];
        var known = ruleMetrics.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var checks = new List<(MetricThreshold, double, double?, IReadOnlyList<string>)>();
        foreach (var rule in options.Thresholds)
        {
            if (!known.Contains(rule.Metric))
            {
                throw new MlOpsException($"The threshold names metric '{rule.Metric}', which a {options.Task.ToString().ToLowerInvariant()} evaluation does not report.",
                    fix: $"Use one of: {string.Join(", ", metrics.Select(m => m.Key))}{(multiclass is null ? "" : ", perClass.<class>.precision|recall|f1|support")}.");
            }
            var value = ruleMetrics.First(m => m.Key == rule.Metric).Value;
            double? championValue = champion?.Metrics.FirstOrDefault(m => m.Key == rule.Metric).Value;
            checks.Add((rule, value, championValue, rule.Check(value, championValue)));
        }
        return new EvaluationReport
        {
            Task = options.Task,
            DataFile = data.FileName,
            DataSha256 = data.Sha256,
            Rows = rows,
            Label = options.Label,
            Positive = options.Task == EvaluationTask.Classification ? options.Positive : null,
            DecisionThreshold = options.Task == EvaluationTask.Classification ? options.DecisionThreshold : null,
            Metrics = metrics,
            Confusion = confusion,
            ChampionMetrics = multiclass is null ? champion?.Metrics : champion?.Metrics.Take(metrics.Count).ToList(),
            Multiclass = multiclass,
            ChampionSha256 = champion?.Sha256,
            Checks = checks,
        };
    }

    private static double Number(ITableReader reader, int column, string role)
    {
        var x = reader.GetDouble(column);
        if (double.IsNaN(x))
        {
            throw new MlOpsException($"The {role} column '{reader.Header[column]}' is empty on {reader.Position}.", reader.Path,
                reader.LineNumber, $"Give every row a {role}.", column: column + 1);
        }
        return x;
    }

    private static void EnsureRows(long rows, string path)
    {
        if (rows == 0)
        {
            throw new MlOpsException("The evaluation data has a header but no rows.", path, 2, "Pass the evaluation set, one row per example.");
        }
    }

    private static void Report(IProgress<long>? progress, long rows)
    {
        if ((rows & 0xFFFF) == 0)
        {
            progress?.Report(rows);
        }
    }
}
