using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Explanations;

/// <summary>
/// The explain stage: permutation importance of every feature on the evaluation data, and, where the model allows an
/// exact local explainer, how much each feature moves the score overall and per sensitive group. Callers only parse
/// and print.
/// </summary>
public static class ExplanationService
{
    /// <summary>Runs the stage.</summary>
    /// <exception cref="MlOpsException">Bad inputs, model or data (nothing is written by this method).</exception>
    public static ExplanationReport Explain(ExplanationRequest request, IProgress<long>? progress = null)
    {
        Validate(request);
        var model = ModelFile.Open(request.ModelPath!);
        var session = (request.Engine ?? ManagedEngine.Instance).Open(model);
        var options = request.Options;
        var dataPath = request.DataPath!;
        using (var reader = TableReader.Open(dataPath, options.Csv))
        {
            // A missing sensitive column stops the stage before the long importance passes.
            foreach (var column in request.Sensitive)
            {
                reader.ColumnIndex(column);
            }
        }
        var importance = PermutationImportance.Measure(session, model.Path, dataPath, options, progress);
        var positive = options.Metric.NeedsProbability ? options.Positive : null;
        var explainer = LocalExplainers.TryCreate(model, dataPath, positive, options.Csv, out var whyNot);
        var local = explainer is null ? null : LocalContributionSummary.Summarise(explainer, session, dataPath, request.Sensitive,
            importance.Rows, request.MaxLocalRows, options.Seed, options.Csv);
        var data = DataIdentity.Of(dataPath);
        return new ExplanationReport
        {
            ModelSha256 = model.SourceSha256,
            DataFile = data.FileName,
            DataSha256 = data.Sha256,
            Options = options,
            Sensitive = request.Sensitive,
            Importance = importance,
            Local = local,
            LocalNotSupported = explainer is null ? whyNot : null,
        };
    }

    /// <summary>Checks the request's inputs before any work (the CLI runs this as its option validator).</summary>
    /// <exception cref="MlOpsException">No model or data; bad settings.</exception>
    public static void Validate(ExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ModelPath is null)
        {
            throw new MlOpsException("No model was given to explain.", fix: "Name the model to explain (.onnx, ML.NET .zip or .mlpkg).", inputs: [UserInputs.Model]);
        }
        if (request.DataPath is null)
        {
            throw new MlOpsException("No data was given to explain the model on.", fix: "Name the evaluation data (CSV or Parquet) with the model's inputs and the label.",
                inputs: [UserInputs.Data]);
        }
        request.Options.Validate();
        if (request.MaxLocalRows < 1)
        {
            throw new MlOpsException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The number of rows to explain locally must be at least 1 but is {request.MaxLocalRows}."),
                fix: "Give how many rows (at most) the local contributions are summarised over, e.g. 2000.", diagnostic: DiagnosticCatalog.CountLimit,
                inputs: [UserInputs.LocalRows]);
        }
    }
}
