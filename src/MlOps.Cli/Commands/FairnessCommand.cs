using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Fairness;

namespace MlOps.Cli.Commands;

/// <summary>`mlops fairness`: per-group rates and between-group fairness metrics (Fairlearn's definitions).</summary>
public static class FairnessCommand
{
    private static readonly Option<string[]> Sensitive = new Option<string[]>("--sensitive")
    {
        Description = "Sensitive columns, comma-separated or repeated; their intersections are reported too (key a&b). Required unless --merge.",
        HelpName = "column",
        AllowMultipleArgumentsPerToken = true,
    }.Sets(UserInputs.SensitiveColumns);

    private static readonly Option<string> Prediction = new Option<string>("--prediction")
    {
        Description = "With --predictions: the predicted-label column.",
        HelpName = "column",
        DefaultValueFactory = _ => "prediction",
    }.Sets(UserInputs.PredictionColumn);

    private static readonly Option<string?> Score = new Option<string?>("--score")
    {
        Description = "With --predictions: a probability column; used (score >= --threshold) when there is no prediction column.",
        HelpName = "column",
    }.Sets(UserInputs.ScoreColumn);

    private static readonly Option<double> Threshold = new Option<double>("--threshold")
    {
        Description = "Decision threshold for --score and for the model's output (within [0, 1]).",
        DefaultValueFactory = _ => 0.5,
    }.Sets(UserInputs.DecisionThreshold);

    private static readonly Option<string[]> Privileged = new Option<string[]>("--privileged")
    {
        Description = "Privileged group per feature, <column>=<value>, comma-separated or repeated (default: the group with the highest selection rate).",
        HelpName = "column=value",
        AllowMultipleArgumentsPerToken = true,
    }.Sets(UserInputs.PrivilegedGroups);

    private static readonly Option<int> MinGroupSize = new Option<int>("--min-group-size")
    {
        Description = "Groups smaller than this are flagged smallGroup.",
        DefaultValueFactory = _ => 30,
    }.MustBeAtLeast(0);

    private static readonly Option<int> Bootstrap = new Option<int>("--bootstrap")
    {
        Description = $"Bootstrap replicates for confidence intervals (0: none; at most {FairnessOptions.MaxBootstrapReplicates}).",
        DefaultValueFactory = _ => 200,
    }.Sets(UserInputs.BootstrapReplicates);

    private static readonly Option<string> Task = new Option<string>("--task")
    {
        Description = "classification (binary), multiclass (per-class one-vs-rest rates) or regression (errors per group).",
        DefaultValueFactory = _ => "classification",
    }.AcceptOnlyFromAmong("classification", "multiclass", "regression");

    private static readonly Option<ulong> Seed = new("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => 42UL };

    private static readonly Option<string[]> Merge = new Option<string[]>("--merge")
    {
        Description = "Instead of measuring: merge fairness evidence computed per shard of one data set (the cells add up; the result equals one pass over all rows).",
        HelpName = "part.json",
        AllowMultipleArgumentsPerToken = true,
    }.Sets(UserInputs.EvidenceParts);

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("fairness", "Fairness per sensitive feature and intersection: exit 0 when every feature meets the four-fifths rule, 1 when not, 2 on bad input.");
        command.AddModelOrPredictionsOptions(merges: true);
        foreach (var o in new Option[] { Task, Sensitive, Prediction, Score, Threshold, Privileged, MinGroupSize, Bootstrap, Seed, Merge })
        {
            command.Options.Add(o);
        }
        command.ValidateWith(result =>
        {
            if (Merging(result))
            {
                MergeOptions.RefuseAllBut(result, Merge, StageOptions.Out);
                return;
            }
            MergeOptions.Require(result, StageOptions.LabelUnlessMerging, Sensitive);
            FairnessService.Validate(Request(result, "."));
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var output = parse.GetValue(StageOptions.Out)!;
            if (Merging(parse.CommandResult))
            {
                var parts = parse.GetValue(Merge) ?? [];
                OutputFolder.Require(output, [.. parts]);
                var merged = FairnessMerge.Merge(parts);
                FairnessMerge.Write(output, merged);
                Console.Out.WriteLine($"fairness: merged {parts.Length} parts ({merged.Shards.Count} shards, {merged.Report.Rows} rows) -> {output}");
                return merged.Report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
            }
            var inputs = parse.CommandResult.StageData();
            var work = OutputFolder.Require(output, inputs.ModelPath, inputs.DataPath, inputs.PredictionsPath);
            FairnessReport report;
            using (var progress = new StageProgress("fairness"))
            {
                report = FairnessService.Measure(Request(parse.CommandResult, work), progress);
            }
            FairnessJson.Write(output, report);
            foreach (var f in report.Features.Where(f => f.Columns.Count == 1))
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fairness {f.Feature}: demographic parity ratio {Figures.Show(f.DemographicParityRatio)}, disparate impact ratio {Figures.Show(f.DisparateImpactRatio)} (privileged '{f.PrivilegedGroup}'), equalized odds difference {Figures.Show(f.EqualizedOddsDifference)}"));
            }
            foreach (var (c, features) in report.PerClass?.ByClass ?? new Dictionary<string, IReadOnlyList<FeatureFairness>>())
            {
                Console.Out.WriteLine($"fairness class {c}: " + string.Join("; ", features.Select(f =>
                    $"{f.Feature} disparate impact ratio {Figures.Show(f.DisparateImpactRatio)}, equalized odds difference {Figures.Show(f.EqualizedOddsDifference)}")));
            }
            foreach (var f in report.Regression?.Features ?? [])
            {
                Console.Out.WriteLine($"fairness {f.Feature}: MAE ratio {Figures.Show(f.MaeRatio)}, RMSE ratio {Figures.Show(f.RmseRatio)}, mean residual difference {Figures.Show(f.MeanResidualDifference)}");
            }
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    private static bool Merging(CommandResult result) => result.GetResult(Merge) is not null;

    private static FairnessRequest Request(CommandResult result, string work) => new()
    {
        Inputs = result.StageData(),
        Options = new FairnessOptions
        {
            Label = result.GetValue(StageOptions.LabelUnlessMerging)!,
            Task = result.GetValue(Task) switch
            {
                "multiclass" => FairnessTask.Multiclass,
                "regression" => FairnessTask.Regression,
                _ => FairnessTask.Classification,
            },
            Sensitive = ListOptions.Split(result.GetValue(Sensitive)) ?? [],
            Prediction = result.GetValue(Prediction)!,
            Score = result.GetValue(Score),
            Threshold = result.GetValue(Threshold),
            Positive = result.GetValue(StageOptions.Positive)!,
            Privileged = ParsePrivileged(ListOptions.Split(result.GetValue(Privileged))),
            MinGroupSize = result.GetValue(MinGroupSize),
            BootstrapReplicates = result.GetValue(Bootstrap),
            Seed = result.GetValue(Seed),
            Csv = result.Csv(),
        },
        OutputColumn = result.GetValue(StageOptions.OutputColumn),
        WorkFolder = work,
        Engine = result.ScoringEngine(),
    };

    private static Dictionary<string, string> ParsePrivileged(IReadOnlyList<string>? items)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw new MlOpsException($"--privileged '{item}' is not <column>=<value>.", fix: "Write it as --privileged sex=male (one per feature, comma-separated).");
            }
            map[item[..eq]] = item[(eq + 1)..];
        }
        return map;
    }
}
