namespace MlOps.Diagnostics;

/// <summary>
/// A setting the user gives a governance step (the card, the label column, the positive label, ...), named as a
/// concept. Library messages refer to these; the CLI maps each to its option, MSBuild to its property or item
/// metadata, the Cake stages to their context property.
/// </summary>
/// <param name="Name">A stable key ("positive-label").</param>
/// <param name="Concept">How messages name it ("the positive label").</param>
public sealed record UserInput(string Name, string Concept)
{
    /// <summary>A hint pointing at this input, with an example value to suggest.</summary>
    public InputHint Example(string? value) => new(this, value);

    /// <summary>A hint pointing at this input.</summary>
    public static implicit operator InputHint(UserInput input) => new(input, null);
}

/// <summary>A fix's pointer to a user input, optionally with the value to set it to.</summary>
/// <param name="Input">The input.</param>
/// <param name="Value">A value to suggest, or null.</param>
public readonly record struct InputHint(UserInput Input, string? Value);

/// <summary>Every setting library messages may point at; each caller knows how its users set them.</summary>
public static class UserInputs
{
    /// <summary>The model file (.onnx or .mlpkg).</summary>
    public static UserInput Model { get; } = new("model", "the model");

    /// <summary>The model card source.</summary>
    public static UserInput Card { get; } = new("card", "the card");

    /// <summary>The model's version.</summary>
    public static UserInput Version { get; } = new("version", "the version");

    /// <summary>The model's name.</summary>
    public static UserInput ModelName { get; } = new("name", "the model name");

    /// <summary>The data set a stage reads.</summary>
    public static UserInput Data { get; } = new("data", "the data file");

    /// <summary>A training data set declared for lineage.</summary>
    public static UserInput TrainingData { get; } = new("training-data", "the training data");

    /// <summary>An evaluation data set declared for lineage.</summary>
    public static UserInput EvaluationData { get; } = new("evaluation-data", "the evaluation data");

    /// <summary>A CSV that already holds predictions.</summary>
    public static UserInput Predictions { get; } = new("predictions", "the predictions file");

    /// <summary>The folder of evidence files.</summary>
    public static UserInput EvidenceFolder { get; } = new("evidence", "the evidence folder");

    /// <summary>The true-label column.</summary>
    public static UserInput LabelColumn { get; } = new("label", "the label column");

    /// <summary>The positive (favourable) label value.</summary>
    public static UserInput PositiveLabel { get; } = new("positive", "the positive label");

    /// <summary>The probability (score) column of a predictions file.</summary>
    public static UserInput ScoreColumn { get; } = new("score", "the score column");

    /// <summary>The predicted-value column of a predictions file.</summary>
    public static UserInput PredictionColumn { get; } = new("prediction", "the prediction column");

    /// <summary>The model output used as the score.</summary>
    public static UserInput ModelOutputColumn { get; } = new("output-column", "the model output used as the score");

    /// <summary>The engine that scores the model (managed evaluator, ONNX Runtime, ML.NET).</summary>
    public static UserInput Engine { get; } = new("engine", "the scoring engine");

    /// <summary>The sensitive (protected) columns.</summary>
    public static UserInput SensitiveColumns { get; } = new("sensitive", "the sensitive columns");

    /// <summary>The privileged group per sensitive column.</summary>
    public static UserInput PrivilegedGroups { get; } = new("privileged", "the privileged groups");

    /// <summary>The columns a drift baseline profiles.</summary>
    public static UserInput ProfiledColumns { get; } = new("columns", "the columns to profile");

    /// <summary>Columns profiled as categories although their values are numbers.</summary>
    public static UserInput CategoricalColumns { get; } = new("categorical", "the categorical columns");

    /// <summary>Metric thresholds of the evaluation stage.</summary>
    public static UserInput MetricThresholds { get; } = new("thresholds", "the metric thresholds");

    /// <summary>The gate's policy file.</summary>
    public static UserInput Policy { get; } = new("policy", "the policy file");

    /// <summary>The largest prediction difference a reproducibility check accepts.</summary>
    public static UserInput Tolerance { get; } = new("tolerance", "the tolerance");

    /// <summary>The drift baseline a comparison reads.</summary>
    public static UserInput Baseline { get; } = new("baseline", "the drift baseline");

    /// <summary>The original file name of an audit log's first segment.</summary>
    public static UserInput AuditLogName { get; } = new("log-name", "the log's original file name");

    /// <summary>The longest CSV record (in characters) a reader accepts.</summary>
    public static UserInput MaxRecordLength { get; } = new("max-record-length", "the maximum record length");

    /// <summary>The score at or above which a row is predicted positive.</summary>
    public static UserInput DecisionThreshold { get; } = new("decision-threshold", "the decision threshold");

    /// <summary>The number of bootstrap replicates for confidence intervals.</summary>
    public static UserInput BootstrapReplicates { get; } = new("bootstrap", "the number of bootstrap replicates");

    /// <summary>The number of rows scored per model run.</summary>
    public static UserInput BatchSize { get; } = new("batch-size", "the batch size");

    /// <summary>The metric permutation importance is measured in.</summary>
    public static UserInput ImportanceMetric { get; } = new("metric", "the importance metric");

    /// <summary>How many times each feature is shuffled.</summary>
    public static UserInput PermutationRepeats { get; } = new("repeats", "the number of permutation repeats");

    /// <summary>The private key that signs (attestations, approvals, releases).</summary>
    public static UserInput SigningKey { get; } = new("signing-key", "the signing key");

    /// <summary>The trust file: who may sign, in which roles, with which keys.</summary>
    public static UserInput TrustFile { get; } = new("trust", "the trust file");

    /// <summary>The role an approval is given in.</summary>
    public static UserInput ApprovalRole { get; } = new("role", "the approval's role");

    /// <summary>The reasoning of an approval.</summary>
    public static UserInput ApprovalComment { get; } = new("comment", "the approval's comment");

    /// <summary>The date from which an approval no longer counts.</summary>
    public static UserInput ApprovalExpiry { get; } = new("expires", "the approval's expiry date");

    /// <summary>Where the model catalog is: a SQLite file, or a PostgreSQL connection string or URI.</summary>
    public static UserInput Catalog { get; } = new("catalog", "the catalog location");
    /// <summary>The URL(s) the catalog server listens on.</summary>
    public static UserInput CatalogServerUrls { get; } = new("urls", "the catalog server's URL");

    /// <summary>Where the catalog server reads its write token from (an environment variable's name).</summary>
    public static UserInput CatalogToken { get; } = new("token-env", "the catalog server's write token");

    /// <summary>How far numeric features are jittered: a fraction of each feature's standard deviation.</summary>
    public static UserInput Jitter { get; } = new("jitter", "the jitter");

    /// <summary>How many steps a monotonic constraint is checked at across a feature's range.</summary>
    public static UserInput MonotonicSteps { get; } = new("steps", "the number of monotonic steps");

    /// <summary>The largest share of rows whose prediction may flip under a perturbation.</summary>
    public static UserInput MaxFlipRate { get; } = new("max-flip-rate", "the largest flip rate allowed");
    /// <summary>Evidence files computed per shard of a data set, to be merged into one.</summary>
    public static UserInput EvidenceParts { get; } = new("merge", "the evidence parts to merge");

    /// <summary>How many rows (at most) the explanations' local contributions are summarised over.</summary>
    public static UserInput LocalRows { get; } = new("local-rows", "the number of rows explained locally");
}
