using System.CommandLine;
using MlOps.Cli.Shell;
using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Drift;

namespace MlOps.Cli.Commands;

/// <summary>`mlops drift baseline|compare`: profile training data; test new data against the profile.</summary>
public static class DriftCommand
{
    /// <summary>Creates the command with its two subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("drift", "Profile training data into a drift baseline, or test new data against one.");
        command.Subcommands.Add(CreateBaseline());
        command.Subcommands.Add(CreateCompare());
        return command;
    }

    private static Command CreateBaseline()
    {
        var data = new Option<string>("--data") { Description = "The training data (CSV with a header line, or Parquet). Required unless --merge.", }.Sets(UserInputs.Data);
        var merge = new Option<string[]>("--merge")
        {
            Description = "Instead of profiling: merge drift baselines profiled per shard of one data set (counts and exact histograms add up to the one-pass result; digests state their rank error).",
            HelpName = "part.json",
            AllowMultipleArgumentsPerToken = true,
        }.Sets(UserInputs.EvidenceParts);
        var columns = new Option<string[]>("--columns")
        {
            Description = "Columns to profile, comma-separated or repeated (default: every column).",
            AllowMultipleArgumentsPerToken = true,
        }.Sets(UserInputs.ProfiledColumns);
        var categorical = new Option<string[]>("--categorical")
        {
            Description = "Columns to treat as categories even though their values are numbers (comma-separated or repeated).",
            AllowMultipleArgumentsPerToken = true,
        }.Sets(UserInputs.CategoricalColumns);
        var output = new Option<string>("--out") { Description = "Where to write the drift-baseline evidence JSON.", Required = true };
        var command = new Command("baseline", "Profile a data set (numeric: count, missing, mean, std, min, max, a quantile summary; categorical: frequencies).");
        command.Options.Add(data);
        command.Options.Add(columns);
        command.Options.Add(categorical);
        command.Options.Add(StageOptions.MaxRecordLength);
        command.Options.Add(merge);
        command.Options.Add(output);
        command.ValidateWith(result =>
        {
            if (result.GetResult(merge) is not null)
            {
                MergeOptions.RefuseAllBut(result, merge, output);
            }
            else
            {
                MergeOptions.Require(result, data);
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            if (parse.CommandResult.GetResult(merge) is not null)
            {
                var parts = parse.GetValue(merge) ?? [];
                OutputFolder.Require(parse.GetValue(output)!, parts);
                var merged = DriftBaselineMerge.Merge(parts);
                DriftBaselineJson.Write(parse.GetValue(output)!, merged);
                Console.Out.WriteLine($"drift baseline: merged {parts.Length} parts ({merged.Shards!.Count} shards, {merged.Rows} rows, {merged.Features.Count} features) -> {parse.GetValue(output)}");
                return ExitCodes.Passed;
            }
            var options = new DriftBaselineOptions
            {
                Columns = ListOptions.Split(parse.GetValue(columns)),
                Categorical = ListOptions.Split(parse.GetValue(categorical)) ?? [],
                Csv = parse.CommandResult.Csv(),
            };
            OutputFolder.Require(parse.GetValue(output)!, parse.GetValue(data));
            using var progress = new StageProgress("drift baseline");
            var baseline = DriftBaselineBuilder.Build(parse.GetValue(data)!, options, progress);
            progress.Done();
            DriftBaselineJson.Write(parse.GetValue(output)!, baseline);
            Console.Out.WriteLine($"drift baseline: {baseline.Features.Count} features from {baseline.Rows} rows -> {parse.GetValue(output)}");
            return ExitCodes.Passed;
        }));
        return command;
    }

    private static Command CreateCompare()
    {
        var baselineOption = new Option<string>("--baseline") { Description = "The drift-baseline JSON, or an artefact (.mlpkg) that contains one.", Required = true }.Sets(UserInputs.Baseline);
        var data = new Option<string>("--data") { Description = "The new data (CSV or Parquet, with the baseline's columns).", Required = true }.Sets(UserInputs.Data);
        var output = new Option<string>("--out") { Description = "Where to write the drift-report evidence JSON.", Required = true };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report with a histogram per feature." };
        var command = new Command("compare", "Test new data against a drift baseline. Exit 0: no dataset drift; 1: dataset drift; 2: bad input.");
        command.Options.Add(baselineOption);
        command.Options.Add(data);
        command.Options.Add(StageOptions.MaxRecordLength);
        command.Options.Add(output);
        command.Options.Add(html);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            // Both outputs are checked before the work: a bad --html must not leave a fresh --out behind.
            OutputFolder.Require(parse.GetValue(output)!, parse.GetValue(baselineOption), parse.GetValue(data), parse.GetValue(html));
            if (parse.GetValue(html) is { } htmlOut)
            {
                OutputFolder.Require(htmlOut, parse.GetValue(baselineOption), parse.GetValue(data));
            }
            var baseline = DriftBaselineJson.Read(parse.GetValue(baselineOption)!);
            using var progress = new StageProgress("drift compare");
            var report = DriftComparer.Compare(baseline, parse.GetValue(data)!, progress, parse.CommandResult.Csv());
            progress.Done();
            DriftReportJson.Write(parse.GetValue(output)!, report);
            if (parse.GetValue(html) is { } htmlPath)
            {
                DriftHtmlReport.Write(htmlPath, report);
            }
            var drifted = report.Features.Where(f => f.Drifted).Select(f => f.Name).ToList();
            Console.Out.WriteLine(
                $"drift: {report.DriftedCount} of {report.Features.Count} features drifted (share {report.DriftedShare.ToString("0.###", CultureInfo.InvariantCulture)})" +
                (drifted.Count > 0 ? $": {string.Join(", ", drifted)}" : "") +
                $"; dataset drift: {(report.DatasetDrift ? "yes" : "no")}");
            return report.DatasetDrift ? ExitCodes.Failed : ExitCodes.Passed;
        }));
        return command;
    }
}
