namespace MlOps.Governance.Evidence;

/// <summary>The evidence kinds of the evidence contract; a file's schema is <c>mlops.evidence.&lt;kind&gt;/v1</c>.</summary>
public static class EvidenceKinds
{
    /// <summary>How the model was trained: trainer, options, seed, library version, pipeline steps, data digest.</summary>
    public const string Training = "training";

    /// <summary>Model metrics on the evaluation set.</summary>
    public const string Evaluation = "evaluation";

    /// <summary>Per-group rates and between-group fairness metrics.</summary>
    public const string Fairness = "fairness";

    /// <summary>The training data's per-feature profile.</summary>
    public const string DriftBaseline = "drift-baseline";

    /// <summary>New data tested against a drift baseline.</summary>
    public const string DriftReport = "drift-report";

    /// <summary>Permutation feature importance and summaries of per-prediction contributions.</summary>
    public const string Explanations = "explanations";

    /// <summary>The data set against the model's input schema and the training data.</summary>
    public const string DataQuality = "data-quality";

    /// <summary>Prediction stability under perturbation, and the card's monotonic constraints checked.</summary>
    public const string Robustness = "robustness";

    /// <summary>What changed since the champion (the last released version).</summary>
    public const string Changes = "changes";

    /// <summary>Rebuild / retrain comparison.</summary>
    public const string Reproducibility = "reproducibility";

    /// <summary>The policy gate's verdict.</summary>
    public const string Gate = "gate";

    /// <summary>Every kind, in pipeline order.</summary>
    public static IReadOnlyList<string> All { get; } = [Training, Evaluation, Fairness, DriftBaseline, DriftReport, DataQuality, Explanations, Robustness, Reproducibility, Changes, Gate];

    /// <summary>The schema id of <paramref name="kind"/>.</summary>
    public static string SchemaOf(string kind) => $"mlops.evidence.{kind}/v1";
}

/// <summary>The verdict words of the evidence contract.</summary>
public static class EvidenceVerdicts
{
    /// <summary>Every check in the evidence passed.</summary>
    public const string Passed = "passed";

    /// <summary>At least one check failed.</summary>
    public const string Failed = "failed";

    /// <summary>The evidence records facts and judges nothing (for example a drift baseline).</summary>
    public const string Info = "info";
}
