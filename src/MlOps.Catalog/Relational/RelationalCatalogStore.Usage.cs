using System.Globalization;
using MlOps.Catalog.Store;
using MlOps.Diagnostics;
using MlOps.Serialization;

namespace MlOps.Catalog.Relational;

/// <summary>Monitoring results, usage counts and the cursors that counted them.</summary>
internal sealed partial class RelationalCatalogStore
{
    /// <inheritdoc />
    public void AddMonitoring(MonitoringRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(() =>
        {
            _ = ByDigest(record.Digest) ?? throw UnknownDigest(record.Digest);
            return Execute(
                """
                INSERT INTO monitoring (digest, checked_at, kind, drifted, drifted_features, report_sha256, report_json)
                VALUES (@digest, @at, @kind, @drifted, @features, @sha256, @json)
                ON CONFLICT (digest, report_sha256) DO NOTHING
                """,
                ("digest", record.Digest), ("at", UtcTime.Format(record.CheckedAt)), ("kind", record.Kind), ("drifted", record.Drifted ? 1 : 0),
                ("features", FeaturesJson(record.DriftedFeatures)), ("sha256", record.ReportSha256), ("json", record.ReportJson));
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<MonitoringRecord> Monitoring(string digest) => Run(duringWrite: false, () => Query(
        """
        SELECT digest, checked_at, kind, drifted, drifted_features, report_sha256, report_json
        FROM monitoring WHERE digest = @digest ORDER BY checked_at, id
        """,
        r => new MonitoringRecord(r.GetString(0), Time(r, 1), r.GetString(2), Number(r, 3) != 0, Features(r.GetString(4)), r.GetString(5), r.GetString(6)),
        ("digest", digest)));

    /// <inheritdoc />
    public UsageCursor? FindUsageCursor(string logKey) => Run(duringWrite: false, () => Query(
        "SELECT log_key, segment, byte_offset, sequence, hash FROM usage_cursors WHERE log_key = @key",
        r => new UsageCursor(r.GetString(0), (int)Number(r, 1), Number(r, 2), Number(r, 3), r.GetString(4)),
        ("key", logKey)).FirstOrDefault());

    /// <inheritdoc />
    public void AddUsage(IReadOnlyList<UsageCount> counts, UsageCursor? previous, UsageCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(cursor);
        if (previous is not null && previous.LogKey != cursor.LogKey)
        {
            throw new ArgumentException("The previous cursor belongs to another log.", nameof(previous));
        }
        Write(() =>
        {
            // The cursor moves first, and only from where this ingest started reading: a concurrent ingest of the same
            // log that committed first leaves no row to move (PostgreSQL re-reads the row after the other's commit;
            // SQLite writers are serialised), so this one adds nothing instead of counting the same records again.
            var moved = previous is null
                ? Execute(
                    """
                    INSERT INTO usage_cursors (log_key, segment, byte_offset, sequence, hash, updated_at)
                    VALUES (@key, @segment, @offset, @sequence, @hash, @at)
                    ON CONFLICT (log_key) DO NOTHING
                    """,
                    ("key", cursor.LogKey), ("segment", (long)cursor.Segment), ("offset", cursor.Offset), ("sequence", cursor.Sequence),
                    ("hash", cursor.Hash), ("at", UtcTime.Format(DateTimeOffset.UtcNow)))
                : Execute(
                    """
                    UPDATE usage_cursors
                    SET segment = @segment, byte_offset = @offset, sequence = @sequence, hash = @hash, updated_at = @at
                    WHERE log_key = @key AND segment = @was_segment AND byte_offset = @was_offset AND sequence = @was_sequence AND hash = @was_hash
                    """,
                    ("key", cursor.LogKey), ("segment", (long)cursor.Segment), ("offset", cursor.Offset), ("sequence", cursor.Sequence),
                    ("hash", cursor.Hash), ("at", UtcTime.Format(DateTimeOffset.UtcNow)), ("was_segment", (long)previous.Segment),
                    ("was_offset", previous.Offset), ("was_sequence", previous.Sequence), ("was_hash", previous.Hash));
            if (moved == 0)
            {
                throw new MlOpsException(
                    $"Another usage ingest counted this audit log (log key {cursor.LogKey}) while this one was reading it; nothing from this run was added for it.",
                    diagnostic: DiagnosticCatalog.UsageCountedConcurrently,
                    fix: "Run the ingest again: it continues from where the other one stopped. Schedule one ingest per catalog at a time.");
            }
            Pause();
            // One prepared statement for every count: an ingest of many days and callers stays one round of binds.
            using var upsert = Command(
                """
                INSERT INTO usage_daily (digest, day, caller, calls, rows_scored) VALUES (@digest, @day, @caller, @calls, @rows)
                ON CONFLICT (digest, day, caller) DO UPDATE
                SET calls = usage_daily.calls + excluded.calls, rows_scored = usage_daily.rows_scored + excluded.rows_scored
                """,
                ("digest", ""), ("day", ""), ("caller", ""), ("calls", 0L), ("rows", 0L));
            upsert.Prepare();
            var first = true;
            foreach (var count in counts)
            {
                upsert.Parameters[0].Value = count.Digest;
                upsert.Parameters[1].Value = Day(count.Day);
                upsert.Parameters[2].Value = count.Caller;
                upsert.Parameters[3].Value = count.Calls;
                upsert.Parameters[4].Value = count.Rows;
                upsert.ExecuteNonQuery();
                if (first)
                {
                    first = false;
                    Pause();
                }
            }
            return counts.Count;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<UsageCount> Usage(string? model = null, DateOnly? from = null, DateOnly? to = null)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (model is not null)
        {
            conditions.Add("u.digest IN (SELECT v.digest FROM versions v WHERE v.model = @model)");
            parameters.Add(("model", model));
        }
        if (from is { } first)
        {
            conditions.Add("u.day >= @from");
            parameters.Add(("from", Day(first)));
        }
        if (to is { } last)
        {
            conditions.Add("u.day <= @to");
            parameters.Add(("to", Day(last)));
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        return Run(duringWrite: false, () => Query(
            $"SELECT u.digest, u.day, u.caller, u.calls, u.rows_scored FROM usage_daily u {where} ORDER BY u.day, u.digest, u.caller",
            r => new UsageCount(r.GetString(0), DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetString(2),
                Number(r, 3), Number(r, 4)),
            [.. parameters]));
    }
}
