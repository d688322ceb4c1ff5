namespace MlOps.Runtime.Auditing;

/// <summary>How hard the log works to keep an acknowledged record across a crash.</summary>
/// <remarks>
/// In every mode the record's bytes are handed to the operating system (one write call) before
/// <see cref="AuditLog.Append"/> returns, so killing the process never loses an acknowledged record.
/// The modes differ in when the file is forced to stable storage (fsync), which is what protects
/// against an operating-system crash or a power cut.
/// </remarks>
public sealed class AuditDurability
{
    private AuditDurability(AuditDurabilityMode mode, TimeSpan interval, int count)
    {
        Mode = mode;
        Interval = interval;
        Count = count;
    }

    /// <summary>
    /// The default: Append returns only after the record is fsynced. Concurrent appends share one fsync
    /// (group commit), so many threads cost little more than one.
    /// </summary>
    public static AuditDurability Always { get; } = new(AuditDurabilityMode.Always, TimeSpan.Zero, 1);

    /// <summary>Never fsync on append (only on rotation, <see cref="AuditLog.Flush"/> and dispose).</summary>
    public static AuditDurability None { get; } = new(AuditDurabilityMode.None, TimeSpan.Zero, 0);

    /// <summary>
    /// fsync once <paramref name="count"/> records are unsynced or <paramref name="interval"/> has passed
    /// since the oldest unsynced record; a power cut can lose at most that window.
    /// </summary>
    public static AuditDurability Batched(TimeSpan interval, int count)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "The batch interval must be positive.");
        }
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The batch size must be at least 1.");
        }
        return new AuditDurability(AuditDurabilityMode.Batched, interval, count);
    }

    /// <summary>The policy.</summary>
    public AuditDurabilityMode Mode { get; }

    /// <summary>For <see cref="AuditDurabilityMode.Batched"/>: the longest a record stays unsynced.</summary>
    public TimeSpan Interval { get; }

    /// <summary>For <see cref="AuditDurabilityMode.Batched"/>: the most records left unsynced.</summary>
    public int Count { get; }

    /// <inheritdoc />
    public override string ToString() => Mode switch
    {
        AuditDurabilityMode.Batched => $"Batched({Interval.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms, {Count})",
        _ => Mode.ToString(),
    };
}

/// <summary>The fsync policies of <see cref="AuditDurability"/>.</summary>
public enum AuditDurabilityMode
{
    /// <summary>fsync before every acknowledgement (group commit).</summary>
    Always,

    /// <summary>fsync every N records or T time.</summary>
    Batched,

    /// <summary>No fsync on append.</summary>
    None,
}
