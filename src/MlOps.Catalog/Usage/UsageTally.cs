using MlOps.Catalog.Store;
using MlOps.Runtime.Auditing;

namespace MlOps.Catalog.Usage;

/// <summary>
/// Calls and rows per artefact digest, UTC day and caller, summed in memory while a log is read. It grows with the
/// number of distinct (digest, day, caller) keys, not with the number of records: a million records of a few models
/// over a few days and callers are a handful of counts, so one transaction per log stays small.
/// </summary>
public sealed class UsageTally
{
    private readonly Dictionary<(string Digest, DateOnly Day, string Caller), (long Calls, long Rows)> _counts = [];

    /// <summary>Records counted so far.</summary>
    public long Records { get; private set; }

    /// <summary>Counts one call (a record with no caller counts under "").</summary>
    public void Add(AuditedCall call)
    {
        var key = (call.Digest, call.Day, call.Caller ?? "");
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _);
        count = (count.Calls + 1, count.Rows + call.Rows);
        Records++;
    }

    /// <summary>The counts, ordered by day, digest and caller (so a store writes them in a stable order).</summary>
    public IReadOnlyList<UsageCount> Counts() =>
        _counts.Select(c => new UsageCount(c.Key.Digest, c.Key.Day, c.Key.Caller, c.Value.Calls, c.Value.Rows))
            .OrderBy(c => c.Day).ThenBy(c => c.Digest, StringComparer.Ordinal).ThenBy(c => c.Caller, StringComparer.Ordinal)
            .ToList();
}
