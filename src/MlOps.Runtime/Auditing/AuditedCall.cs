namespace MlOps.Runtime.Auditing;

/// <summary>What one verified audit record says was called, for counting usage: which artefact, on which UTC day, for whom, how many rows.</summary>
/// <param name="Digest">The artefact digest (sha256 of the artefact's manifest.json).</param>
/// <param name="Day">The UTC day of the record's <c>ts</c>.</param>
/// <param name="Caller">The record's caller, or null when it named none.</param>
/// <param name="Rows">Rows scored by the call.</param>
public readonly record struct AuditedCall(string Digest, DateOnly Day, string? Caller, int Rows);
