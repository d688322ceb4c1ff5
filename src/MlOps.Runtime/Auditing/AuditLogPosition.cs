namespace MlOps.Runtime.Auditing;

/// <summary>
/// A point in an audit log's chain: just after a record, with that record's sequence number and hash. Reading
/// resumes there (<see cref="AuditLogReader"/>), and the record before it is checked to still be where it was, so a
/// replaced or truncated file is noticed instead of being read from the middle of another log.
/// </summary>
/// <param name="Segment">The 1-based segment that holds the record.</param>
/// <param name="Offset">The byte offset just after the record's line end in that segment.</param>
/// <param name="Sequence">The record's <c>seq</c>.</param>
/// <param name="Hash">The record's <c>hash</c>.</param>
public sealed record AuditLogPosition(int Segment, long Offset, long Sequence, string Hash);
