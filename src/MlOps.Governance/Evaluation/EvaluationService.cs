using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;
using MlOps.Governance.Statistics;

namespace MlOps.Governance.Evaluation;

/// <summary>
/// The evaluation stage: scores the evaluation data with the model (or reads a predictions file), computes the
/// metrics, checks the thresholds (against a champion scored on the same data when one is given) and returns the
/// report naming the model and the data the user gave. Callers only parse their options and print.
/// </summary>
public static class EvaluationService
{
    /// <summary>Runs the stage.</summary>
    /// <exception cref="MlOpsException">Bad inputs, models or data (nothing is written by this method).</exception>
    public static EvaluationReport Evaluate(EvaluationRequest request, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var options = request.Options;
        var inputs = request.Inputs;
        var model = inputs.ModelPath is null ? null : ModelFile.Open(inputs.ModelPath);
        var report = inputs.ScoresData
            ? Score(model!, inputs.DataPath!, options, request, progress)
            : EvaluationAnalyzer.AnalyzeCsv(inputs.PredictionsPath!, options, progress);
        report = report with { ModelSha256 = model?.SourceSha256 };
        if (request.ChampionPath is { } championPath)
        {
            var champion = ModelFile.Open(championPath);
            var championReport = Score(champion, inputs.DataPath!, options with { Thresholds = [], Bootstrap = new EvaluationBootstrap { Replicates = 0 } }, request, progress);
            report = report.ComparedWith(options, championReport, champion.SourceSha256);
        }
        return report;
    }

    /// <summary>Checks the request's inputs before any work (the CLI runs this as its option validator).</summary>
    /// <exception cref="MlOpsException">No or two ways to get predictions, or a champion without data to score it on.</exception>
    public static void Validate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Inputs.Validate();
        var threshold = request.Options.DecisionThreshold;
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw new MlOpsException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The decision threshold must be within [0, 1] but is {threshold:R}."),
                fix: "Give a probability between 0 and 1 as the decision threshold (a score at or above it is predicted positive).",
                inputs: [UserInputs.DecisionThreshold]);
        }
        request.Options.Csv.Validate();
        if (request.Options.Bootstrap.Replicates is < 0 or > PercentileBootstrap.MaxReplicates)
        {
            throw new MlOpsException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The number of bootstrap replicates must be between 0 and {PercentileBootstrap.MaxReplicates} but is {request.Options.Bootstrap.Replicates}."),
                fix: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Ask for at most {PercentileBootstrap.MaxReplicates} bootstrap replicates (0 turns the confidence intervals off)."),
                diagnostic: DiagnosticCatalog.CountLimit, inputs: [UserInputs.BootstrapReplicates]);
        }
        if (request.ChampionPath is not null && !request.Inputs.ScoresData)
        {
            throw new MlOpsException("The champion is scored on the same data as the model, but no data to score was given.",
                fix: "Give the model and the evaluation data instead of a predictions file, or leave out the champion.",
                inputs: [UserInputs.Model, UserInputs.Data]);
        }
    }

    // Scores the data into a temporary join of label and score, analyses it, and names the user's data file.
    private static EvaluationReport Score(ModelFile model, string dataPath, EvaluationOptions options, EvaluationRequest request, IProgress<long>? progress)
    {
        if (options.Task == EvaluationTask.Multiclass)
        {
            return ScoreMulticlass(model, dataPath, options, request, progress);
        }
        var classification = options.Task == EvaluationTask.Classification;
        using var scored = ScoredData.Create(model, dataPath, [options.Label], classification ? options.Positive : null,
            request.OutputColumn, request.WorkFolder, rows => progress?.Report(rows), options.Csv, request.Engine);
        var joined = options with
        {
            Score = classification ? ScoredData.ScoreColumn : null,
            Prediction = ScoredData.ScoreColumn,
        };
        return scored.Analyze(path => EvaluationAnalyzer.AnalyzeCsv(path, joined, progress, DataIdentity.Of(dataPath)));
    }

    // Joins the label with the model's class probabilities and predicted label (their names are the model's classes).
    private static EvaluationReport ScoreMulticlass(ModelFile model, string dataPath, EvaluationOptions options, EvaluationRequest request, IProgress<long>? progress)
    {
        ClassOutputs? outputs = null;
        using var scored = ScoredData.CreateWithOutputs(model, dataPath, [options.Label], columns =>
        {
            outputs = ClassOutputs.Find(model, columns) ?? throw MulticlassOutputs.NotFound(model, columns);
            return [.. outputs.ProbabilityColumns, .. outputs.LabelColumn is null || outputs.HasProbabilities ? [] : new[] { outputs.LabelColumn }];
        }, request.WorkFolder, rows => progress?.Report(rows), options.Csv, request.Engine);
        return scored.Analyze(path => MulticlassAnalyzer.AnalyzeCsv(path, options, outputs, progress, DataIdentity.Of(dataPath)));
    }
}
