using System.Text;
using System.Text.Json;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Auditing;

public class AuditLogReaderTests
{
    private static AuditLogRead Read(string path, AuditLogPosition? from, List<AuditedCall> calls) =>
        AuditLogReader.Read(path, from, calls.Add);

    // Varied records: two digests, two callers (one null), rows 1..3, and a clock that crosses midnight.
    private static void Append(string path, int from, int to, long? maxSegmentBytes = null)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.Zero).AddMinutes(7 * from));
        using var log = AuditLog.Open(path, AuditFixtures.Options(clock, maxSegmentBytes));
        for (var i = from; i <= to; i++)
        {
            log.Append(new AuditEntry("credit", "1.2.0", i % 3 == 0 ? new string('e', 64) : AuditFixtures.Digest,
                AuditJson.FromNumbers([i]), AuditJson.FromNumbers([0.5]))
            {
                Caller = i % 4 == 0 ? null : "svc-" + (i % 2),
                Rows = 1 + i % 3,
            });
            clock.Advance(TimeSpan.FromMinutes(7));
        }
    }

    // The independent count: every JSON line of every segment, grouped by hand.
    private static Dictionary<(string, DateOnly, string?), (int Calls, int Rows)> CountLines(string folder)
    {
        var result = new Dictionary<(string, DateOnly, string?), (int, int)>();
        foreach (var file in Directory.GetFiles(folder, "*.jsonl"))
        {
            foreach (var line in AuditFixtures.Lines(file))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var key = (r.GetProperty("digest").GetString()!, DateOnly.FromDateTime(r.GetProperty("ts").GetDateTimeOffset().UtcDateTime),
                    r.GetProperty("caller").GetString());
                var (calls, rows) = result.GetValueOrDefault(key);
                result[key] = (calls + 1, rows + r.GetProperty("rows").GetInt32());
            }
        }
        return result;
    }

    private static Dictionary<(string, DateOnly, string?), (int Calls, int Rows)> Group(IEnumerable<AuditedCall> calls) =>
        calls.GroupBy(c => (c.Digest, c.Day, c.Caller)).ToDictionary(g => g.Key, g => (g.Count(), g.Sum(c => c.Rows)));

    [Fact]
    public void Reading_from_the_start_hands_on_every_record_as_the_lines_say()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 40);
        var calls = new List<AuditedCall>();

        var read = Read(path, null, calls);

        Assert.Equal(AuditLogStatus.Intact, read.Verification.Status);
        Assert.Equal(40, calls.Count);
        Assert.Equal(CountLines(dir.Path), Group(calls));
        Assert.True(Group(calls).Keys.Select(k => k.Item2).Distinct().Count() >= 2, "the records should span two days");
        Assert.Equal(new AuditLogPosition(1, new FileInfo(path).Length, 40, AuditFixtures.Lines(path)[^1][^66..^2]), read.End);
    }

    [Fact]
    public void Reading_again_from_the_end_hands_on_nothing()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 10);
        var first = Read(path, null, []);
        var calls = new List<AuditedCall>();

        var again = Read(path, first.End, calls);

        Assert.Equal(AuditLogStatus.Intact, again.Verification.Status);
        Assert.Empty(calls);
        Assert.Equal(first.End, again.End);
    }

    [Fact]
    public void A_grown_log_hands_on_only_its_new_records()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 10);
        var first = Read(path, null, []);
        Append(path, 11, 25);
        var calls = new List<AuditedCall>();

        var grown = Read(path, first.End, calls);

        Assert.Equal(AuditLogStatus.Intact, grown.Verification.Status);
        Assert.Equal(15, calls.Count);
        Assert.Equal(25, grown.End!.Sequence);
        Assert.Equal(15, grown.Verification.Records);
    }

    [Fact]
    public void New_segments_continue_the_chain_from_where_reading_stopped()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 12, maxSegmentBytes: 2000);
        var all = new List<AuditedCall>();
        var first = Read(path, null, all);
        Append(path, 13, 60, maxSegmentBytes: 2000);

        var second = Read(path, first.End, all);

        Assert.True(Directory.GetFiles(dir.Path, "*.jsonl").Length > 3);
        Assert.Equal(AuditLogStatus.Intact, second.Verification.Status);
        Assert.Equal(60, all.Count);
        Assert.Equal(CountLines(dir.Path), Group(all));
        Assert.True(second.End!.Segment > first.End!.Segment);
    }

    [Fact]
    public void Reading_resumes_even_after_the_segments_before_the_position_were_deleted()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 30, maxSegmentBytes: 2000);
        var first = Read(path, null, []);
        Append(path, 31, 35, maxSegmentBytes: 2000);
        File.Delete(path);   // retention removed the oldest segment after it was counted

        var calls = new List<AuditedCall>();
        var read = Read(AuditSegments.PathOf(path, first.End!.Segment), first.End, calls);

        Assert.Equal(AuditLogStatus.Intact, read.Verification.Status);
        Assert.Equal(5, calls.Count);
    }

    [Fact]
    public void A_torn_last_line_ends_the_read_before_it_and_is_read_next_time()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 10);
        // The same log with one more record, written elsewhere: its line 11 is what the writer was appending.
        var fullDir = Directory.CreateDirectory(Path.Combine(dir.Path, "full")).FullName;
        Append(Path.Combine(fullDir, "audit.jsonl"), 1, 11);
        var line11 = Encoding.UTF8.GetBytes(AuditFixtures.Lines(Path.Combine(fullDir, "audit.jsonl"))[10] + "\n");
        using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write(line11.AsSpan(0, 40));
        }
        var calls = new List<AuditedCall>();

        var torn = Read(path, null, calls);

        Assert.Equal(AuditLogStatus.TornTail, torn.Verification.Status);
        Assert.Equal(10, calls.Count);
        Assert.Equal(10, torn.End!.Sequence);

        using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write(line11.AsSpan(40));
        }
        var next = Read(path, torn.End, calls);
        Assert.Equal(AuditLogStatus.Intact, next.Verification.Status);
        Assert.Equal(11, calls.Count);
        Assert.Equal(11, next.End!.Sequence);
    }

    [Fact]
    public void An_edited_record_after_the_position_is_named_by_file_and_line()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 5);
        var first = Read(path, null, []);
        Append(path, 6, 10);
        var lines = AuditFixtures.Lines(path);
        lines[6] = lines[6].Replace("\"rows\":", "\"rows\":9", StringComparison.Ordinal);
        File.WriteAllText(path, string.Join("", lines.Select(l => l + "\n")));

        var read = Read(path, first.End, []);

        Assert.Equal(AuditLogStatus.Broken, read.Verification.Status);
        Assert.Equal(AuditProblemKind.Edited, read.Verification.Problem!.Kind);
        Assert.Equal(7, read.Verification.Problem.LineNumber);
        Assert.Equal(Path.GetFullPath(path), read.Verification.Problem.SegmentPath);
    }

    [Fact]
    public void A_first_new_record_that_does_not_chain_to_the_position_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 10);
        var first = Read(path, null, []);
        // A position that claims record 5 ends where record 10 ends: the next record must be 6 and chain to it.
        var claimed = first.End! with { Sequence = 5 };
        Append(path, 11, 11);

        var read = Read(path, claimed, []);

        Assert.Equal(AuditLogStatus.Broken, read.Verification.Status);
        Assert.Equal(11, read.Verification.Problem!.LineNumber);
    }

    [Fact]
    public void A_log_replaced_by_another_one_does_not_match_the_position()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 10);
        var first = Read(path, null, []);
        File.Delete(path);
        Append(path, 100, 130);   // another log under the same name, longer than the first

        var read = Read(path, first.End, []);

        Assert.Equal(AuditLogStatus.Broken, read.Verification.Status);
        Assert.Equal(AuditProblemKind.PositionMismatch, read.Verification.Problem!.Kind);
        Assert.Contains("record 10", read.Verification.Problem.Message);
        Assert.Equal(first.End, read.End);
    }

    [Fact]
    public void A_truncated_log_does_not_match_the_position()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        Append(path, 1, 10);
        var first = Read(path, null, []);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var read = Read(path, first.End, []);

        Assert.Equal(AuditProblemKind.PositionMismatch, read.Verification.Problem!.Kind);
        Assert.Contains("truncated", read.Verification.Problem.Message);
    }

    [Fact]
    public void The_identity_is_the_genesis_of_the_first_segments_name_from_any_segment()
    {
        Assert.Equal(AuditChain.Genesis("audit.jsonl"), AuditLogReader.IdentityOf("/x/audit.jsonl"));
        Assert.Equal(AuditChain.Genesis("audit.jsonl"), AuditLogReader.IdentityOf("/x/audit.000003.jsonl"));
    }
}
