using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops score --model &lt;onnx|mlpkg&gt; --data &lt;csv&gt; --out &lt;csv&gt;`: scores every row of a CSV file with
/// the managed ONNX evaluator and writes one output row per input row. Exit 0 scored, 2 bad model, data or usage.
/// </summary>
public static class ScoreCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model: an .onnx file or an .mlpkg artefact.", Required = true }.Sets(UserInputs.Model);
        var data = new Option<string>("--data") { Description = "The CSV file to score (a header line, then one row per record).", Required = true }.Sets(UserInputs.Data);
        var output = new Option<string>("--out") { Description = "The CSV file to write (replaced atomically once every row is scored).", Required = true };
        var batch = new Option<int>("--batch-size")
        {
            Description = $"Rows per model run (1 to {CsvScorer.MaxBatchSize}).",
            DefaultValueFactory = _ => CsvScorer.DefaultBatchSize,
        }.Sets(UserInputs.BatchSize).ValidatedBy(CsvScorer.ValidateBatchSize);
        var command = new Command("score", "Score a CSV file with an ONNX model or .mlpkg artefact (managed evaluator, no native runtime).");
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(batch);
        command.Options.Add(StageOptions.MaxRecordLength);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
            Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(batch), parse.CommandResult.Csv())));
        return command;
    }

    private static int Run(string model, string data, string output, int batchSize, CsvReaderOptions csv)
    {
        OutputFolder.Require(output, model, data);
        // Progress goes to stderr, and only when a person is watching it.
        var showProgress = !Console.IsErrorRedirected;
        var summary = CsvScorer.Score(model, data, output, batchSize, showProgress
            ? rows => Console.Error.Write($"\rscored {rows:N0} rows")
            : null, csv);
        if (showProgress)
        {
            Console.Error.WriteLine();
        }
        Console.Out.WriteLine($"scored {summary.Rows} rows -> {output} ({summary.Columns.Count} columns; {summary.Binding})");
        return ExitCodes.Passed;
    }
}
