using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;

namespace MlOps.Governance.Fairness;

/// <summary>
/// The fairness stage: scores the data with the model (or reads a predictions file), counts a confusion matrix per
/// group and returns the report naming the model and the data the user gave. Callers only parse and print.
/// </summary>
public static class FairnessService
{
    /// <summary>Runs the stage.</summary>
    /// <exception cref="MlOpsException">Bad inputs, models or data (nothing is written by this method).</exception>
    public static FairnessReport Measure(FairnessRequest request, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var options = request.Options;
        var inputs = request.Inputs;
        var model = inputs.ModelPath is null ? null : ModelFile.Open(inputs.ModelPath);
        FairnessReport report;
        if (options.Task != FairnessTask.Classification)
        {
            report = TaskFairness.Measure(model, request, progress);
        }
        else if (!inputs.ScoresData)
        {
            report = FairnessAnalyzer.AnalyzeCsv(inputs.PredictionsPath!, options, progress);
        }
        else
        {
            using var scored = ScoredData.Create(model!, inputs.DataPath!, [options.Label, .. options.Sensitive], options.Positive,
                request.OutputColumn, request.WorkFolder, rows => progress?.Report(rows), options.Csv, request.Engine);
            // The joined file has no prediction column, so the score (the model output) decides at the threshold.
            var joined = options with { Prediction = "\0none", Score = ScoredData.ScoreColumn };
            var source = string.Create(CultureInfo.InvariantCulture, $"model output {scored.ModelOutputColumn} >= {options.Threshold:R}");
            report = scored.Analyze(path => FairnessAnalyzer.AnalyzeCsv(path, joined, progress, DataIdentity.Of(inputs.DataPath!), source));
        }
        return report with { ModelSha256 = model?.SourceSha256 };
    }

    /// <summary>Checks the request's inputs before any work (the CLI runs this as its option validator).</summary>
    /// <exception cref="MlOpsException">No or two ways to get predictions; a privileged group of a column that is not sensitive.</exception>
    public static void Validate(FairnessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Inputs.Validate();
        var options = request.Options;
        if (options.BootstrapReplicates is < 0 or > FairnessOptions.MaxBootstrapReplicates)
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture,
                    $"The number of bootstrap replicates must be between 0 and {FairnessOptions.MaxBootstrapReplicates} but is {options.BootstrapReplicates}."),
                fix: string.Create(CultureInfo.InvariantCulture, $"Ask for at most {FairnessOptions.MaxBootstrapReplicates} bootstrap replicates (0 turns the confidence intervals off)."),
                diagnostic: DiagnosticCatalog.CountLimit, inputs: [UserInputs.BootstrapReplicates]);
        }
        if (options.Threshold is < 0 or > 1 || double.IsNaN(options.Threshold))
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture, $"The decision threshold must be within [0, 1] but is {options.Threshold:R}."),
                fix: "Give a probability between 0 and 1 as the decision threshold.", inputs: [UserInputs.DecisionThreshold]);
        }
        options.Csv.Validate();
        if (options.Sensitive.Count == 0)
        {
            throw new MlOpsException("No sensitive column was named.", fix: "Name the sensitive columns to compare groups of.",
                inputs: [UserInputs.SensitiveColumns]);
        }
        foreach (var column in options.Privileged.Keys.Where(k => !options.Sensitive.Contains(k)))
        {
            throw new MlOpsException($"A privileged group is given for column '{column}', which is not a sensitive column.",
                fix: $"Add '{column}' to the sensitive columns, or drop its privileged group.",
                inputs: [UserInputs.SensitiveColumns, UserInputs.PrivilegedGroups]);
        }
    }
}
