namespace MlOps.Catalog.Usage;

/// <summary>What a usage ingest did with one audit log.</summary>
/// <param name="Log">The log's first segment (absolute path).</param>
/// <param name="Records">Records counted now (0 when nothing was new, or the log was refused).</param>
/// <param name="Sequence">The last counted record's seq after this ingest (0 when none was ever counted).</param>
/// <param name="TornTail">The log ends with a record being written (or torn by a crash): it was left for the next ingest.</param>
/// <param name="Refused">Why nothing was counted from the log, or null when it was counted.</param>
public sealed record LogIngest(string Log, long Records, long Sequence, bool TornTail, MlOpsException? Refused);
