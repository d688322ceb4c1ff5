using System.Runtime.ExceptionServices;
using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Explanations;

/// <summary>The outcome of <see cref="PermutationImportance.Measure"/>.</summary>
/// <param name="ScoreColumn">The model output column the metric read.</param>
/// <param name="Rows">The data rows.</param>
/// <param name="Baseline">The metric on the data as it is.</param>
/// <param name="Features">The importance of each data column that feeds the model, in input order.</param>
public sealed record PermutationImportanceResult(string ScoreColumn, long Rows, double Baseline, IReadOnlyList<FeatureImportance> Features);

/// <summary>
/// Permutation feature importance (Breiman; scikit-learn's <c>permutation_importance</c>): for each data column that
/// feeds the model, the drop in the metric when that column's values are shuffled across the whole data set, repeated
/// with seeded shuffles.
/// </summary>
/// <remarks>
/// <para>
/// Streamed: the data is read in batches, once for the baseline and once per feature, and never held as a table.
/// What is held is what one feature's shuffles need: the label of every row (8 bytes), that feature's column and the
/// next one's (8 bytes a row each for numbers, the strings for text), one shuffle order (4 bytes a row) and one score
/// (8 bytes a row) per repeat: about rows × (24 + 12 × repeats) bytes, 84 MB for a million rows and 5 repeats, whatever
/// the number of columns.
/// </para>
/// <para>
/// The repeats of a batch are scored in parallel, each into its own slice of the scores, and the shuffles are drawn
/// in a fixed order from one seeded generator before any scoring: the result is the same bits on any number of threads.
/// </para>
/// </remarks>
public static class PermutationImportance
{
    /// <summary>Measures the importance of every feature of <paramref name="session"/>'s model on <paramref name="dataPath"/>.</summary>
    /// <param name="session">The model, on the engine that scores.</param>
    /// <param name="modelPath">The model's file, for messages.</param>
    /// <param name="dataPath">The evaluation data (CSV or Parquet) with the model's inputs and the label.</param>
    /// <param name="options">Metric, label, repeats, seed.</param>
    /// <param name="progress">Receives the number of rows scored so far (all passes together).</param>
    /// <exception cref="MlOpsException">Bad settings, model or data: the message names the file, line and column.</exception>
    public static PermutationImportanceResult Measure(IModelSession session, string modelPath, string dataPath, PermutationImportanceOptions options,
        IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var run = new Run(session, modelPath, dataPath, options, progress);
        return run.Measure();
    }

    private sealed class Run(IModelSession session, string modelPath, string dataPath, PermutationImportanceOptions options, IProgress<long>? progress)
    {
        private readonly ImportanceMetric _metric = options.Metric;
        private readonly int _repeats = options.Repeats;
        private InputBinding _binding = null!;
        private int[] _columns = [];
        private string[] _names = [];
        private int _label;
        private ScoreReader? _scores;
        private long _scored;

        public PermutationImportanceResult Measure()
        {
            bool[] text;
            using (var reader = TableReader.Open(dataPath, options.Csv))
            {
                _binding = InputBinding.Create(session, reader);
                _columns = _binding.Columns.Distinct().ToArray();
                _names = _columns.Select(c => reader.Header[c]).ToArray();
                _label = reader.ColumnIndex(options.Label);
                var probe = _binding.CreateBatch(1);
                text = _columns.Select(probe.IsText).ToArray();
            }

            var (targets, baseline, first) = BaselinePass(text.Length > 0 ? new ColumnValues(_columns[0], text[0]) : null);
            var rows = targets.Length;
            var random = new SeededRandom(options.Seed);
            var orders = new int[_repeats][];
            var scores = new double[_repeats][];
            for (var r = 0; r < _repeats; r++)
            {
                orders[r] = new int[rows];
                scores[r] = new double[rows];
            }
            var features = new List<FeatureImportance>(_columns.Length);
            var current = first;
            for (var f = 0; f < _columns.Length; f++)
            {
                foreach (var order in orders)
                {
                    Shuffle(order, random);
                }
                var next = f + 1 < _columns.Length ? new ColumnValues(_columns[f + 1], text[f + 1]) : null;
                ShuffledPass(f, current!, next, orders, scores);
                var values = new double[_repeats];
                for (var r = 0; r < _repeats; r++)
                {
                    values[r] = _metric.Importance(baseline, _metric.Compute(scores[r], targets, options.DecisionThreshold));
                }
                features.Add(new FeatureImportance(_names[f], values));
                current = next;
            }
            return new PermutationImportanceResult(_scores?.Column ?? "", rows, baseline, features);
        }

        // The label of every row, the baseline metric and the first feature's column, in one pass.
        private (double[] Targets, double Baseline, ColumnValues? First) BaselinePass(ColumnValues? first)
        {
            var targets = new List<double>();
            var baselineScores = new List<double>();
            var label = new BinaryLabel(options.Positive);
            var lines = new long[options.BatchSize];
            var batchScores = new double[options.BatchSize];
            string labelName = "";
            ForEachBatch(
                (reader, row) =>
                {
                    labelName = reader.Header[_label];
                    lines[row] = reader.LineNumber;
                    targets.Add(_metric.NeedsProbability ? (label.IsPositive(reader, _label, "label") ? 1 : 0) : Target(reader));
                },
                (batch, _) =>
                {
                    first?.Collect(batch);
                    Score(batch, outputs =>
                    {
                        _scores ??= ScoreReader.Create(outputs, session, options.OutputColumn, options.Positive, _metric, modelPath);
                        _scores.Read(outputs, batch.Count, batchScores);
                    });
                    for (var i = 0; i < batch.Count; i++)
                    {
                        CheckScore(batchScores[i], lines[i]);
                        baselineScores.Add(batchScores[i]);
                    }
                    Report(batch.Count);
                });
            if (targets.Count == 0)
            {
                throw new MlOpsException("The data has no rows, so no importance can be measured.", dataPath,
                    fix: "Explain the model on the evaluation data, with at least one row of each class.", inputs: [UserInputs.Data]);
            }
            if (_metric.NeedsProbability && (label.Seen.Count < 2 || !label.SawPositive))
            {
                var seen = string.Join(", ", label.Seen.Select(s => $"'{s}'"));
                throw new MlOpsException(
                    label.SawPositive
                        ? $"The label column '{labelName}' has one class ({seen}), so {_metric.Name} cannot be measured: it compares the positive class with the other."
                        : $"The label column '{labelName}' never holds the positive label '{options.Positive}' (its values are {seen}), so {_metric.Name} cannot be measured.",
                    dataPath, fix: "Explain the model on data that has rows of both classes, and name the positive class as the label column spells it.",
                    diagnostic: DiagnosticCatalog.SingleClassLabel, inputs: [UserInputs.Data, UserInputs.LabelColumn, UserInputs.PositiveLabel]);
            }
            var t = targets.ToArray();
            return (t, _metric.Compute(baselineScores.ToArray(), t, options.DecisionThreshold), first);
        }

        private double Target(ITableReader reader)
        {
            var value = reader.GetDouble(_label);
            if (double.IsNaN(value))
            {
                throw new MlOpsException($"The label column '{reader.Header[_label]}' is empty on {reader.Position}.", reader.Path, reader.LineNumber,
                    "Give every row a label value, or drop the rows without one.", column: _label + 1);
            }
            return value;
        }

        private void CheckScore(double score, long line)
        {
            if (double.IsNaN(score))
            {
                throw new MlOpsException(
                    $"The model gives no number (NaN) in its output '{_scores!.Column}' for the row on line {line}: the row has a missing or extreme value this model cannot score.",
                    dataPath, line, "Fill in the row's missing values, or explain a model that handles missing values.", DiagnosticCatalog.NoScore);
            }
            if (_metric.NeedsProbability && score is < 0 or > 1)
            {
                throw ScoreReader.NoProbability(_metric, modelPath, _scores!.Column,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"it gives {score:R} for the row on line {line}"));
            }
        }

        // One pass for feature f: every batch is copied once per repeat, its f column replaced by the shuffled values. Each
        // repeat's copy is split into as many parts as there are processors, so that 5 repeats keep 2 cores busy to the
        // end (5 whole copies would leave one core idle for the last); every part writes its own slice of the scores.
        private void ShuffledPass(int f, ColumnValues values, ColumnValues? next, int[][] orders, double[][] scores)
        {
            var parts = Math.Max(1, Environment.ProcessorCount);
            var work = Enumerable.Range(0, _repeats * parts).Select(_ => _binding.CreateBatch(options.BatchSize)).ToArray();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
            ForEachBatch(null, (batch, start) =>
            {
                next?.Collect(batch);
                var count = batch.Count;
                try
                {
                    Parallel.For(0, _repeats * parts, parallel, item =>
                    {
                        var (r, part) = (item / parts, item % parts);
                        var (from, to) = (part * count / parts, (part + 1) * count / parts);
                        if (from == to)
                        {
                            return;
                        }
                        var copy = work[item];
                        batch.CopyTo(copy, from, to - from);
                        var order = orders[r];
                        for (var i = from; i < to; i++)
                        {
                            values.CopyInto(copy, i - from, order[start + i]);
                        }
                        Score(copy, outputs => _scores!.Read(outputs, to - from, scores[r].AsSpan((int)start + from, to - from)));
                    });
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
                for (var r = 0; r < _repeats; r++)
                {
                    if (HasNaN(scores[r].AsSpan((int)start, count)))
                    {
                        throw new MlOpsException(
                            $"The model gives no number (NaN) in its output '{_scores!.Column}' when column '{_names[f]}' is shuffled: a missing value moved into a row this model cannot score.",
                            dataPath, fix: "Fill in the column's missing values, or explain a model that handles missing values.", diagnostic: DiagnosticCatalog.NoScore);
                    }
                }
                Report((long)count * _repeats);
            });
        }

        private static bool HasNaN(ReadOnlySpan<double> values)
        {
            foreach (var v in values)
            {
                if (double.IsNaN(v))
                {
                    return true;
                }
            }
            return false;
        }

        private void Score(InputBinding.InputBatch batch, Action<IReadOnlyDictionary<string, OnnxValue>> read)
        {
            // The managed evaluator hands its output arrays back for the next batch: no fresh memory per run.
            if (session is InferenceSession managed)
            {
                using var outputs = managed.RunRecycled(batch.ToInputs());
                read(outputs);
            }
            else
            {
                read(session.Run(batch.ToInputs()));
            }
        }

        private void ForEachBatch(Action<ITableReader, int>? perRow, Action<InputBinding.InputBatch, long> perBatch)
        {
            using var reader = TableReader.Open(dataPath, options.Csv);
            var batch = _binding.CreateBatch(options.BatchSize);
            long start = 0;
            var more = true;
            while (more)
            {
                more = batch.Refill(reader, perRow);
                if (batch.Count == 0)
                {
                    break;
                }
                perBatch(batch, start);
                start += batch.Count;
            }
        }

        private void Report(long rows)
        {
            _scored += rows;
            progress?.Report(_scored);
        }

        // Fisher-Yates from the identity, with Lemire's multiply-shift for an unbiased index.
        private static void Shuffle(int[] order, SeededRandom random)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = (int)Math.BigMul(random.NextUInt64(), (ulong)(i + 1), out _);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
    }
}
