using Microsoft.ML;
using MlOps.Diagnostics;
using MlOps.Governance.Models;
using MlOps.Governance.Scoring;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Engines.MlNet;

/// <summary>
/// An ML.NET model loaded for scoring. Inputs are the model's input schema, one tensor per column ([N,1] for a
/// scalar, [N,F] for a vector), so the per-column CSV binding feeds it; a batch runs through the transformer as a data
/// view over the batch's arrays (<see cref="BatchDataView"/>); outputs are the prediction columns ML.NET adds
/// (PredictedLabel, Score, Probability), as ONNX tensors (<see cref="PredictionColumns"/>).
/// </summary>
internal sealed class MlNetSession : IModelSession
{
    private readonly ModelFile _model;
    private readonly ITransformer _transformer;
    private readonly BatchDataView.ColumnSpec[] _columns;
    private readonly PredictionColumns _predictions;

    private MlNetSession(ModelFile model, ITransformer transformer, BatchDataView.ColumnSpec[] columns, PredictionColumns predictions)
    {
        _model = model;
        _transformer = transformer;
        _columns = columns;
        _predictions = predictions;
        Inputs = columns.Select(c => new OnnxValueInfo(c.Name, OnnxTypeInfo.Tensor(c.OnnxType, OnnxDim.Unknown, OnnxDim.Fixed(c.Width)))).ToList();
        Outputs = predictions.Infos;
    }

    /// <inheritdoc />
    public string Engine => MlNetEngine.EngineName;

    /// <inheritdoc />
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <inheritdoc />
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <inheritdoc />
    public string? Metadata(string key) => _model.Metadata(key);

    /// <summary>Loads <paramref name="model"/> with a seeded context (scoring is deterministic; the seed fixes anything random).</summary>
    public static MlNetSession Load(ModelFile model, MlNetModel read)
    {
        var context = new MLContext(seed: 0);
        ITransformer transformer;
        try
        {
            using var stream = new MemoryStream(model.Bytes, writable: false);
            transformer = context.Model.Load(stream, out _);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MlOpsException($"'{model.Source}' is not an ML.NET model this version can read: ML.NET could not load it ({e.Message}).", model.Source,
                fix: "Save the model again with ML.NET 6 (mlContext.Model.Save(model, data.Schema, path)); a model that needs other ML.NET packages (for example LightGbm or FastTree) is loaded only when the tool has them.",
                diagnostic: DiagnosticCatalog.NotAnMlNetModel, inputs: [UserInputs.Model]);
        }
        var columns = read.Inputs.Select(BatchDataView.ColumnSpec.Of).ToArray();
        var predictions = PredictionColumns.Of(transformer.GetOutputSchema(BatchDataView.SchemaOf(columns)), columns, model.Source);
        return new MlNetSession(model, transformer, columns, predictions);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Keys.FirstOrDefault(k => _columns.All(c => c.Name != k)) is { } unknown)
        {
            throw new MlOpsException($"The ML.NET model has no input '{unknown}'; its inputs are {string.Join(", ", _columns.Select(c => $"'{c.Name}'"))}.", _model.Source,
                fix: "Give the model exactly the columns of its input schema.");
        }
        var view = BatchDataView.Of(_columns, inputs, _model.Source);
        try
        {
            return _predictions.Read(_transformer.Transform(view), view.Rows);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new MlOpsException($"ML.NET could not score the batch with '{_model.Source}': {e.Message}", _model.Source,
                fix: "Check that the data's values fit the model's input schema.");
        }
    }
}
