using System.CommandLine;
using System.CommandLine.Parsing;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Scoring;

namespace MlOps.Cli.Commands;

/// <summary>`mlops evaluate`: score the evaluation set and check metric thresholds (MLflow MetricThreshold semantics).</summary>
public static class EvaluateCommand
{
    private static readonly Option<string> Task = new Option<string>("--task")
    {
        Description = "classification (binary), multiclass or regression.",
        DefaultValueFactory = _ => "classification",
    }.AcceptOnlyFromAmong("classification", "multiclass", "regression");

    private static readonly Option<double> DecisionThreshold = new Option<double>("--decision-threshold")
    {
        Description = "Classification: predicted positive when score >= this (within [0, 1]).",
        DefaultValueFactory = _ => 0.5,
    }.Sets(UserInputs.DecisionThreshold);

    private static readonly Option<string> Score = new Option<string>("--score")
    {
        Description = "With --predictions: the probability column.",
        HelpName = "column",
        DefaultValueFactory = _ => "score",
    }.Sets(UserInputs.ScoreColumn);

    private static readonly Option<string> Prediction = new Option<string>("--prediction")
    {
        Description = "With --predictions: the predicted value (regression) or label column.",
        HelpName = "column",
        DefaultValueFactory = _ => "prediction",
    }.Sets(UserInputs.PredictionColumn);

    private static readonly Option<string?> Champion = new("--champion")
    {
        Description = "The champion (.mlpkg or .onnx), scored on the same data for minAbsoluteChange/minRelativeChange; " +
            "or catalog:<reference> (e.g. catalog:credit-risk@production) for a version's registered artefact.",
        HelpName = "file",
    };

    private static readonly Option<string?> Thresholds = new Option<string?>("--thresholds")
    {
        Description = "A YAML file of metric thresholds (docs/cli/evaluate.md).",
        HelpName = "yaml",
    }.Sets(UserInputs.MetricThresholds);

    private static readonly Option<string[]> Threshold = new Option<string[]>("--threshold")
    {
        Description = "An inline threshold, e.g. accuracy>=0.7 or logLoss<=0.6 (repeatable; quote it: > is a shell redirection).",
        AllowMultipleArgumentsPerToken = false,
    }.Sets(UserInputs.MetricThresholds);

    private static readonly Option<int> Bootstrap = new Option<int>("--bootstrap")
    {
        Description = $"Bootstrap replicates for the metrics' confidence intervals (0: none; at most {Governance.Statistics.PercentileBootstrap.MaxReplicates}).",
        DefaultValueFactory = _ => 200,
    }.Sets(UserInputs.BootstrapReplicates);

    private static readonly Option<ulong> Seed = new("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => 42UL };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate a model on a data set: exit 0 when every threshold passes, 1 when one fails, 2 on bad input.");
        command.AddModelOrPredictionsOptions();
        foreach (var o in new Option[] { Task, DecisionThreshold, Score, Prediction, Champion, CatalogOptions.Catalog, Thresholds, Threshold, Bootstrap, Seed })
        {
            command.Options.Add(o);
        }
        // The inline thresholds are parsed here too, so a malformed or non-finite one stops the command before any work.
        command.ValidateWith(result => EvaluationService.Validate(Request(result.StageData(), ChampionPath(result), result.GetValue(StageOptions.OutputColumn),
            Options(result, (result.GetValue(Threshold) ?? []).Select(ThresholdSpec.ParseInline).ToList()), ".", result.ScoringEngine())));
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var output = parse.GetValue(StageOptions.Out)!;
            var inputs = parse.CommandResult.StageData();
            var champion = ChampionPath(parse.CommandResult);
            var work = OutputFolder.Require(output, inputs.ModelPath, inputs.DataPath, inputs.PredictionsPath, champion, parse.GetValue(Thresholds));
            var rules = new List<MetricThreshold>();
            if (parse.GetValue(Thresholds) is { } file)
            {
                rules.AddRange(ThresholdSpec.ReadFile(file));
            }
            rules.AddRange((parse.GetValue(Threshold) ?? []).Select(ThresholdSpec.ParseInline));
            var request = Request(inputs, champion, parse.GetValue(StageOptions.OutputColumn), Options(parse.CommandResult, rules), work,
                parse.CommandResult.ScoringEngine());
            EvaluationReport report;
            using (var progress = new StageProgress("evaluate"))
            {
                report = EvaluationService.Evaluate(request, progress);
            }
            EvaluationJson.Write(output, report);
            Console.Out.WriteLine("evaluate: " + string.Join(", ", report.Metrics.Select(m => $"{m.Key} {Figures.Show(m.Value)}")));
            if (report.Multiclass is { } multiclass)
            {
                Console.Out.WriteLine("  classes: " + string.Join(", ", multiclass.PerClass.Select(f => $"{f.Class} (f1 {Figures.Show(f.F1)}, support {f.Support})")));
            }
            foreach (var failure in report.Checks.SelectMany(c => c.Failures))
            {
                Console.Out.WriteLine($"  failed: {failure}");
            }
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    // A champion named in the catalog (catalog:<reference>) is the registered artefact of that version.
    private static string? ChampionPath(CommandResult result) =>
        CatalogOptions.ChampionPath(result.GetValue(Champion), result.GetValue(CatalogOptions.Catalog));

    private static EvaluationRequest Request(Governance.Scoring.StageData inputs, string? champion, string? outputColumn, EvaluationOptions options, string work,
        IScoringEngine? engine) => new()
    {
        Inputs = inputs,
        Options = options,
        ChampionPath = champion,
        OutputColumn = outputColumn,
        WorkFolder = work,
        Engine = engine,
    };

    private static EvaluationOptions Options(CommandResult result, IReadOnlyList<MetricThreshold> rules) => new()
    {
        Label = result.GetValue(StageOptions.Label)!,
        Task = result.GetValue(Task) switch
        {
            "regression" => EvaluationTask.Regression,
            "multiclass" => EvaluationTask.Multiclass,
            _ => EvaluationTask.Classification,
        },
        Positive = result.GetValue(StageOptions.Positive)!,
        DecisionThreshold = result.GetValue(DecisionThreshold),
        Score = result.GetValue(Score),
        Prediction = result.GetValue(Prediction)!,
        Thresholds = rules,
        Csv = result.Csv(),
        Bootstrap = new EvaluationBootstrap { Replicates = result.GetValue(Bootstrap), Seed = result.GetValue(Seed) },
    };
}
