using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Robustness;

namespace MlOps.Cli.Commands;

/// <summary>`mlops robustness`: prediction stability under perturbation, and the card's monotonic constraints checked.</summary>
public static class RobustnessCommand
{
    private static readonly Option<ulong> Seed = new("--seed") { Description = "The seed of the perturbations.", DefaultValueFactory = _ => 1UL };

    private static readonly Option<string?> Card = new Option<string?>("--card")
    {
        Description = "The card whose 'monotonic' constraints are checked (default: the card an .mlpkg's model carries).",
        HelpName = "file",
    }.Sets(UserInputs.Card);

    private static readonly Option<double> Threshold = new Option<double>("--threshold")
    {
        Description = "Decision threshold: a score at or above it is predicted positive (within [0, 1]).",
        DefaultValueFactory = _ => 0.5,
    }.Sets(UserInputs.DecisionThreshold);

    private static readonly Option<double> Jitter = new Option<double>("--jitter")
    {
        Description = "Numeric features get Gaussian noise of this fraction of their standard deviation.",
        HelpName = "fraction",
        DefaultValueFactory = _ => RobustnessRequest.DefaultJitter,
    }.Sets(UserInputs.Jitter);

    private static readonly Option<int> Steps = new Option<int>("--steps")
    {
        Description = "A monotonic constraint is checked at steps + 1 evenly spaced values across the feature's observed range.",
        DefaultValueFactory = _ => RobustnessRequest.DefaultSteps,
    }.Sets(UserInputs.MonotonicSteps);

    private static readonly Option<double?> MaxFlipRate = new Option<double?>("--max-flip-rate")
    {
        Description = "Fail (exit 1) when any feature's flip rate under jitter or swap exceeds this (default: not checked).",
        HelpName = "rate",
    }.Sets(UserInputs.MaxFlipRate);

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("robustness",
            "Prediction stability under perturbation and the card's monotonic constraints: exit 0 when they hold, 1 when a constraint or --max-flip-rate fails, 2 on bad input.");
        foreach (var o in new Option[] { StageOptions.Model, StageOptions.Data, StageOptions.Label, StageOptions.Positive, StageOptions.OutputColumn,
                     StageOptions.Engine, StageOptions.MaxRecordLength, StageOptions.Out, Seed, Card, Threshold, Jitter, Steps, MaxFlipRate })
        {
            command.Options.Add(o);
        }
        command.ValidateWith(result => RobustnessService.Validate(Request(result)));
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var output = parse.GetValue(StageOptions.Out)!;
            var request = Request(parse.CommandResult);
            OutputFolder.Require(output, request.ModelPath, request.DataPath, request.CardPath);
            RobustnessReport report;
            using (var progress = new StageProgress("robustness"))
            {
                report = RobustnessService.Measure(request, progress);
            }
            RobustnessJson.Write(output, report);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"robustness: largest flip rate {Figures.Show(report.MaxFlipRate)} ({report.MaxFlipRateAt ?? "no feature perturbed"}), when missing {Figures.Show(report.MaxMissingFlipRate)}; {report.Rows} rows"));
            foreach (var m in report.Monotonic)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"monotonic {m.Constraint.Feature} ({MlOps.Governance.Cards.MonotonicConstraint.Word(m.Constraint.Direction)}): {(m.Passed ? "holds" : $"{m.Violations} of {m.Rows} rows violate it")}"));
            }
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    private static RobustnessRequest Request(CommandResult result)
    {
        var model = result.GetValue(StageOptions.Model);
        var data = result.GetValue(StageOptions.Data);
        if (model is null || data is null)
        {
            throw new MlOpsException("The robustness stage perturbs the data and scores it with the model: both are needed.",
                fix: "Give the model and the evaluation data.", inputs: [UserInputs.Model, UserInputs.Data]);
        }
        return new RobustnessRequest
        {
            ModelPath = model,
            DataPath = data,
            Label = result.GetValue(StageOptions.Label)!,
            Positive = result.GetValue(StageOptions.Positive)!,
            OutputColumn = result.GetValue(StageOptions.OutputColumn),
            Engine = result.ScoringEngine(),
            Csv = result.Csv(),
            Seed = result.GetValue(Seed),
            CardPath = result.GetValue(Card),
            // Options left out have no value yet while validators run: their defaults are taken here.
            DecisionThreshold = result.GetResult(Threshold) is null ? 0.5 : result.GetValue(Threshold),
            Jitter = result.GetResult(Jitter) is null ? RobustnessRequest.DefaultJitter : result.GetValue(Jitter),
            Steps = result.GetResult(Steps) is null ? RobustnessRequest.DefaultSteps : result.GetValue(Steps),
            MaxFlipRate = result.GetValue(MaxFlipRate),
        };
    }
}
