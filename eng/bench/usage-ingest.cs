#:project ../../src/MlOps.Catalog/MlOps.Catalog.csproj
// The usage-ingest benchmark's tool, for eng/bench/usage-ingest.sh.
//   write <log.jsonl> <records>   writes an audit log with the real AuditLog writer (durability None: the writer's speed
//                                 is not what is measured), 4 digests x 3 callers, 1,000 records per simulated minute.
//   bench <log.jsonl> <catalog.db> times, in one process against one SQLite file: (1) a bare bulk insert of one row per
//                                 record (digest, day, caller, rows) in one transaction with one prepared statement, the
//                                 rows parsed beforehand and not timed; (2) UsageIngester over the same log into a fresh
//                                 catalog in the same file: read + verify the chain + aggregate + store.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlOps.Catalog.Location;
using MlOps.Catalog.Usage;
using MlOps.Runtime.Auditing;

var inv = CultureInfo.InvariantCulture;
switch (args[0])
{
    case "write":
    {
        var count = int.Parse(args[2], inv);
        var clock = new StepClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var log = AuditLog.Open(args[1], new AuditLogOptions { Durability = AuditDurability.None, TimeProvider = clock, MaxSegmentBytes = 64L << 20 });
        var digests = Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 64)).ToArray();
        var output = AuditJson.FromNumbers([0.25, 0.75]);
        for (var i = 0; i < count; i++)
        {
            log.Append(new AuditEntry("bench-model", "1.0." + (i % 4), digests[i % 4], AuditJson.FromNumbers([i, i * 0.5, 1, 2, 3, 4, 5, 6]), output)
            {
                Caller = "service-" + (i % 3),
                Rows = 1 + i % 5,
                Latency = TimeSpan.FromMilliseconds(0.2),
            });
            clock.Tick();
        }
        return 0;
    }
    case "bench":
    {
        var (logPath, dbPath) = (args[1], args[2]);
        var rows = new List<(string Digest, string Day, string Caller, long Rows)>();
        foreach (var segment in AuditSegments.Find(Path.GetFullPath(logPath)))
        {
            foreach (var line in File.ReadLines(segment.Path))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                rows.Add((r.GetProperty("digest").GetString()!, r.GetProperty("ts").GetString()![..10], r.GetProperty("caller").GetString() ?? "", r.GetProperty("rows").GetInt64()));
            }
        }

        // (2) first on an empty file so the catalog's migrations create the schema; then (1) into the same file.
        var ingestTime = Stopwatch.StartNew();
        long counted;
        using (var store = CatalogLocation.Open(dbPath))
        {
            counted = new UsageIngester(store).Ingest([logPath]).Sum(l => l.Records);
        }
        ingestTime.Stop();

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "DROP TABLE IF EXISTS bench_bare; CREATE TABLE bench_bare (digest TEXT NOT NULL, day TEXT NOT NULL, caller TEXT NOT NULL, rows_scored INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }
        var bareTime = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO bench_bare (digest, day, caller, rows_scored) VALUES ($d, $day, $c, $r)";
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var day = insert.Parameters.Add("$day", SqliteType.Text);
            var c = insert.Parameters.Add("$c", SqliteType.Text);
            var n = insert.Parameters.Add("$r", SqliteType.Integer);
            insert.Transaction = transaction;
            insert.Prepare();
            foreach (var row in rows)
            {
                d.Value = row.Digest;
                day.Value = row.Day;
                c.Value = row.Caller;
                n.Value = row.Rows;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        bareTime.Stop();

        double Rate(long records, Stopwatch s) => records / s.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"records: {rows.Count:N0} in the log, {counted:N0} counted by the ingest"));
        Console.WriteLine(string.Create(inv, $"bare bulk insert (1 transaction, prepared): {bareTime.Elapsed.TotalSeconds:F2} s = {Rate(rows.Count, bareTime):N0} records/s"));
        Console.WriteLine(string.Create(inv, $"usage ingest (verify + aggregate + store):  {ingestTime.Elapsed.TotalSeconds:F2} s = {Rate(counted, ingestTime):N0} records/s"));
        Console.WriteLine(string.Create(inv, $"ratio ingest/bare: {Rate(counted, ingestTime) / Rate(rows.Count, bareTime):F2}x (goal >= 0.5x)"));
        return counted == rows.Count ? 0 : 1;
    }
    default:
        Console.Error.WriteLine("usage: usage-ingest.cs write <log> <records> | bench <log> <catalog.db>");
        return 2;
}

/// <summary>A clock that moves 60 ms per record: 1M records span about 17 hours, so across a day boundary.</summary>
sealed class StepClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.AddHours(10);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Tick() => _now = _now.AddMilliseconds(60);
}
