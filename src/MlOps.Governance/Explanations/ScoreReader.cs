using MlOps.Diagnostics;
using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Explanations;

/// <summary>Reads one model output column (the score) out of a batch's outputs, row by row, as numbers.</summary>
internal sealed class ScoreReader
{
    private readonly string _output;
    private readonly int _offset;
    private readonly int _width;

    private ScoreReader(string column, string output, int offset, int width)
    {
        Column = column;
        _output = output;
        _offset = offset;
        _width = width;
    }

    /// <summary>The output column read, as <c>mlops score</c> names it (e.g. <c>probabilities[1]</c>).</summary>
    public string Column { get; }

    /// <summary>
    /// The reader of the score column: <paramref name="outputColumn"/> when given, else the positive class's
    /// probability (or a regressor's only output) as the other stages choose it.
    /// </summary>
    /// <exception cref="MlOpsException">No such output column; or the metric needs a probability and the column holds no numbers.</exception>
    public static ScoreReader Create(IReadOnlyDictionary<string, OnnxValue> outputs, IModelSession session, string? outputColumn, string? positive,
        ImportanceMetric metric, string modelPath)
    {
        var columns = OutputColumns.From(outputs, session.Outputs.Select(o => o.Name));
        var available = string.Join(", ", columns.Names.Select(n => $"'{n}'"));
        string column;
        if (outputColumn is not null)
        {
            column = outputColumn;
        }
        else if (metric.NeedsProbability && !columns.Names.Any(IsNumberColumn(outputs, columns)))
        {
            throw NoProbability(metric, modelPath, null, $"the model's output columns are {available}");
        }
        else
        {
            column = ScoredData.ChooseScoreColumn(columns.Names, positive, modelPath);
        }
        if (columns.Locate(column) is not { } cell)
        {
            throw new MlOpsException($"The model has no output column '{column}'; its output columns are {available}.", modelPath,
                fix: "Name one of the model's output columns as the score.", inputs: [UserInputs.ModelOutputColumn]);
        }
        var numeric = outputs[cell.Output] is MapSequence or Tensor<float> or Tensor<double> ||
            (!metric.NeedsProbability && outputs[cell.Output] is Tensor<long> or Tensor<int>);
        if (!numeric)
        {
            throw metric.NeedsProbability
                ? NoProbability(metric, modelPath, column, $"the model's output columns are {available}")
                : new MlOpsException($"The model output '{column}' holds no numbers, so its {metric.Name} cannot be measured.", modelPath,
                    fix: "Name the model output that holds the prediction.", inputs: [UserInputs.ModelOutputColumn]);
        }
        return new ScoreReader(column, cell.Output, cell.Offset, cell.Width);
    }

    private static Func<string, bool> IsNumberColumn(IReadOnlyDictionary<string, OnnxValue> outputs, OutputColumns columns) =>
        name => columns.Locate(name) is { } cell && outputs[cell.Output] is MapSequence or Tensor<float> or Tensor<double>;

    /// <summary>The error for a model (or a chosen output) without the probability the metric reads.</summary>
    /// <param name="metric">The metric that needs the probability.</param>
    /// <param name="modelPath">The model, for the message.</param>
    /// <param name="column">The output column that is no probability; null when the model has none at all.</param>
    /// <param name="detail">What was seen: the output columns, or the value that is no probability.</param>
    public static MlOpsException NoProbability(ImportanceMetric metric, string modelPath, string? column, string detail) => new(
        (column is null ? "The model has no probability output" : $"The model output '{column}' is not a probability")
        + $" ({detail}), and {metric.Name} is measured on the positive class's probability.",
        modelPath,
        fix: $"Explain a classifier that outputs class probabilities, or name its probability output; for a regressor measure importance in {ImportanceMetric.Rmse.Name}.",
        diagnostic: DiagnosticCatalog.MetricNeedsProbability, inputs: [UserInputs.ModelOutputColumn, UserInputs.ImportanceMetric]);

    /// <summary>Copies the score of each of <paramref name="rows"/> rows into <paramref name="target"/>.</summary>
    public void Read(IReadOnlyDictionary<string, OnnxValue> outputs, int rows, Span<double> target) =>
        OutputColumns.CopyNumbers(outputs[_output], Column, _offset, _width, rows, target);
}
