using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.DataQuality;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;

namespace MlOps.Cli.Commands;

/// <summary>`mlops data check`: the data set against the model's inputs and the training data (docs/cli/data.md).</summary>
public static class DataCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create()
    {
        var command = new Command("data", "Check a data set against the model's inputs and the training data.");
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    private static Command CreateCheck()
    {
        var data = new Option<string?>("--data") { Description = "The data set to check (CSV or Parquet).", HelpName = "csv" }.Sets(UserInputs.Data);
        var baseline = new Option<string?>("--baseline") { Description = "The drift-baseline evidence of the training data (training ranges and categories).", HelpName = "json" }.Sets(UserInputs.Baseline);
        var training = new Option<string?>("--training") { Description = "The training data: rows of --data that also occur in it are leakage.", HelpName = "csv" }.Sets(UserInputs.TrainingData);
        var label = new Option<string?>("--label") { Description = "The label column: its missing values and its class balance are checked.", HelpName = "column" }.Sets(UserInputs.LabelColumn);
        var thresholds = new Option<string[]>("--threshold")
        {
            Description = $"A threshold as key=value, repeated ({DataQualityRules.KeyList}); e.g. maxMissingRate=0.1.",
            HelpName = "key=value",
        }.Sets(UserInputs.MetricThresholds);
        var rowHashes = new Option<string?>("--row-hashes")
        {
            Description = "For a shard: also write its distinct row fingerprints to this file (beside --out), so --merge counts duplicates across shards exactly.",
            HelpName = "file",
        };
        var merge = new Option<string[]>("--merge")
        {
            Description = "Instead of checking data: merge the data-quality evidence of shards (each written with --row-hashes).",
            HelpName = "json",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("check", "Check a data set: schema, types, missing values, ranges, categories, duplicates, constant columns, label balance, leakage. Exit 0: every check passed; 1: one failed; 2: bad input.");
        foreach (var option in new Option[] { data, StageOptions.Model, baseline, training, label, thresholds, rowHashes, merge, StageOptions.MaxRecordLength, StageOptions.Out })
        {
            command.Options.Add(option);
        }
        command.Validators.Add(result =>
        {
            var merging = result.GetValue(merge) is { Length: > 0 };
            var checking = new Option[] { data, StageOptions.Model, baseline, training, label, thresholds, rowHashes }.Where(o => result.GetResult(o) is not null).Select(o => o.Name).ToList();
            if (merging && checking.Count > 0)
            {
                result.AddError($"--merge combines evidence the shards already wrote; {string.Join(", ", checking)} apply to checking one data set. Fix: Drop them, or drop --merge.");
            }
            if (!merging)
            {
                foreach (var needed in new Option[] { data, StageOptions.Model, baseline })
                {
                    if (result.GetResult(needed) is null)
                    {
                        result.AddError($"{needed.Name} is required to check a data set. Fix: Pass {needed.Name}, or --merge with shard evidence files.");
                    }
                }
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var output = parse.GetValue(StageOptions.Out)!;
            DataQualityReport report;
            RowHashesReference? sidecar = null;
            if (parse.GetValue(merge) is { Length: > 0 } parts)
            {
                OutputFolder.Require(output, parts);
                report = DataQualityMerge.Merge(parts);
            }
            else
            {
                var hashes = parse.GetValue(rowHashes);
                OutputFolder.Require(output, parse.GetValue(data), parse.GetValue(StageOptions.Model), parse.GetValue(baseline), parse.GetValue(training), hashes);
                if (hashes is not null)
                {
                    var folder = OutputFolder.Require(hashes, parse.GetValue(data), parse.GetValue(StageOptions.Model), parse.GetValue(baseline), parse.GetValue(training), output);
                    if (folder != Path.GetDirectoryName(Path.GetFullPath(output)))
                    {
                        throw new MlOpsException($"The row hashes '{hashes}' must be written beside the evidence '{output}': the evidence names them by file name.", hashes,
                            fix: "Write the row hashes into the folder of the evidence file.");
                    }
                }
                var request = new DataQualityRequest
                {
                    DataPath = parse.GetValue(data)!,
                    Model = ModelFile.Open(parse.GetValue(StageOptions.Model)!),
                    BaselinePath = parse.GetValue(baseline)!,
                    TrainingPath = parse.GetValue(training),
                    Label = parse.GetValue(label),
                    Thresholds = DataQualityThresholds.Default.With(parse.GetValue(thresholds) ?? []),
                    Csv = parse.CommandResult.Csv(),
                };
                using var progress = new StageProgress("data check");
                var pass = DataQualityChecker.Check(request, progress);
                progress.Done();
                report = DataQualityReport.Of(pass.Profile);
                if (hashes is not null)
                {
                    sidecar = RowHashesFile.Write(hashes, pass.RowHashes);
                }
            }
            EvidenceDocument.Write(output, DataQualityJson.ToJson(report, sidecar));
            var failed = report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id} {Figures.Show(c.Value)}{(c.Column is null ? "" : $" ({c.Column})")}").ToList();
            Console.Out.WriteLine($"data check: {report.Checks.Count - failed.Count} of {report.Checks.Count} checks passed on {report.Profile.Rows} rows" +
                (failed.Count > 0 ? $"; failed: {string.Join(", ", failed)}" : "") + $" -> {output}");
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }
}
