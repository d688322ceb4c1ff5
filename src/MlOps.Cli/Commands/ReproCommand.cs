using System.CommandLine;
using MlOps.Cli.Shell;
using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Reproducibility;

namespace MlOps.Cli.Commands;

/// <summary>`mlops repro`: compare a rebuilt artefact or retrained model with the original.</summary>
public static class ReproCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var baseline = new Option<string>("--baseline") { Description = "The original (.mlpkg or .onnx): the model the evidence is about.", Required = true };
        var candidate = new Option<string>("--candidate") { Description = "The rebuilt artefact or retrained model (.mlpkg or .onnx).", Required = true };
        var data = new Option<string?>("--data") { Description = "Evaluation data (CSV or Parquet): compare both models' predictions on it." }.Sets(UserInputs.Data);
        var tolerance = new Option<double>("--tolerance") { Description = "The largest prediction difference accepted when the models are not bit-identical.", DefaultValueFactory = _ => 1e-6 }.Sets(UserInputs.Tolerance).MustBeFinite();
        var output = new Option<string>("--out") { Description = "Where to write the reproducibility evidence JSON.", Required = true };
        var command = new Command("repro", "Reproducibility: artefact digests equal? model hashes equal? predictions within tolerance? Exit 0 reproducible, 1 not, 2 bad input.");
        foreach (var o in new Option[] { baseline, candidate, data, tolerance, output })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var outPath = parse.GetValue(output)!;
            var work = OutputFolder.Require(outPath, parse.GetValue(baseline), parse.GetValue(candidate), parse.GetValue(data));
            var report = ReproducibilityCheck.Compare(parse.GetValue(baseline)!, parse.GetValue(candidate)!, parse.GetValue(data), parse.GetValue(tolerance), work);
            EvidenceDocument.Write(outPath, ReproducibilityCheck.ToJson(report));
            var line = $"repro: artefact digests equal: {Word(report.ArtefactDigestsEqual)}; model hashes equal: {Word(report.ModelHashesEqual)}";
            if (report.Predictions is { } p)
            {
                line += string.Create(CultureInfo.InvariantCulture,
                    $"; max prediction difference {p.MaxAbsoluteDifference:R} (tolerance {p.Tolerance:R}, {p.Rows} rows{(p.TextMismatches > 0 ? $", {p.TextMismatches} label mismatches" : "")})");
            }
            Console.Out.WriteLine(line + $" -> {(report.Passed ? "reproducible" : "NOT reproducible")}");
            return report.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    private static string Word(bool? value) => value switch { true => "yes", false => "no", null => "n/a" };
}
