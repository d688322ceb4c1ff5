using MlOps.Runtime.Auditing;

namespace MlOps.Runtime.Tests.Support;

/// <summary>Builders for audit entries and logs used across the tests.</summary>
public static class AuditFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static readonly string Digest = new('d', 64);

    public static AuditEntry Entry(int i, string? caller = "tests") =>
        new("credit", "1.2.0", Digest, AuditJson.FromNumbers([i, 2.5]), AuditJson.FromNumbers([0.125 * i]))
        {
            Caller = caller,
            Latency = TimeSpan.FromMilliseconds(1.5),
            CorrelationId = "corr-" + i,
        };

    public static AuditLogOptions Options(TimeProvider? time = null, long? maxSegmentBytes = null, AuditDurability? durability = null) => new()
    {
        TimeProvider = time ?? new ManualTimeProvider(Start),
        MaxSegmentBytes = maxSegmentBytes,
        Durability = durability ?? AuditDurability.Always,
    };

    /// <summary>Writes <paramref name="count"/> records to a new log at <paramref name="path"/>.</summary>
    public static void WriteLog(string path, int count, long? maxSegmentBytes = null)
    {
        using var log = AuditLog.Open(path, Options(maxSegmentBytes: maxSegmentBytes));
        for (var i = 1; i <= count; i++)
        {
            log.Append(Entry(i));
        }
    }

    public static string[] Lines(string path) => File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
