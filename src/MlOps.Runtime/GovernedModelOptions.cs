using MlOps.Runtime.Auditing;

namespace MlOps.Runtime;

/// <summary>How a <see cref="GovernedModel"/> audits its predictions.</summary>
public sealed class GovernedModelOptions
{
    /// <summary>
    /// The audit log every <see cref="GovernedModel.Predict(IReadOnlyDictionary{string, MlOps.Onnx.Evaluation.OnnxValue})"/>
    /// appends to. Required for Predict; the caller owns (and disposes) it, so several models can share one log.
    /// </summary>
    public AuditLog? AuditLog { get; init; }

    /// <summary>Who is predicting (service, user or tenant id), written into each record.</summary>
    public string? Caller { get; init; }

    /// <summary>Also record the raw input (off by default: inputs may hold personal data; the digest is always recorded).</summary>
    public bool RecordRawInput { get; init; }
}
