using System.CommandLine;
using System.Globalization;
using MlOps.Hashing;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Scoring;

namespace MlOps.Cli.Commands;

/// <summary>`mlops evaluate`: score the evaluation set and check metric thresholds (MLflow MetricThreshold semantics).</summary>
public static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "The model (.onnx or .mlpkg) to score --data with; with --predictions it only stamps the evidence with the model's digest." };
        var data = new Option<string?>("--data") { Description = "The evaluation data (CSV with the model's inputs and the label)." };
        var predictions = new Option<string?>("--predictions") { Description = "Instead of scoring: a CSV with the label and a score (or prediction) column." };
        var label = new Option<string>("--label") { Description = "The true-label column.", Required = true };
        var task = new Option<string>("--task") { Description = "classification or regression.", DefaultValueFactory = _ => "classification" };
        var positive = new Option<string>("--positive") { Description = "Classification: the positive label.", DefaultValueFactory = _ => "1" };
        var decision = new Option<double>("--decision-threshold") { Description = "Classification: predicted positive when score >= this.", DefaultValueFactory = _ => 0.5 };
        var score = new Option<string>("--score") { Description = "With --predictions: the probability column.", DefaultValueFactory = _ => "score" };
        var prediction = new Option<string>("--prediction") { Description = "With --predictions: the predicted value (regression) or label column.", DefaultValueFactory = _ => "prediction" };
        var outputColumn = new Option<string?>("--output-column") { Description = "With --model: the model output column that holds the score (default: detected)." };
        var champion = new Option<string?>("--champion") { Description = "The champion (.mlpkg or .onnx), scored on the same data for minAbsoluteChange/minRelativeChange." };
        var thresholds = new Option<string?>("--thresholds") { Description = "A YAML file of metric thresholds (docs/cli/evaluate.md)." };
        var threshold = new Option<string[]>("--threshold") { Description = "An inline threshold, e.g. accuracy>=0.7 or logLoss<=0.6 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Where to write the evaluation evidence JSON.", Required = true };
        var command = new Command("evaluate", "Evaluate a model on a data set: exit 0 when every threshold passes, 1 when one fails, 2 on bad input.");
        foreach (var o in new Option[] { model, data, predictions, label, task, positive, decision, score, prediction, outputColumn, champion, thresholds, threshold, output })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var taskValue = parse.GetValue(task) switch
            {
                "classification" => EvaluationTask.Classification,
                "regression" => EvaluationTask.Regression,
                var other => throw new MlOpsException($"--task '{other}' is not classification or regression.", fix: "Pass --task classification or --task regression."),
            };
            var rules = new List<MetricThreshold>();
            if (parse.GetValue(thresholds) is { } file)
            {
                rules.AddRange(ThresholdSpec.ReadFile(file));
            }
            foreach (var inline in parse.GetValue(threshold) ?? [])
            {
                rules.Add(ThresholdSpec.ParseInline(inline));
            }
            var options = new EvaluationOptions
            {
                Label = parse.GetValue(label)!,
                Task = taskValue,
                Positive = parse.GetValue(positive)!,
                DecisionThreshold = OptionChecks.Finite("--decision-threshold", parse.GetValue(decision)),
                Score = parse.GetValue(score),
                Prediction = parse.GetValue(prediction)!,
                Thresholds = rules,
            };
            var modelPath = parse.GetValue(model);
            var dataPath = parse.GetValue(data);
            var predictionsPath = parse.GetValue(predictions);
            if ((predictionsPath is null) == (dataPath is null) || (dataPath is not null && modelPath is null))
            {
                throw new MlOpsException("Pass either --model <m> with --data <csv>, or --predictions <csv>.",
                    fix: "Use --model and --data to score the evaluation set; use --predictions for a CSV that already holds scores.");
            }
            var outPath = parse.GetValue(output)!;
            var work = OutputFolder.Require(outPath, modelPath, dataPath, predictionsPath, parse.GetValue(champion), parse.GetValue(thresholds));
            EvaluationReport report;
            using (var progress = new StageProgress("evaluate"))
            {
                report = predictionsPath is not null
                    ? EvaluationAnalyzer.AnalyzeCsv(predictionsPath, options, progress)
                    : Score(modelPath!, dataPath!, options, parse.GetValue(outputColumn), work, progress);
                if (parse.GetValue(champion) is { } championPath)
                {
                    if (dataPath is null)
                    {
                        throw new MlOpsException("--champion needs --model and --data: the champion is scored on the same data.",
                            fix: "Pass --model and --data instead of --predictions.");
                    }
                    var championReport = Score(championPath, dataPath, options with { Thresholds = [] }, parse.GetValue(outputColumn), work, progress);
                    report = EvaluationAnalyzer.Finish(options, report.DataFile, report.Rows, report.Metrics, report.Confusion,
                        (championReport.Metrics, ModelFile.DigestOf(championPath)), report.DataSha256);
                }
            }
            var modelSha = modelPath is null ? null : ModelFile.DigestOf(modelPath);
            EvaluationJson.Write(outPath, report, modelSha);
            Console.Out.WriteLine("evaluate: " + string.Join(", ", report.Metrics.Select(m =>
                $"{m.Key} {(double.IsNaN(m.Value) ? "undefined" : m.Value.ToString("0.####", CultureInfo.InvariantCulture))}")));
            foreach (var failure in report.Checks.SelectMany(c => c.Failures))
            {
                Console.Out.WriteLine($"  failed: {failure}");
            }
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    private static EvaluationReport Score(string modelPath, string dataPath, EvaluationOptions options, string? outputColumn, string work, StageProgress progress)
    {
        using var scored = ScoredData.Create(modelPath, dataPath, [options.Label],
            options.Task == EvaluationTask.Classification ? options.Positive : null, outputColumn, work, rows => progress.Report(rows));
        var joined = options with
        {
            Score = options.Task == EvaluationTask.Classification ? ScoredData.ScoreColumn : null,
            Prediction = ScoredData.ScoreColumn,
        };
        var report = scored.Analyze(path => EvaluationAnalyzer.AnalyzeCsv(path, joined, progress));
        // Name the evaluation data the user gave (name and sha256), not the temporary join.
        return EvaluationAnalyzer.Finish(options, Path.GetFileName(dataPath), report.Rows, report.Metrics, report.Confusion, null, Sha256Hex.OfFile(dataPath));
    }
}
