using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Runtime.Auditing;

namespace MlOps.Cli.Tests.Catalog;

/// <summary>`mlops catalog usage ingest|report` against a real SQLite catalog file and real audit logs.</summary>
public sealed class CatalogUsageCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-cli-usage-" + Guid.NewGuid().ToString("N"));

    public CatalogUsageCommandTests() => Directory.CreateDirectory(Path.Combine(_dir, "logs"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Logs => Path.Combine(_dir, "logs");

    private string LogPath => Path.Combine(Logs, "predictions.jsonl");

    private CliResult Usage(params string[] args) => CliRunner.Run(["catalog", "usage", .. args, "--catalog", Path.Combine(_dir, "catalog.db")]);

    private void Append(int from, int to, string caller = "svc")
    {
        var clock = new Clock { Now = new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero).AddMinutes(10 * from) };
        using var log = AuditLog.Open(LogPath, new AuditLogOptions { TimeProvider = clock, Durability = AuditDurability.None });
        for (var i = from; i <= to; i++)
        {
            log.Append(new AuditEntry("credit", "1.0.0", new string(i % 2 == 0 ? 'a' : 'b', 64), AuditJson.FromNumbers([i]), AuditJson.FromNumbers([0.5]))
            {
                Caller = caller,
                Rows = 2,
            });
            clock.Now = clock.Now.AddMinutes(10);
        }
    }

    [Fact]
    public void Ingest_counts_once_and_the_report_totals_every_call()
    {
        Append(1, 20);

        var first = Usage("ingest", Logs);
        var again = Usage("ingest", Logs, LogPath);
        var report = Usage("report", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("20 new records (counted up to record 20)", first.StdOut);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing new (counted up to record 20)", again.StdOut);
        Assert.True(report.ExitCode == 0, report.ToString());
        using var doc = JsonDocument.Parse(report.StdOut);
        Assert.Equal(20, doc.RootElement.GetProperty("totals").GetProperty("calls").GetInt64());
        Assert.Equal(40, doc.RootElement.GetProperty("totals").GetProperty("rows").GetInt64());
        var row = doc.RootElement.GetProperty("usage")[0];
        Assert.Equal(["model", "version", "digest", "day", "caller", "calls", "rows"], row.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("model").ValueKind);   // usage before registration is kept
        Assert.Equal("svc", row.GetProperty("caller").GetString());
        Assert.Equal(["2026-12-01", "2026-12-02"], doc.RootElement.GetProperty("usage").EnumerateArray().Select(r => r.GetProperty("day").GetString()!).Distinct().Order().ToArray());
    }

    [Fact]
    public void The_human_report_lists_unregistered_usage_and_a_totals_line()
    {
        Append(1, 6);
        Usage("ingest", LogPath);

        var report = Usage("report", "--from", "2026-12-01", "--to", "2026-12-01");

        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("(unregistered)", report.StdOut);
        Assert.Contains("total: 6 calls, 12 rows", report.StdOut);
    }

    [Fact]
    public void An_edited_record_exits_2_naming_the_file_and_line_and_counts_nothing()
    {
        Append(1, 10);
        var lines = File.ReadAllLines(LogPath);
        lines[6] = lines[6].Replace("\"rows\":2", "\"rows\":3", StringComparison.Ordinal);
        File.WriteAllText(LogPath, string.Join("\n", lines) + "\n");

        var ingest = Usage("ingest", Logs);
        var report = Usage("report");

        Assert.True(ingest.ExitCode == 2, ingest.ToString());
        Assert.Contains($"{LogPath}(7): MLOPS170:", ingest.StdErr);
        Assert.Contains("0 records counted from 1 log", ingest.StdOut);
        Assert.Contains("no usage", report.StdOut);
    }

    [Fact]
    public void A_log_replaced_since_it_was_counted_exits_2()
    {
        Append(1, 5);
        Usage("ingest", LogPath);
        File.Delete(LogPath);
        Append(1, 30, caller: "someone-else");

        var ingest = Usage("ingest", LogPath);

        Assert.True(ingest.ExitCode == 2, ingest.ToString());
        Assert.Contains("MLOPS171", ingest.StdErr);
        Assert.Contains("total: 5 calls", Usage("report").StdOut);
    }

    [Theory]
    [InlineData("ingest", "nope.jsonl")]
    [InlineData("report", "--from", "1 Dec")]
    [InlineData("report", "--from", "2026-12-02", "--to", "2026-12-01")]
    [InlineData("report", "--model", "nobody")]
    public void Bad_input_exits_2(params string[] args)
    {
        var result = Usage(args.Select(a => a == "nope.jsonl" ? Path.Combine(_dir, a) : a).ToArray());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.False(string.IsNullOrWhiteSpace(result.StdErr));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
