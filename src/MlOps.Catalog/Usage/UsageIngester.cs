using MlOps.Catalog.Store;
using MlOps.Diagnostics;
using MlOps.Runtime.Auditing;

namespace MlOps.Catalog.Usage;

/// <summary>
/// Counts verified audit-log records into the catalog's usage, incrementally. Per log: find the cursor where counting
/// stopped (by the log's identity, its genesis), read on from there verifying every record's place in the hash chain
/// (the first new record must chain to the cursor's record), sum the calls per digest, day and caller, and store the
/// sums with the new cursor in one transaction. A log whose new records do not verify, or that no longer holds the
/// cursor's record, adds nothing and keeps its cursor; the other logs are still counted.
/// </summary>
public sealed class UsageIngester
{
    private readonly ICatalogStore _store;

    /// <summary>An ingester writing to <paramref name="store"/>.</summary>
    public UsageIngester(ICatalogStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Ingests every log the files and folders name (<see cref="UsageLogs.Find"/>).</summary>
    /// <exception cref="MlOpsException">A path is wrong (nothing counted), or the catalog cannot be written.</exception>
    public IReadOnlyList<LogIngest> Ingest(IEnumerable<string> paths) => UsageLogs.Find(paths).Select(IngestLog).ToList();

    /// <summary>Ingests one log, given by any of its segment files.</summary>
    /// <exception cref="MlOpsException">The catalog cannot be read or written (a problem with the log is returned, not thrown).</exception>
    public LogIngest IngestLog(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var first = Path.GetFullPath(AuditSegments.FirstSegmentOf(path));
        var key = AuditLogReader.IdentityOf(first);
        var cursor = _store.FindUsageCursor(key);
        var from = cursor is null ? null : new AuditLogPosition(cursor.Segment, cursor.Offset, cursor.Sequence, cursor.Hash);
        var counted = cursor?.Sequence ?? 0;
        var tally = new UsageTally();
        AuditLogRead read;
        try
        {
            read = AuditLogReader.Read(first, from, tally.Add);
        }
        catch (MlOpsException e)
        {
            // Not an audit log, unreadable: this log only, the others are still counted.
            return new LogIngest(first, 0, counted, false, e);
        }
        var verdict = read.Verification;
        if (verdict.Status == AuditLogStatus.Broken)
        {
            return new LogIngest(first, 0, counted, false, Refusal(verdict.Problem!, counted));
        }
        if (tally.Records > 0)
        {
            var end = read.End!;
            try
            {
                _store.AddUsage(tally.Counts(), cursor, new UsageCursor(key, end.Segment, end.Offset, end.Sequence, end.Hash));
            }
            catch (MlOpsException e) when (e.Diagnostic == DiagnosticCatalog.UsageCountedConcurrently)
            {
                // Another ingest counted these records first: this log only; the others are still counted.
                return new LogIngest(first, 0, counted, false, new MlOpsException(e.Message, first, diagnostic: e.Diagnostic, fix: e.Fix));
            }
            counted = end.Sequence;
        }
        return new LogIngest(first, tally.Records, counted, verdict.Status == AuditLogStatus.TornTail, null);
    }

    private static MlOpsException Refusal(AuditProblem problem, long counted)
    {
        var sofar = counted == 0 ? "No record of this log has been counted." : $"Its usage stays counted up to record {counted}.";
        if (problem.Kind == AuditProblemKind.PositionMismatch)
        {
            return new MlOpsException(
                $"The audit log changed since its usage was counted: {problem.Message} Nothing from it was counted. {sofar}",
                file: problem.SegmentPath, line: problem.LineNumber, diagnostic: DiagnosticCatalog.UsageLogChanged,
                fix: "Restore the log's files as they were when they were counted (from a backup or the log shipper). " +
                     "If this is another writer's log that happens to have the same file name, it cannot be counted under that name: give each writer its own log name.");
        }
        return new MlOpsException(
            $"The audit log's hash chain is broken: {problem.Message} Nothing from this log was counted. {sofar}",
            file: problem.SegmentPath, line: problem.LineNumber, diagnostic: DiagnosticCatalog.UsageLogBroken,
            fix: "Verify the log to see the damage, and keep it as evidence: its records are not counted until its chain holds (restore the original files if a copy was altered).");
    }
}
