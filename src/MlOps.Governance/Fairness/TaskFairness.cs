using MlOps.Governance.Evidence;
using MlOps.Governance.Scoring;

namespace MlOps.Governance.Fairness;

/// <summary>The multiclass and regression workflow of <see cref="FairnessService"/>: score (or read predictions), then count.</summary>
internal static class TaskFairness
{
    public static FairnessReport Measure(ModelFile? model, FairnessRequest request, IProgress<long>? progress)
    {
        var options = request.Options;
        var inputs = request.Inputs;
        if (!inputs.ScoresData)
        {
            return options.Task == FairnessTask.Regression
                ? RegressionFairness.Analyze(inputs.PredictionsPath!, options)
                : ClassFairness.Analyze(inputs.PredictionsPath!, options);
        }
        var data = DataIdentity.Of(inputs.DataPath!);
        if (options.Task == FairnessTask.Regression)
        {
            // A regression model's one output (or the named one) is the predicted value.
            using var scored = ScoredData.Create(model!, inputs.DataPath!, [options.Label, .. options.Sensitive], null,
                request.OutputColumn, request.WorkFolder, rows => progress?.Report(rows), options.Csv, request.Engine);
            return scored.Analyze(path => RegressionFairness.Analyze(path, options with { Prediction = ScoredData.ScoreColumn }, data,
                $"model output {scored.ModelOutputColumn}"));
        }
        ClassOutputs? outputs = null;
        using (var scored = ScoredData.CreateWithOutputs(model!, inputs.DataPath!, [options.Label, .. options.Sensitive], columns =>
        {
            outputs = ClassOutputs.Find(model!, columns) ?? throw MulticlassOutputs.NotFound(model!, columns);
            return [.. outputs.ProbabilityColumns, .. outputs.LabelColumn is null || outputs.HasProbabilities ? [] : new[] { outputs.LabelColumn }];
        }, request.WorkFolder, rows => progress?.Report(rows), options.Csv, request.Engine))
        {
            return scored.Analyze(path => ClassFairness.Analyze(path, options, outputs, data,
                outputs!.HasProbabilities ? "argmax of the model's class probabilities" : $"model output {outputs.LabelColumn}"));
        }
    }
}
