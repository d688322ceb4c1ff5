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
}
