using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Explanations;

namespace MlOps.Cli.Commands;

/// <summary>`mlops explain`: permutation feature importance and local-contribution summaries on the evaluation data.</summary>
public static class ExplainCommand
{
    private static readonly Option<string> Metric = new Option<string>("--metric")
    {
        Description = "The metric importance is the drop of: rocAuc or accuracy (binary classifier), rmse (regressor).",
        HelpName = "name",
        DefaultValueFactory = _ => ImportanceMetric.RocAuc.Name,
    }.Sets(UserInputs.ImportanceMetric);

    private static readonly Option<int> Repeats = new Option<int>("--repeats")
    {
        Description = $"How many times each feature is shuffled (1 to {PermutationImportanceOptions.MaxRepeats}).",
        DefaultValueFactory = _ => PermutationImportanceOptions.DefaultRepeats,
    }.Sets(UserInputs.PermutationRepeats);

    private static readonly Option<ulong> Seed = new("--seed") { Description = "The seed of the shuffles.", DefaultValueFactory = _ => 1UL };

    private static readonly Option<double> DecisionThreshold = new Option<double>("--decision-threshold")
    {
        Description = "With --metric accuracy: predicted positive when the probability >= this (within [0, 1]).",
        DefaultValueFactory = _ => 0.5,
    }.Sets(UserInputs.DecisionThreshold);

    private static readonly Option<string[]> Sensitive = new Option<string[]>("--sensitive")
    {
        Description = "Sensitive columns, comma-separated or repeated: the local contributions are summarised per group of each.",
        HelpName = "column",
        AllowMultipleArgumentsPerToken = true,
    }.Sets(UserInputs.SensitiveColumns);

    private static readonly Option<int> LocalRows = new Option<int>("--local-rows")
    {
        Description = "The most rows whose local contributions are summarised; larger data is summarised on a seeded sample of this many rows.",
        HelpName = "rows",
        DefaultValueFactory = _ => ExplanationRequest.DefaultMaxLocalRows,
    }.Sets(UserInputs.LocalRows);

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("explain", "Explain a model on the evaluation data: permutation importance per feature and, where exact, local contributions; exit 0 when done, 2 on bad input.");
        foreach (var o in new Option[] { StageOptions.Model, StageOptions.Data, StageOptions.Label, StageOptions.Positive, Metric, Repeats, Seed, DecisionThreshold, Sensitive, LocalRows,
                     StageOptions.OutputColumn, StageOptions.Engine, StageOptions.MaxRecordLength, StageOptions.Out })
        {
            command.Options.Add(o);
        }
        command.ValidateWith(result => ExplanationService.Validate(Request(result)));
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var output = parse.GetValue(StageOptions.Out)!;
            var request = Request(parse.CommandResult);
            OutputFolder.Require(output, request.ModelPath, request.DataPath);
            ExplanationReport report;
            using (var progress = new StageProgress("explain"))
            {
                report = ExplanationService.Explain(request, progress);
            }
            ExplanationsJson.Write(output, report);
            var metric = report.Options.Metric.Name;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"explain: {metric} {Figures.Show(report.Importance.Baseline)}; importance (drop in {metric}, mean ± std over {report.Options.Repeats} repeats):"));
            foreach (var f in report.Importance.Features.OrderByDescending(f => f.Mean).ThenBy(f => f.Feature, StringComparer.Ordinal))
            {
                Console.Out.WriteLine($"  {f.Feature}: {Figures.Show(f.Mean)} ± {Figures.Show(f.Std)}");
            }
            Console.Out.WriteLine(report.Local is { } local
                ? $"  local contributions: {local.Method} ({local.Margin}), {(local.Seed is null ? "every row" : $"a seeded sample of {local.Overall.Rows} of {local.DataRows} rows")}"
                : $"  local contributions: not supported ({report.LocalNotSupported})");
            return ExitCodes.Passed;
        }));
        return command;
    }

    // An option left out has no value yet while command validators run (it reads as 0 or null), so defaults are taken here.
    private static ExplanationRequest Request(CommandResult result) => new()
    {
        ModelPath = result.GetValue(StageOptions.Model),
        DataPath = result.GetValue(StageOptions.Data),
        Options = new PermutationImportanceOptions
        {
            Label = result.GetValue(StageOptions.Label)!,
            Positive = result.GetValue(StageOptions.Positive)!,
            Metric = ImportanceMetric.Parse(result.GetResult(Metric) is null ? ImportanceMetric.RocAuc.Name : result.GetValue(Metric)!),
            Repeats = result.GetResult(Repeats) is null ? PermutationImportanceOptions.DefaultRepeats : result.GetValue(Repeats),
            Seed = result.GetValue(Seed),
            DecisionThreshold = result.GetValue(DecisionThreshold),
            OutputColumn = result.GetValue(StageOptions.OutputColumn),
            Csv = result.Csv(),
        },
        Sensitive = ListOptions.Split(result.GetValue(Sensitive)) ?? [],
        MaxLocalRows = result.GetResult(LocalRows) is null ? ExplanationRequest.DefaultMaxLocalRows : result.GetValue(LocalRows),
        Engine = result.ScoringEngine(),
    };
}
