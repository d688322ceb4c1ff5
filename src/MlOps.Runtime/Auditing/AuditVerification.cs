namespace MlOps.Runtime.Auditing;

/// <summary>The verdict on one audit log.</summary>
public enum AuditLogStatus
{
    /// <summary>Every record is present, in order, unedited, and the chain is unbroken.</summary>
    Intact,

    /// <summary>The chain holds up to a torn last line (a crash mid-write): the torn record was never acknowledged.</summary>
    TornTail,

    /// <summary>A record was edited, deleted, reordered, corrupted, or a segment is missing.</summary>
    Broken,
}

/// <summary>What is wrong with the first bad record.</summary>
public enum AuditProblemKind
{
    /// <summary>The record's content does not match its hash, or the record before it was replaced.</summary>
    Edited,

    /// <summary>One or more records (by sequence number) are missing.</summary>
    Deleted,

    /// <summary>A record is out of sequence order.</summary>
    Reordered,

    /// <summary>The line is not a well-formed audit record (not JSON, missing chain fields, truncated).</summary>
    BadJson,

    /// <summary>The last line of the last segment has no line end: a write torn by a crash.</summary>
    TornTail,

    /// <summary>A whole segment file is missing.</summary>
    MissingSegment,

    /// <summary>Record 1 does not chain to this log's genesis value (renamed log, or records from another log).</summary>
    WrongGenesis,

    /// <summary>
    /// Reading resumed from a position (<see cref="AuditLogReader"/>) whose record is no longer there: the segment was
    /// replaced, truncated, rewritten or deleted since.
    /// </summary>
    PositionMismatch,
}

/// <summary>The first problem found, with where it is.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="SegmentPath">The segment file.</param>
/// <param name="LineNumber">1-based line in that file (null for a missing segment).</param>
/// <param name="Message">One sentence saying what is wrong, naming the record.</param>
public sealed record AuditProblem(AuditProblemKind Kind, string SegmentPath, long? LineNumber, string Message);

/// <summary>The result of verifying one log.</summary>
/// <param name="FirstSegmentPath">The log's first segment.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Segments">Segment files examined.</param>
/// <param name="Records">Records whose chain checked out before the first problem (all of them when intact).</param>
/// <param name="LastSequence">Sequence number of the last good record.</param>
/// <param name="LastHash">Hash of the last good record (the chain head; compare it with a copy kept elsewhere to detect a truncated end).</param>
/// <param name="Problem">The first problem, or null when intact.</param>
public sealed record AuditVerification(
    string FirstSegmentPath,
    AuditLogStatus Status,
    int Segments,
    long Records,
    long LastSequence,
    string LastHash,
    AuditProblem? Problem);
