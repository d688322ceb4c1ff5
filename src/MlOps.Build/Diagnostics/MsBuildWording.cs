using MlOps.Diagnostics;

namespace MlOps.Build.Diagnostics;

/// <summary>
/// How a user of MlOps.Build sets what a library message refers to: the MlModel item's metadata and the project's
/// properties (docs/msbuild.md). Inputs that only the CLI has (a label column, a policy file) never reach the task.
/// </summary>
internal static class MsBuildWording
{
    private static readonly Dictionary<UserInput, (string Setting, string? Otherwise)> Settings = new()
    {
        [UserInputs.Model] = ("the MlModel item's Include path", null),
        [UserInputs.Card] = ("the MlModel item's Card metadata", null),
        [UserInputs.Version] = ("the project's Version property", "or the MlModel item's Version metadata"),
        [UserInputs.ModelName] = ("the MlModel item's Name metadata", null),
        [UserInputs.TrainingData] = ("the MlModel item's TrainingData metadata", null),
        [UserInputs.EvaluationData] = ("the MlModel item's EvaluationData metadata", null),
        [UserInputs.EvidenceFolder] = ("the MlModel item's EvidenceDirectory metadata", null),
        [UserInputs.SigningKey] = ("the project's MlOpsSigningKey property", "or the MLOPS_SIGNING_KEY environment variable"),
    };

    /// <summary>"In the project: set the project's Version property to 1.0.0." for the inputs MSBuild has; null when it has none.</summary>
    public static string? HowToSet(IReadOnlyList<InputHint> hints)
    {
        var phrases = hints
            .Where(h => Settings.ContainsKey(h.Input))
            .Select(h => Settings[h.Input] is var (setting, otherwise)
                ? setting + (h.Value is null ? "" : $" to {h.Value}") + (otherwise is null ? "" : $" ({otherwise})")
                : "")
            .Distinct()
            .ToList();
        return phrases.Count == 0 ? null : $"In the project: set {string.Join(" or ", phrases)}.";
    }
}
