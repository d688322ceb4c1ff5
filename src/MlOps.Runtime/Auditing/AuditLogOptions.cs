namespace MlOps.Runtime.Auditing;

/// <summary>Settings of an <see cref="AuditLog"/>.</summary>
public sealed class AuditLogOptions
{
    /// <summary>The fsync policy; default <see cref="AuditDurability.Always"/> (safe).</summary>
    public AuditDurability Durability { get; init; } = AuditDurability.Always;

    /// <summary>
    /// Start a new segment when the current one would grow past this many bytes (default 64 MiB);
    /// null disables rotation. A record larger than the limit still goes into a segment of its own.
    /// </summary>
    public long? MaxSegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The clock for record timestamps (inject a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When the last segment ends with a torn record (a crash mid-write), move the torn bytes to a side
    /// file <c>&lt;segment&gt;.torn-&lt;line&gt;</c> and continue. Off by default: opening then fails so that an
    /// operator looks first.
    /// </summary>
    public bool RepairTornTail { get; init; }

    /// <summary>Observers told about each acknowledged record (for example <see cref="Logging.AuditLoggingObserver"/>).</summary>
    public IReadOnlyList<IAuditObserver> Observers { get; init; } = Array.Empty<IAuditObserver>();
}
