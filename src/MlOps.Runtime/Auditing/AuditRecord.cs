namespace MlOps.Runtime.Auditing;

/// <summary>A record as the log wrote it and acknowledged it: where it is and how it is chained.</summary>
/// <param name="Sequence">1-based sequence number over the whole log (all segments).</param>
/// <param name="Timestamp">When the log accepted the record (UTC, from the log's TimeProvider).</param>
/// <param name="ModelName">The model's name.</param>
/// <param name="ModelVersion">The model's version.</param>
/// <param name="ArtefactDigest">The artefact digest.</param>
/// <param name="InputSha256">sha256 of the canonical input JSON.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="Latency">Scoring latency.</param>
/// <param name="Caller">The caller, if known.</param>
/// <param name="CorrelationId">The correlation id, if any.</param>
/// <param name="Prev">Hash of the previous record (or the log's genesis value for record 1).</param>
/// <param name="Hash">This record's hash.</param>
/// <param name="SegmentPath">The segment file that holds the record.</param>
/// <param name="LineNumber">1-based line of the record in its segment file.</param>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset Timestamp,
    string ModelName,
    string ModelVersion,
    string ArtefactDigest,
    string InputSha256,
    int Rows,
    TimeSpan Latency,
    string? Caller,
    string? CorrelationId,
    string Prev,
    string Hash,
    string SegmentPath,
    long LineNumber)
{
    /// <summary>SHA-256 of the release record the model was loaded under, or null (loaded without a trust file).</summary>
    public string? ReleaseSha256 { get; init; }

    /// <summary>The engine that scored (<c>managed</c>, <c>onnxruntime</c>, <c>mlnet</c>), or null when the entry did not say.</summary>
    public string? Engine { get; init; }
}
