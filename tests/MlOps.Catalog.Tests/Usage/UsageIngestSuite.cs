using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;
using MlOps.Catalog.Tests.Support;
using MlOps.Catalog.Usage;
using MlOps.Diagnostics;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Usage;

/// <summary>
/// `usage ingest` against a real catalog: every ingest opens the catalog afresh, so what is remembered is what the
/// database kept (the cursor), not state in memory.
/// </summary>
public abstract class UsageIngestSuite : IDisposable
{
    protected readonly TempFolder Folder = new();

    /// <summary>The same (initially empty) catalog on every call.</summary>
    protected abstract ICatalogStore OpenStore();

    private string Log(string name = "predictions.jsonl") => Folder.File(name);

    private IReadOnlyList<LogIngest> Ingest(params string[] paths)
    {
        using var store = OpenStore();
        return new UsageIngester(store).Ingest(paths);
    }

    private List<UsageCount> Usage()
    {
        using var store = OpenStore();
        return AuditLogs.Sorted(store.Usage());
    }

    [StoreFact]
    public void Counts_equal_the_lines_grouped_by_digest_day_and_caller()
    {
        AuditLogs.Append(Log(), 1, 300);

        var result = Assert.Single(Ingest(Log()));

        Assert.Null(result.Refused);
        Assert.Equal(300, result.Records);
        var usage = Usage();
        Assert.Equal(AuditLogs.CountLines(Log()), usage);
        Assert.True(usage.Select(u => u.Day).Distinct().Count() >= 2, "the records should span two UTC days");
        Assert.Contains(usage, u => u.Caller == "");
    }

    [StoreFact]
    public void Ingesting_the_same_files_again_adds_nothing()
    {
        AuditLogs.Append(Log(), 1, 50);
        Ingest(Folder.Path);
        var before = Usage();

        var again = Assert.Single(Ingest(Folder.Path, Log()));

        Assert.Equal(0, again.Records);
        Assert.Equal(50, again.Sequence);
        Assert.Equal(before, Usage());
    }

    [StoreFact]
    public void A_grown_file_adds_only_its_new_records()
    {
        AuditLogs.Append(Log(), 1, 40);
        Ingest(Log());
        AuditLogs.Append(Log(), 41, 100);

        var grown = Assert.Single(Ingest(Log()));

        Assert.Equal(60, grown.Records);
        Assert.Equal(AuditLogs.CountLines(Log()), Usage());
    }

    [StoreFact]
    public void A_new_segment_continues_the_chain_and_is_counted_once()
    {
        AuditLogs.Append(Log(), 1, 20, maxSegmentBytes: 4000);
        Ingest(Folder.Path);
        AuditLogs.Append(Log(), 21, 120, maxSegmentBytes: 4000);
        var segments = Directory.GetFiles(Folder.Path, "*.jsonl");
        Assert.True(segments.Length >= 3);

        var result = Assert.Single(Ingest(segments[^1]));   // any segment names the whole log

        Assert.Equal(100, result.Records);
        Assert.Equal(AuditLogs.CountLines(segments), Usage());
    }

    [StoreFact]
    public void A_torn_last_line_is_left_out_and_counted_by_the_next_ingest()
    {
        AuditLogs.Append(Log(), 1, 10);
        var complete = Folder.File("complete/predictions.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(complete)!);
        AuditLogs.Append(complete, 1, 11);
        var line11 = File.ReadAllBytes(complete)[File.ReadAllBytes(Log()).Length..];
        using (var stream = new FileStream(Log(), FileMode.Append))
        {
            stream.Write(line11.AsSpan(0, 30));   // the writer is mid-append
        }

        var torn = Assert.Single(Ingest(Log()));
        Assert.True(torn.TornTail);
        Assert.Equal(10, torn.Records);
        using (var stream = new FileStream(Log(), FileMode.Append))
        {
            stream.Write(line11.AsSpan(30));
        }
        var next = Assert.Single(Ingest(Log()));

        Assert.False(next.TornTail);
        Assert.Equal(1, next.Records);
        Assert.Equal(AuditLogs.CountLines(complete), Usage());
    }

    [StoreFact]
    public void An_edited_record_refuses_the_log_naming_file_and_line_and_adds_nothing_from_it()
    {
        AuditLogs.Append(Log(), 1, 30);
        Ingest(Log());
        var counted = Usage();
        AuditLogs.Append(Log(), 31, 60);
        AuditLogs.Append(Log("other.jsonl"), 1, 5);
        var lines = File.ReadAllLines(Log());
        lines[44] = lines[44].Replace("\"rows\":", "\"rows\":7", StringComparison.Ordinal);   // record 45
        File.WriteAllText(Log(), string.Join("\n", lines) + "\n");

        var results = Ingest(Folder.Path);

        var refused = Assert.Single(results, r => r.Refused is not null).Refused!;
        Assert.Equal(DiagnosticCatalog.UsageLogBroken, refused.Diagnostic);
        Assert.Equal(Path.GetFullPath(Log()), refused.File);
        Assert.Equal(45, refused.Line);
        Assert.Contains("Record 45 at line 45 was edited", refused.Message);
        // Records 31..44 verified but are not counted: a log counts all its new records or none.
        var expected = AuditLogs.Sorted(counted.Concat(AuditLogs.CountLines(Log("other.jsonl")))
            .GroupBy(c => (c.Digest, c.Day, c.Caller)).Select(g => new UsageCount(g.Key.Digest, g.Key.Day, g.Key.Caller, g.Sum(c => c.Calls), g.Sum(c => c.Rows))));
        Assert.Equal(expected, Usage());
        Assert.Equal(0, Ingest(Log()).Single().Records);   // still refused next time
    }

    [StoreFact]
    public void A_deleted_record_after_the_cursor_refuses_the_log()
    {
        AuditLogs.Append(Log(), 1, 10);
        Ingest(Log());
        var counted = Usage();
        AuditLogs.Append(Log(), 11, 20);
        var lines = File.ReadAllLines(Log()).ToList();
        lines.RemoveAt(14);   // record 15
        File.WriteAllText(Log(), string.Join("\n", lines) + "\n");

        var result = Assert.Single(Ingest(Log()));

        Assert.Equal(DiagnosticCatalog.UsageLogBroken, result.Refused!.Diagnostic);
        Assert.Equal(15, result.Refused.Line);
        Assert.Contains("Record 15 is missing", result.Refused.Message);
        Assert.Equal(counted, Usage());
    }

    [StoreFact]
    public void A_file_replaced_by_another_log_no_longer_matches_the_cursor_and_adds_nothing()
    {
        AuditLogs.Append(Log(), 1, 20);
        Ingest(Log());
        var counted = Usage();
        File.Delete(Log());
        AuditLogs.Append(Log(), 1, 80, callerPrefix: "other");   // same name, another log, longer than the first

        var result = Assert.Single(Ingest(Log()));

        Assert.Equal(DiagnosticCatalog.UsageLogChanged, result.Refused!.Diagnostic);
        Assert.Equal(Path.GetFullPath(Log()), result.Refused.File);
        Assert.Contains("record 20", result.Refused.Message);
        Assert.Equal(counted, Usage());
    }

    [StoreFact]
    public void A_truncated_file_no_longer_matches_the_cursor()
    {
        AuditLogs.Append(Log(), 1, 20);
        Ingest(Log());
        using (var stream = new FileStream(Log(), FileMode.Open))
        {
            stream.SetLength(stream.Length - 10);
        }

        var result = Assert.Single(Ingest(Log()));

        Assert.Equal(DiagnosticCatalog.UsageLogChanged, result.Refused!.Diagnostic);
    }

    [StoreFact]
    public void Two_logs_with_one_name_are_refused_before_anything_is_counted()
    {
        AuditLogs.Append(Folder.File("a/predictions.jsonl").Also(Directory.CreateDirectory(Folder.File("a"))), 1, 5);
        AuditLogs.Append(Folder.File("b/predictions.jsonl").Also(Directory.CreateDirectory(Folder.File("b"))), 1, 6, callerPrefix: "b");

        var e = Assert.Throws<MlOpsException>(() => Ingest(Folder.File("a"), Folder.File("b")));

        Assert.Equal(DiagnosticCatalog.UsageLogNameClash, e.Diagnostic);
        Assert.Empty(Usage());
    }

    [StoreFact]
    public void A_missing_path_is_refused_before_anything_is_counted()
    {
        AuditLogs.Append(Log(), 1, 5);

        var e = Assert.Throws<MlOpsException>(() => Ingest(Log(), Folder.File("nope.jsonl")));

        Assert.Equal(Folder.File("nope.jsonl"), e.File);
        Assert.Empty(Usage());
    }

    [StoreFact]
    public void The_report_names_registered_versions_and_lists_the_rest_as_unregistered()
    {
        AuditLogs.Append(Log(), 1, 30);
        Ingest(Log());
        using var store = OpenStore();
        store.Register(Samples.Version("credit", "1.0.0"), []);
        store.Register(Samples.Version("credit", "1.1.0"), []);

        var all = UsageReport.Build(store);
        var credit = UsageReport.Build(store, "credit", from: new DateOnly(2026, 12, 2));

        Assert.Equal(30, all.Sum(r => r.Calls));
        Assert.All(all.Where(r => r.Digest == AuditLogs.Digests[2]), r => Assert.Null(r.Model));
        Assert.Equal(AuditLogs.Digests[2], all[^1].Digest);   // unregistered last
        Assert.All(credit, r => Assert.Equal("credit", r.Model));
        Assert.All(credit, r => Assert.True(r.Day >= new DateOnly(2026, 12, 2)));
        Assert.Equal(["1.0.0", "1.1.0"], credit.Select(r => r.Version!).Distinct().ToArray());
        var unknown = Assert.Throws<MlOpsException>(() => UsageReport.Build(store, "nobody"));
        Assert.Equal(DiagnosticCatalog.CatalogReferenceNotFound, unknown.Diagnostic);
    }

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

internal static class PathExtensions
{
    /// <summary>Returns the path after a side effect (creating its folder), so a test line reads in order.</summary>
    public static string Also(this string path, object? _) => path;
}
