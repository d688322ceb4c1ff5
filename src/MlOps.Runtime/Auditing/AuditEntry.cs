namespace MlOps.Runtime.Auditing;

/// <summary>
/// What the caller asks the audit log to record about one prediction (or one batch). The log adds the
/// sequence number, the timestamp, the input digest and the hash chain.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Creates an entry; model identity is required because an audit record without it is useless (MLOPS003).</summary>
    /// <param name="modelName">The model's name (manifest <c>name</c>).</param>
    /// <param name="modelVersion">The model's SemVer version.</param>
    /// <param name="artefactDigest">The artefact digest (sha256 of manifest.json).</param>
    /// <param name="input">The model input in canonical JSON; its sha256 is always recorded.</param>
    /// <param name="output">The model output in canonical JSON.</param>
    public AuditEntry(string modelName, string modelVersion, string artefactDigest, AuditJson input, AuditJson output)
    {
        ModelName = Require(modelName, nameof(modelName));
        ModelVersion = Require(modelVersion, nameof(modelVersion));
        ArtefactDigest = Require(artefactDigest, nameof(artefactDigest));
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Output = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The model's version.</summary>
    public string ModelVersion { get; }

    /// <summary>The artefact digest (sha256 of the artefact's manifest.json).</summary>
    public string ArtefactDigest { get; }

    /// <summary>The input; only its digest is written unless <see cref="RecordRawInput"/> is set.</summary>
    public AuditJson Input { get; }

    /// <summary>The output, written as is.</summary>
    public AuditJson Output { get; }

    /// <summary>Write the raw input into the record too (off by default: inputs may hold personal data).</summary>
    public bool RecordRawInput { get; init; }

    /// <summary>Rows scored by this call (1 for a single prediction).</summary>
    public int Rows { get; init; } = 1;

    /// <summary>How long scoring took.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Who asked (a service, user or tenant id); null when unknown.</summary>
    public string? Caller { get; init; }

    /// <summary>
    /// SHA-256 of the release record (its line in the artefact's attestation bundle) the model was loaded under, or
    /// null when it was loaded without a trust file; written as <c>release</c> only when set.
    /// </summary>
    public string? ReleaseSha256 { get; init; }

    /// <summary>
    /// The engine that scored (<c>managed</c>, <c>onnxruntime</c>, <c>mlnet</c>: <c>IModelSession.Engine</c>), or null when
    /// the caller does not say; written as <c>engine</c> only when set.
    /// </summary>
    public string? Engine { get; init; }

    /// <summary>
    /// The prediction's top feature contributions (<c>GovernedModelOptions.AuditExplanations</c>), or null; written as
    /// <c>explanation</c> after <c>output</c> only when set, so logs written before it existed keep their bytes.
    /// </summary>
    public AuditJson? Explanation { get; init; }

    /// <summary>Correlation id; when null the log uses the trace id of <c>Activity.Current</c>, if any.</summary>
    public string? CorrelationId { get; init; }

    private static string Require(string value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("An audit record needs the model's name, version and artefact digest.", name)
            : value;
}
