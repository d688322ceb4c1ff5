namespace MlOps.Runtime.Auditing;

/// <summary>
/// Reads an audit log incrementally: the records after a position where an earlier read stopped (or all of them),
/// each verified against the hash chain before its call is handed on, and the position to resume from next time.
/// It walks the chain exactly as <see cref="AuditLogVerifier"/> does (one set of rules), so a record is only ever
/// handed on if it is unedited, in sequence, and chains to the one before it (or, first, to the start position).
/// </summary>
/// <remarks>
/// The observer sees records as they verify; a problem further on makes the read <see cref="AuditLogStatus.Broken"/>,
/// so a caller that must count all or nothing (usage) keeps what it saw aside until the read returns. A torn last
/// line (a writer mid-append, or a crash) ends the read before it with <see cref="AuditLogStatus.TornTail"/>: the
/// records before it count, and the torn one is read next time once its writer has finished it.
/// </remarks>
public static class AuditLogReader
{
    /// <summary>
    /// The identity of the log that <paramref name="path"/> (any of its segment files) belongs to: the chain's genesis
    /// value, which binds the first segment's file name. It stays the same as the log grows and rotates.
    /// </summary>
    public static string IdentityOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AuditChain.Genesis(Path.GetFileName(AuditSegments.FirstSegmentOf(path)));
    }

    /// <summary>Reads the records after <paramref name="from"/> (all records when null), verifying each.</summary>
    /// <param name="path">Any segment file of the log.</param>
    /// <param name="from">Where an earlier read ended (<see cref="AuditLogRead.End"/>), or null to read from the genesis.</param>
    /// <param name="onCall">Receives each verified record's call, in sequence order.</param>
    /// <returns>The verdict (problems name the segment file and line) and the position after the last verified record.</returns>
    /// <exception cref="MlOpsException">The log does not exist, cannot be read, or is not an audit log.</exception>
    public static AuditLogRead Read(string path, AuditLogPosition? from, Action<AuditedCall> onCall)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(onCall);
        if (Directory.Exists(path))
        {
            throw new MlOpsException("Expected an audit log file, got a folder.", file: path, fix: "Pass one of the log's segment files.");
        }
        return AuditLogVerifier.Walk.Over(path, (first, segments) =>
        {
            var walk = new AuditLogVerifier.Walk(first, segments, Path.GetFileName(first), from, onCall);
            var verdict = walk.Run();
            return new AuditLogRead(verdict, walk.End);
        });
    }
}
