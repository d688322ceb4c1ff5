using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;
using MlOps.Runtime.Engines;

namespace MlOps.Cli.Commands;

/// <summary>
/// The options the evidence stages share, defined once (as dotnet-format's FormatCommandCommon does): the same
/// name, meaning, help text and default wherever they appear, and each bound to the setting library messages call it.
/// </summary>
internal static class StageOptions
{
    public static readonly Option<string?> Model = new Option<string?>("--model")
    {
        Description = "The model (.onnx, an ML.NET .zip or .mlpkg): scores --data, or stamps --predictions with its digest.",
        HelpName = "file",
    }.Sets(UserInputs.Model);

    public static readonly Option<string?> Data = new Option<string?>("--data")
    {
        Description = "Data to score with --model (CSV or Parquet, with the model's inputs and the columns the stage needs).",
        HelpName = "csv",
    }.Sets(UserInputs.Data);

    public static readonly Option<string?> Predictions = new Option<string?>("--predictions")
    {
        Description = "Instead of scoring: a CSV or Parquet file that already holds the label and the model's prediction or score.",
        HelpName = "csv",
    }.Sets(UserInputs.Predictions);

    public static readonly Option<string> Label = new Option<string>("--label")
    {
        Description = "The true-label column.",
        HelpName = "column",
        Required = true,
    }.Sets(UserInputs.LabelColumn);

    /// <summary>--label for a command that can also merge parts (<c>--merge</c>), where the parts name the label.</summary>
    public static readonly Option<string?> LabelUnlessMerging = new Option<string?>("--label")
    {
        Description = "The true-label column (required unless --merge).",
        HelpName = "column",
    }.Sets(UserInputs.LabelColumn);

    public static readonly Option<string> Positive = new Option<string>("--positive")
    {
        Description = "Classification: the positive (favourable) label; numbers compare by value.",
        HelpName = "value",
        DefaultValueFactory = _ => "1",
    }.Sets(UserInputs.PositiveLabel);

    public static readonly Option<string?> OutputColumn = new Option<string?>("--output-column")
    {
        Description = "With --model: the model output that holds the positive class's probability (default: detected).",
        HelpName = "name",
    }.Sets(UserInputs.ModelOutputColumn);

    public static readonly Option<string?> Engine = new Option<string?>("--engine")
    {
        Description = $"With --model: the engine that scores ({string.Join(", ", ScoringEngines.Names)}; default: the managed evaluator for ONNX, mlnet for an ML.NET model).",
        HelpName = "name",
    }.Sets(UserInputs.Engine).AcceptOnlyFromAmong([.. ScoringEngines.Names]);

    /// <summary>The engine the command was given, else each model's default (ML.NET for an ML.NET model, the managed evaluator for ONNX).</summary>
    public static IScoringEngine ScoringEngine(this System.CommandLine.Parsing.CommandResult result) =>
        ScoringEngines.Choosing(result.GetValue(Engine));

    public static readonly Option<int> MaxRecordLength = new Option<int>("--max-record-length")
    {
        Description = "The longest CSV record read, in characters (a longer one is an error naming its line; bounds memory).",
        HelpName = "chars",
        DefaultValueFactory = _ => CsvReaderOptions.DefaultMaxRecordLength,
    }.Sets(UserInputs.MaxRecordLength).ValidatedBy(chars => Csv(chars).Validate());

    /// <summary>The CSV reader's limits for a --max-record-length value.</summary>
    public static CsvReaderOptions Csv(int maxRecordLength) => new() { MaxRecordLength = maxRecordLength };

    /// <summary>The CSV reader's limits the command was given.</summary>
    /// <remarks>An option left out has no value yet while command validators run (it reads as 0), so the default is taken here.</remarks>
    public static CsvReaderOptions Csv(this System.CommandLine.Parsing.CommandResult result) =>
        result.GetResult(MaxRecordLength) is null ? CsvReaderOptions.Default : Csv(result.GetValue(MaxRecordLength));

    public static readonly Option<string> Out = new("--out")
    {
        Description = "Where to write the evidence JSON (replaced atomically once the stage is done).",
        HelpName = "json",
        Required = true,
    };

    /// <summary>Adds --model, --data, --predictions, --label, --positive, --output-column, --engine, --max-record-length and --out.</summary>
    public static void AddModelOrPredictionsOptions(this Command command, bool merges = false)
    {
        foreach (var option in new Option[] { Model, Data, Predictions, merges ? LabelUnlessMerging : (Option)Label, Positive, OutputColumn, Engine, MaxRecordLength, Out })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The stage's model, data and predictions as given.</summary>
    public static StageData StageData(this System.CommandLine.Parsing.CommandResult result) =>
        new(result.GetValue(Model), result.GetValue(Data), result.GetValue(Predictions));
}
