namespace MlOps.Runtime.Auditing;

/// <summary>
/// Told about every acknowledged record, after it is durable in the file. Adapters (structured logging,
/// metrics) implement this; the file stays the record of truth.
/// </summary>
public interface IAuditObserver
{
    /// <summary>Called once per record, outside the log's locks, on the appending thread.</summary>
    void OnAppended(AuditRecord record);
}
