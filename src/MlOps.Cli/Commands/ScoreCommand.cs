using System.CommandLine;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Releases;
using MlOps.Attestations.Trust;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;
using MlOps.Hashing;
using MlOps.Runtime.Engines;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops score --model &lt;onnx|mlpkg&gt; --data &lt;csv&gt; --out &lt;csv&gt;`: scores every row of a CSV file with
/// the managed ONNX evaluator and writes one output row per input row. With <c>--trust</c> only a released artefact
/// scores (docs/cli/score.md). Exit 0 scored, 1 not released (nothing written), 2 bad model, data or usage.
/// </summary>
public static class ScoreCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model: an .onnx file, an ML.NET .zip or an .mlpkg artefact.", Required = true }.Sets(UserInputs.Model);
        var data = new Option<string>("--data") { Description = "The data to score: a CSV file (a header line, then one row per record) or a Parquet file.", Required = true }.Sets(UserInputs.Data);
        var output = new Option<string>("--out") { Description = "The CSV file to write (replaced atomically once every row is scored).", Required = true };
        var batch = new Option<int>("--batch-size")
        {
            Description = $"Rows per model run (1 to {CsvScorer.MaxBatchSize}).",
            DefaultValueFactory = _ => CsvScorer.DefaultBatchSize,
        }.Sets(UserInputs.BatchSize).ValidatedBy(CsvScorer.ValidateBatchSize);
        var trust = new Option<string?>("--trust")
        {
            Description = "A trust file: score only if the .mlpkg has a valid release record signed by a key it trusts (else exit 1, nothing written).",
        }.Sets(UserInputs.TrustFile);
        var command = new Command("score", "Score a CSV file with an ONNX model or .mlpkg artefact (managed evaluator, no native runtime).");
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(batch);
        command.Options.Add(trust);
        command.Options.Add(StageOptions.Engine);
        command.Options.Add(StageOptions.MaxRecordLength);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
            Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(batch), parse.CommandResult.Csv(), parse.GetValue(trust),
                parse.GetValue(StageOptions.Engine))));
        return command;
    }

    private static int Run(string model, string data, string output, int batchSize, CsvReaderOptions csv, string? trustPath, string? engine)
    {
        OutputFolder.Require(output, model, data);
        CsvScorer.ValidateBatchSize(batchSize);
        ModelFile modelFile;
        if (trustPath is null)
        {
            modelFile = ModelFile.Open(model);
        }
        else if (OpenReleased(model, TrustFile.Read(trustPath)) is { } released)
        {
            modelFile = released;
        }
        else
        {
            return ExitCodes.Failed;
        }

        // Progress goes to stderr, and only when a person is watching it.
        var showProgress = Terminal.ShowsProgress;
        var session = ScoringEngines.Open(modelFile, engine);
        var summary = CsvScorer.Score(session, data, output, batchSize, showProgress
            ? rows => Console.Error.Write($"\rscored {rows:N0} rows")
            : null, csv);
        if (showProgress)
        {
            Console.Error.WriteLine();
        }
        Console.Out.WriteLine($"scored {summary.Rows} rows -> {output} ({summary.Columns.Count} columns; {summary.Binding}; engine {session.Engine})");
        return ExitCodes.Passed;
    }

    /// <summary>
    /// Opens the model only if it is a released artefact; otherwise prints every reason and returns null. The file is
    /// hashed before and after it is read, so the model scored is the file the release record is about.
    /// </summary>
    private static ModelFile? OpenReleased(string model, TrustFile trust)
    {
        var before = File.Exists(model) ? Sha256Hex.OfFile(model) : null;
        var modelFile = ModelFile.Open(model);
        if (!modelFile.IsArtefact)
        {
            throw new MlOpsException($"'{model}' is a bare model file, not an .mlpkg artefact; only an artefact carries the attestations a release is recorded in.",
                model, fix: DiagnosticCatalog.ReleaseNeedsArtefact.Fix, diagnostic: DiagnosticCatalog.ReleaseNeedsArtefact, inputs: [UserInputs.Model]);
        }
        var check = ReleaseVerifier.Check(model, before!, trust);
        if (!check.IsReleased)
        {
            Console.Error.WriteLine($"error: {model}: {DiagnosticCatalog.ModelNotReleased.Id}: the model is not released, so nothing was scored:");
            foreach (var reason in check.Reasons)
            {
                Console.Error.WriteLine($"  {reason}");
            }
            Console.Error.WriteLine($"Fix: {DiagnosticCatalog.ModelNotReleased.Fix} ({DiagnosticCatalog.ModelNotReleased.HelpLink})");
            return null;
        }
        if (Sha256Hex.OfFile(model) != before)
        {
            throw new MlOpsException("The artefact changed while it was being read, so it was not scored.", model,
                fix: "Score again once nothing is writing the artefact.", diagnostic: DiagnosticCatalog.ModelNotReleased);
        }
        var record = check.Record!;
        Console.Out.WriteLine($"released: {Path.GetFileName(model)} by {record.Signer.Display} (key {KeyId.Short(record.KeyId)}), release record sha256:{record.Sha256} (line {record.Line})");
        return modelFile;
    }
}
