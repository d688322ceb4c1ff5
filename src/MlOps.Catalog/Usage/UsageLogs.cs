using MlOps.Diagnostics;
using MlOps.Runtime.Auditing;

namespace MlOps.Catalog.Usage;

/// <summary>
/// The audit logs that the files and folders given to a usage ingest name, one entry per log (not per segment file).
/// A folder contributes its <c>*.jsonl</c> files, not those of its subfolders; a segment file
/// <c>&lt;stem&gt;.NNNNNN.jsonl</c> belongs to the log whose first segment is <c>&lt;stem&gt;.jsonl</c> beside it (which
/// may have been deleted since it was counted). A log is identified by its chain's genesis, which binds the first
/// segment's file name, so two different logs with one name would share one usage cursor: that is refused.
/// </summary>
public static class UsageLogs
{
    /// <summary>The logs' first-segment paths (absolute), in the order given, each once.</summary>
    /// <exception cref="MlOpsException">A path does not exist, a folder holds no logs, or two logs share a name.</exception>
    public static IReadOnlyList<string> Find(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var logs = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                logs.AddRange(AuditLogVerifier.FindLogs(path));
            }
            else if (File.Exists(path))
            {
                logs.Add(Path.GetFullPath(AuditSegments.FirstSegmentOf(path)));
            }
            else
            {
                throw new MlOpsException("The audit log or folder does not exist.", file: path,
                    fix: "Pass audit log files (any of their segments) or the folders the audit logs are written to.");
            }
        }
        var distinct = logs.Distinct(StringComparer.Ordinal).ToList();
        var clash = distinct.GroupBy(AuditLogReader.IdentityOf, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            var two = clash.Take(2).ToList();
            throw new MlOpsException(
                $"Two different audit logs have the same name '{Path.GetFileName(two[0])}' ({two[0]} and {two[1]}): a log's name is its identity " +
                "(it is bound into the chain's genesis), so the catalog cannot tell where counting stopped in each. Nothing was counted.",
                file: two[1], diagnostic: DiagnosticCatalog.UsageLogNameClash,
                fix: "Ingest one of them now; give each writer (each host or service) its own audit log file name for its future logs.");
        }
        return distinct;
    }
}
