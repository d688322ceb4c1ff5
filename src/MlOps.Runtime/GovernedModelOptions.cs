using MlOps.Runtime.Auditing;

namespace MlOps.Runtime;

/// <summary>How a <see cref="GovernedModel"/> is loaded (which releases it trusts) and audits its predictions.</summary>
public sealed class GovernedModelOptions
{
    /// <summary>
    /// The audit log every <see cref="GovernedModel.Predict(IReadOnlyDictionary{string, MlOps.Onnx.Evaluation.OnnxValue})"/>
    /// appends to. Required for Predict; the caller owns (and disposes) it, so several models can share one log.
    /// </summary>
    public AuditLog? AuditLog { get; init; }

    /// <summary>Who is predicting (service, user or tenant id), written into each record.</summary>
    public string? Caller { get; init; }

    /// <summary>
    /// The trust file (docs/trust-file.md). When set, <see cref="GovernedModel.Open"/> loads only a released
    /// artefact: one whose attestation bundle holds a valid release record signed by a key this file trusts; any
    /// other artefact is refused with <see cref="ModelNotReleasedException"/>. Every audit record then names the
    /// release record (docs/audit-log.md).
    /// </summary>
    public string? TrustFile { get; init; }

    /// <summary>
    /// The engine that scores, by name (<see cref="Engines.ScoringEngines.Names"/>); null for the default: the managed
    /// evaluator for an ONNX model.
    /// </summary>
    public string? Engine { get; init; }

    /// <summary>Also record the raw input (off by default: inputs may hold personal data; the digest is always recorded).</summary>
    public bool RecordRawInput { get; init; }

    /// <summary>
    /// The background data (CSV or Parquet, with the model's input columns) that local explanations are measured
    /// against: the baseline means of a linear model, the node covers of a tree ensemble. Typically the training data
    /// or a sample of it. Needed by <see cref="GovernedModel.Explain(IReadOnlyDictionary{string, MlOps.Onnx.Evaluation.OnnxValue}, int)"/>
    /// and <see cref="AuditExplanations"/> (docs/explanations.md).
    /// </summary>
    public string? ExplanationBackground { get; init; }

    /// <summary>The class whose margin is explained (a class label of the model); null for a regressor or a binary model's second class.</summary>
    public string? ExplainedClass { get; init; }

    /// <summary>
    /// Also record each prediction's top <see cref="AuditedContributions"/> feature contributions in its audit record
    /// (member <c>explanation</c>: feature names and contributions, never the feature values). Off by default;
    /// needs <see cref="ExplanationBackground"/>.
    /// </summary>
    public bool AuditExplanations { get; init; }

    /// <summary>How many contributions per row <see cref="AuditExplanations"/> records, largest in absolute value first (default 5).</summary>
    public int AuditedContributions { get; init; } = 5;
}
