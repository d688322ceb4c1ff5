using System.CommandLine;
using System.Globalization;
using MlOps.Hashing;
using MlOps.Governance.Fairness;
using MlOps.Governance.Scoring;

namespace MlOps.Cli.Commands;

/// <summary>`mlops fairness`: per-group rates and between-group fairness metrics (Fairlearn's definitions).</summary>
public static class FairnessCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "The model (.onnx or .mlpkg): scores --data, or stamps --predictions with its digest." };
        var data = new Option<string?>("--data") { Description = "Evaluation data to score with --model (CSV with the model's inputs, the label and the sensitive columns)." };
        var predictions = new Option<string?>("--predictions") { Description = "A CSV with the label, the prediction (or score) and the sensitive columns." };
        var label = new Option<string>("--label") { Description = "The true-label column.", Required = true };
        var sensitive = new Option<string[]>("--sensitive")
        {
            Description = "Sensitive columns, comma-separated or repeated; their intersections are reported too (key a&b).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var prediction = new Option<string>("--prediction") { Description = "The predicted-label column.", DefaultValueFactory = _ => "prediction" };
        var score = new Option<string?>("--score") { Description = "A probability column; used (score >= --threshold) when there is no prediction column." };
        var threshold = new Option<double>("--threshold") { Description = "Decision threshold for --score.", DefaultValueFactory = _ => 0.5 };
        var positive = new Option<string>("--positive") { Description = "The positive label.", DefaultValueFactory = _ => "1" };
        var privileged = new Option<string[]>("--privileged")
        {
            Description = "Privileged group per feature, <column>=<value>, comma-separated or repeated (default: the group with the highest selection rate).",
            AllowMultipleArgumentsPerToken = true,
        };
        var minGroup = new Option<int>("--min-group-size") { Description = "Groups smaller than this are flagged smallGroup.", DefaultValueFactory = _ => 30 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap replicates for confidence intervals (0: none).", DefaultValueFactory = _ => 200 };
        var seed = new Option<ulong>("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => 42UL };
        var outputColumn = new Option<string?>("--output-column") { Description = "With --model: the model output column that holds the positive-class probability (default: detected)." };
        var output = new Option<string>("--out") { Description = "Where to write the fairness evidence JSON.", Required = true };
        var command = new Command("fairness", "Fairness per sensitive feature and intersection: exit 0 when every feature meets the four-fifths rule, 1 when not, 2 on bad input.");
        foreach (var o in new Option[] { model, data, predictions, label, sensitive, prediction, score, threshold, positive, privileged, minGroup, bootstrap, seed, outputColumn, output })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var options = new FairnessOptions
            {
                Label = parse.GetValue(label)!,
                Sensitive = CliLists.Split(parse.GetValue(sensitive)) ?? throw new MlOpsException("--sensitive names no column.", fix: "Pass --sensitive <column>[,<column>...]."),
                Prediction = parse.GetValue(prediction)!,
                Score = parse.GetValue(score),
                Threshold = OptionChecks.Finite("--threshold", parse.GetValue(threshold)),
                Positive = parse.GetValue(positive)!,
                Privileged = ParsePrivileged(CliLists.Split(parse.GetValue(privileged))),
                MinGroupSize = OptionChecks.AtLeast("--min-group-size", parse.GetValue(minGroup), 0),
                BootstrapReplicates = OptionChecks.AtLeast("--bootstrap", parse.GetValue(bootstrap), 0),
                Seed = parse.GetValue(seed),
            };
            foreach (var key in options.Privileged.Keys)
            {
                if (!options.Sensitive.Contains(key))
                {
                    throw new MlOpsException($"--privileged names column '{key}', which is not a --sensitive column.", fix: $"Add '{key}' to --sensitive or drop it from --privileged.");
                }
            }
            var predictionsPath = parse.GetValue(predictions);
            var modelPath = parse.GetValue(model);
            var dataPath = parse.GetValue(data);
            if ((predictionsPath is null) == (dataPath is null))
            {
                throw new MlOpsException("Pass either --predictions <csv>, or --model <m> with --data <csv>.",
                    fix: "Use --predictions for a CSV that already holds predictions; use --model and --data to score the data first.");
            }
            if (dataPath is not null && modelPath is null)
            {
                throw new MlOpsException("--data needs --model to score it.", fix: "Add --model <onnx|mlpkg>, or pass --predictions instead.");
            }
            OutputFolder.Require(parse.GetValue(output)!, modelPath, dataPath, predictionsPath);
            string? modelSha = modelPath is null ? null : ModelFile.DigestOf(modelPath);
            FairnessReport report;
            using (var progress = new StageProgress("fairness"))
            {
                if (predictionsPath is not null)
                {
                    report = FairnessAnalyzer.AnalyzeCsv(predictionsPath, options, progress);
                }
                else
                {
                    var outFolder = Path.GetDirectoryName(Path.GetFullPath(parse.GetValue(output)!))!;
                    using var scored = ScoredData.Create(modelPath!, dataPath!, [options.Label, .. options.Sensitive], options.Positive,
                        parse.GetValue(outputColumn), outFolder, rows => progress.Report(rows));
                    report = scored.Analyze(path => FairnessAnalyzer.AnalyzeCsv(path, options with { Prediction = "\0none", Score = ScoredData.ScoreColumn }, progress));
                    // The evidence names the data the user gave (name and sha256) and the model output used, never
                    // the temporary join: its name is random, so the bytes would change on every run.
                    report = report.About(Path.GetFileName(dataPath!), Sha256Hex.OfFile(dataPath!), string.Create(CultureInfo.InvariantCulture,
                        $"model output {scored.ModelOutputColumn} >= {options.Threshold:R}"));
                }
            }
            FairnessJson.Write(parse.GetValue(output)!, report, modelSha);
            foreach (var f in report.Features.Where(f => f.Columns.Count == 1))
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fairness {f.Feature}: demographic parity ratio {Show(f.DemographicParityRatio)}, disparate impact ratio {Show(f.DisparateImpactRatio)} (privileged '{f.PrivilegedGroup}'), equalized odds difference {Show(f.EqualizedOddsDifference)}"));
            }
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    private static string Show(double x) => double.IsNaN(x) ? "undefined" : x.ToString("0.####", CultureInfo.InvariantCulture);

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
