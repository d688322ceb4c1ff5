using MlOps.Diagnostics;

namespace MlOps.Governance.Scoring;

/// <summary>
/// What an evidence stage reads: a model and the data to score with it, or a CSV that already holds predictions
/// (optionally with the model they came from, whose digest then stamps the evidence).
/// </summary>
/// <param name="ModelPath">The model (.onnx or .mlpkg), or null.</param>
/// <param name="DataPath">The data to score with the model, or null.</param>
/// <param name="PredictionsPath">A CSV that already holds predictions, or null.</param>
public sealed record StageData(string? ModelPath, string? DataPath, string? PredictionsPath)
{
    /// <summary>Whether the stage scores <see cref="DataPath"/> with the model (rather than reading predictions).</summary>
    public bool ScoresData => DataPath is not null;

    /// <summary>Checks that the inputs name one way to get predictions.</summary>
    /// <exception cref="MlOpsException">Neither or both ways, or data without a model to score it.</exception>
    public void Validate()
    {
        if ((PredictionsPath is null) == (DataPath is null))
        {
            throw new MlOpsException(PredictionsPath is null
                    ? "There is nothing to evaluate: neither data to score nor a predictions file was given."
                    : "Both data to score and a predictions file were given; the stage reads one of them.",
                fix: "Give the model and the data to score with it, or a predictions file that already holds the model's output.",
                inputs: [UserInputs.Model, UserInputs.Data, UserInputs.Predictions]);
        }
        if (DataPath is not null && ModelPath is null)
        {
            throw new MlOpsException("The data needs a model to score it.",
                fix: "Give the model, or give a predictions file instead of the data.", inputs: [UserInputs.Model, UserInputs.Predictions]);
        }
    }
}
