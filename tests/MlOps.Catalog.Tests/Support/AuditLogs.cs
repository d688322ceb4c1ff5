using System.Text.Json;
using MlOps.Catalog.Store;
using MlOps.Runtime.Auditing;

namespace MlOps.Catalog.Tests.Support;

/// <summary>Real audit logs written with AuditLog, and an independent count of their lines.</summary>
public static class AuditLogs
{
    public static readonly string[] Digests = [Samples.Digest("credit@1.0.0"), Samples.Digest("credit@1.1.0"), Samples.Digest("not registered")];

    /// <summary>Appends records <paramref name="from"/>..<paramref name="to"/>: three digests, callers (one null), rows 1..4, 11 minutes apart from 20:00 UTC so they cross midnight.</summary>
    public static void Append(string path, int from, int to, long? maxSegmentBytes = null, string callerPrefix = "svc")
    {
        var clock = new Clock(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero).AddMinutes(11 * from));
        using var log = AuditLog.Open(path, new AuditLogOptions { TimeProvider = clock, MaxSegmentBytes = maxSegmentBytes, Durability = AuditDurability.None });
        for (var i = from; i <= to; i++)
        {
            log.Append(new AuditEntry("credit", "1.0.0", Digests[i % 3], AuditJson.FromNumbers([i]), AuditJson.FromNumbers([0.5]))
            {
                Caller = i % 5 == 0 ? null : $"{callerPrefix}-{i % 2}",
                Rows = 1 + i % 4,
            });
            clock.Now = clock.Now.AddMinutes(11);
        }
    }

    /// <summary>Groups every complete JSON line of the given files by hand: the count an ingest must agree with.</summary>
    public static List<UsageCount> CountLines(params string[] files)
    {
        var counts = new Dictionary<(string, DateOnly, string), (long Calls, long Rows)>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var line in text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var key = (r.GetProperty("digest").GetString()!, DateOnly.Parse(r.GetProperty("ts").GetString()![..10], System.Globalization.CultureInfo.InvariantCulture),
                    r.GetProperty("caller").GetString() ?? "");
                var (calls, rows) = counts.GetValueOrDefault(key);
                counts[key] = (calls + 1, rows + r.GetProperty("rows").GetInt64());
            }
        }
        return Sorted(counts.Select(c => new UsageCount(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value.Calls, c.Value.Rows)));
    }

    public static List<UsageCount> Sorted(IEnumerable<UsageCount> counts) =>
        counts.OrderBy(c => c.Day).ThenBy(c => c.Digest, StringComparer.Ordinal).ThenBy(c => c.Caller, StringComparer.Ordinal).ToList();

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
