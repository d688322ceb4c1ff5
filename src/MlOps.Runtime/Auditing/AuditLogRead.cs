namespace MlOps.Runtime.Auditing;

/// <summary>What an incremental read of an audit log found (<see cref="AuditLogReader.Read"/>).</summary>
/// <param name="Verification">
/// The verdict on the records read: <see cref="AuditLogStatus.Intact"/>, <see cref="AuditLogStatus.TornTail"/> (the
/// records before the torn line are good), or <see cref="AuditLogStatus.Broken"/> with the first problem's file and line.
/// Its <see cref="AuditVerification.Records"/> counts the records read in this pass only.
/// </param>
/// <param name="End">Just after the last verified record, where the next read resumes; null when the log has none.</param>
public sealed record AuditLogRead(AuditVerification Verification, AuditLogPosition? End);
