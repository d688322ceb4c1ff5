using System.Text;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Auditing;

public class AuditLogVerifierTests
{
    private static (TempFolder Dir, string Path) Log(int records, long? maxSegmentBytes = null)
    {
        var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, records, maxSegmentBytes);
        return (dir, path);
    }

    private static void RewriteLines(string path, Func<List<string>, List<string>> change) =>
        File.WriteAllText(path, string.Join("", change(AuditFixtures.Lines(path).ToList()).Select(l => l + "\n")));

    [Fact]
    public void An_untouched_log_is_intact()
    {
        var (dir, path) = Log(10);
        using var _ = dir;
        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(10, result.Records);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void An_empty_log_is_intact_with_no_records()
    {
        using var dir = new TempFolder();
        using (AuditLog.Open(dir.File("audit.jsonl"), AuditFixtures.Options()))
        {
        }
        var result = AuditLogVerifier.Verify(dir.File("audit.jsonl"));
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(0, result.Records);
    }

    [Theory]
    [InlineData("\"model\":\"cre", 'X')]   // a value byte
    [InlineData("\"latencyMs\":", '9')]    // a number byte
    [InlineData("\"prev\":\"", 'f')]       // the chain link itself
    [InlineData("\"hash\":\"", '0')]       // the stored hash
    public void Editing_one_byte_of_a_record_names_that_record(string anchor, char replacement)
    {
        var (dir, path) = Log(10);
        using var _ = dir;
        var bytes = File.ReadAllBytes(path);
        var lineStart = IndexOfLine(bytes, 6);
        var at = IndexOf(bytes, Encoding.UTF8.GetBytes(anchor), lineStart) + anchor.Length;
        bytes[at] = bytes[at] == (byte)replacement ? (byte)'1' : (byte)replacement;
        File.WriteAllBytes(path, bytes);

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Broken, result.Status);
        Assert.Equal(6, result.Problem!.LineNumber);
        Assert.Equal(AuditProblemKind.Edited, result.Problem.Kind);
        Assert.Contains("Record 6 at line 6 was edited", result.Problem.Message);
        Assert.Equal(5, result.Records);
    }

    [Fact]
    public void A_byte_edit_that_breaks_the_json_names_that_line()
    {
        var (dir, path) = Log(10);
        using var _ = dir;
        var bytes = File.ReadAllBytes(path);
        bytes[IndexOfLine(bytes, 4)] = (byte)'[';
        File.WriteAllBytes(path, bytes);

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.BadJson, result.Problem!.Kind);
        Assert.Equal(4, result.Problem.LineNumber);
        Assert.Contains("record 4", result.Problem.Message);
    }

    [Fact]
    public void A_deleted_record_is_named()
    {
        var (dir, path) = Log(10);
        using var _ = dir;
        RewriteLines(path, lines => { lines.RemoveAt(4); return lines; });

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Broken, result.Status);
        Assert.Equal(AuditProblemKind.Deleted, result.Problem!.Kind);
        Assert.Equal(5, result.Problem.LineNumber);
        Assert.Contains("Record 5 is missing before line 5", result.Problem.Message);
    }

    [Fact]
    public void Deleting_the_first_record_is_named()
    {
        var (dir, path) = Log(3);
        using var _ = dir;
        RewriteLines(path, lines => lines.Skip(1).ToList());
        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Deleted, result.Problem!.Kind);
        Assert.Equal(1, result.Problem.LineNumber);
    }

    [Fact]
    public void Two_reordered_records_are_named()
    {
        var (dir, path) = Log(10);
        using var _ = dir;
        RewriteLines(path, lines => { (lines[6], lines[7]) = (lines[7], lines[6]); return lines; });

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Reordered, result.Problem!.Kind);
        Assert.Equal(7, result.Problem.LineNumber);
        Assert.Contains("record 7 appears later", result.Problem.Message);
    }

    [Fact]
    public void A_replaced_record_with_a_recomputed_hash_breaks_the_next_link()
    {
        var (dir, path) = Log(5);
        using var _ = dir;
        using var other = new TempFolder();
        // Same name, different content at record 3: a self-consistent forgery that cannot chain on.
        var forged = other.File("audit.jsonl");
        using (var log = AuditLog.Open(forged, AuditFixtures.Options()))
        {
            log.Append(AuditFixtures.Entry(1));
            log.Append(AuditFixtures.Entry(2));
            log.Append(AuditFixtures.Entry(99));
        }
        RewriteLines(path, lines => { lines[2] = AuditFixtures.Lines(forged)[2]; return lines; });

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Edited, result.Problem!.Kind);
        Assert.Equal(4, result.Problem.LineNumber);
        Assert.Contains("record 3 was replaced", result.Problem.Message);
    }

    [Fact]
    public void A_torn_last_line_is_reported_as_a_torn_tail()
    {
        var (dir, path) = Log(5);
        using var _ = dir;
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.TornTail, result.Status);
        Assert.Equal(AuditProblemKind.TornTail, result.Problem!.Kind);
        Assert.Equal(5, result.Problem.LineNumber);
        Assert.Equal(4, result.Records);
    }

    [Fact]
    public void A_deleted_middle_segment_is_named()
    {
        var (dir, path) = Log(30, maxSegmentBytes: 1500);
        using var _ = dir;
        File.Delete(AuditSegments.PathOf(path, 2));

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.MissingSegment, result.Problem!.Kind);
        Assert.EndsWith("audit.000002.jsonl", result.Problem.SegmentPath);
    }

    [Fact]
    public void A_deleted_first_segment_is_named_when_verifying_a_later_one()
    {
        var (dir, path) = Log(30, maxSegmentBytes: 1500);
        using var _ = dir;
        File.Delete(path);

        var result = AuditLogVerifier.Verify(AuditSegments.PathOf(path, 2));
        Assert.Equal(AuditProblemKind.MissingSegment, result.Problem!.Kind);
        Assert.Contains("first segment", result.Problem.Message);
    }

    [Fact]
    public void Deleting_the_last_record_of_a_segment_breaks_the_link_into_the_next()
    {
        var (dir, path) = Log(30, maxSegmentBytes: 1500);
        using var _ = dir;
        var lastOfFirst = AuditFixtures.Lines(path).Length;
        RewriteLines(path, lines => lines.Take(lines.Count - 1).ToList());

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditProblemKind.Deleted, result.Problem!.Kind);
        Assert.EndsWith("audit.000002.jsonl", result.Problem.SegmentPath);
        Assert.Equal(1, result.Problem.LineNumber);
        Assert.Contains($"Record {lastOfFirst} is missing", result.Problem.Message);
    }

    [Fact]
    public void A_renamed_log_needs_its_original_name()
    {
        var (dir, path) = Log(3);
        using var _ = dir;
        var renamed = dir.File("renamed.jsonl");
        File.Move(path, renamed);

        Assert.Equal(AuditProblemKind.WrongGenesis, AuditLogVerifier.Verify(renamed).Problem!.Kind);
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(renamed, logName: "audit.jsonl").Status);
    }

    [Fact]
    public void A_file_that_is_not_an_audit_log_is_an_input_error()
    {
        using var dir = new TempFolder();
        var path = dir.File("data.jsonl");
        File.WriteAllText(path, "{\"a\":1}\n{\"b\":2}\n");
        var e = Assert.Throws<MlOpsException>(() => AuditLogVerifier.Verify(path));
        Assert.Contains("Not an audit log", e.Message);
        Assert.Throws<MlOpsException>(() => AuditLogVerifier.Verify(dir.File("missing.jsonl")));
    }

    [Fact]
    public void A_folder_lists_each_log_once_with_its_segments()
    {
        using var dir = new TempFolder();
        AuditFixtures.WriteLog(dir.File("a.jsonl"), 30, maxSegmentBytes: 1500);
        AuditFixtures.WriteLog(dir.File("b.jsonl"), 2);
        var results = AuditLogVerifier.VerifyFolder(dir.Path);
        Assert.Equal(["a.jsonl", "b.jsonl"], results.Select(r => Path.GetFileName(r.FirstSegmentPath)));
        Assert.All(results, r => Assert.Equal(AuditLogStatus.Intact, r.Status));
        Assert.Equal(30, results[0].Records);
    }

    private static int IndexOfLine(byte[] bytes, int line)
    {
        var at = 0;
        for (var i = 1; i < line; i++)
        {
            at = Array.IndexOf(bytes, (byte)'\n', at) + 1;
        }
        return at;
    }

    private static int IndexOf(byte[] bytes, byte[] pattern, int from)
    {
        var index = bytes.AsSpan(from).IndexOf(pattern);
        Assert.True(index >= 0);
        return from + index;
    }
}
