using System.Diagnostics;
using System.Text.Json;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Auditing;

public class AuditLogTests
{
    [Fact]
    public void Append_writes_one_json_line_per_record_with_every_field()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        using (var log = AuditLog.Open(path, AuditFixtures.Options()))
        {
            var record = log.Append(AuditFixtures.Entry(1));
            Assert.Equal(1, record.Sequence);
            Assert.Equal(1, record.LineNumber);
        }

        var line = Assert.Single(AuditFixtures.Lines(path));
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        Assert.Equal(
            ["seq", "ts", "model", "version", "digest", "caller", "correlation", "rows", "inputSha256", "output", "latencyMs", "prev", "hash"],
            r.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(1, r.GetProperty("seq").GetInt64());
        Assert.Equal("2026-01-02T03:04:05.0000000Z", r.GetProperty("ts").GetString());
        Assert.Equal("credit", r.GetProperty("model").GetString());
        Assert.Equal("1.2.0", r.GetProperty("version").GetString());
        Assert.Equal(AuditFixtures.Digest, r.GetProperty("digest").GetString());
        Assert.Equal("tests", r.GetProperty("caller").GetString());
        Assert.Equal("corr-1", r.GetProperty("correlation").GetString());
        Assert.Equal(1, r.GetProperty("rows").GetInt32());
        Assert.Equal(MlOps.Hashing.Sha256Hex.Of("[1,2.5]"u8), r.GetProperty("inputSha256").GetString());
        Assert.Equal("[0.125]", r.GetProperty("output").GetRawText());
        Assert.Equal(1.5, r.GetProperty("latencyMs").GetDouble());
        Assert.Equal(AuditChain.Genesis("audit.jsonl"), r.GetProperty("prev").GetString());
    }

    [Fact]
    public void Same_entries_and_clock_give_the_same_bytes()
    {
        using var dir = new TempFolder();
        AuditFixtures.WriteLog(dir.File("a.jsonl"), 5);
        Directory.CreateDirectory(dir.File("other"));
        AuditFixtures.WriteLog(Path.Combine(dir.File("other"), "a.jsonl"), 5);
        Assert.Equal(File.ReadAllBytes(dir.File("a.jsonl")), File.ReadAllBytes(Path.Combine(dir.File("other"), "a.jsonl")));
    }

    [Fact]
    public void Each_record_chains_to_the_hash_of_the_one_before()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, 4);
        var lines = AuditFixtures.Lines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        for (var i = 1; i < lines.Length; i++)
        {
            Assert.Equal(lines[i - 1].GetProperty("hash").GetString(), lines[i].GetProperty("prev").GetString());
        }
        // The hash is sha256 of the line without its final hash member.
        var raw = AuditFixtures.Lines(path)[2];
        var body = raw[..raw.IndexOf(",\"hash\":", StringComparison.Ordinal)] + "}";
        Assert.Equal(MlOps.Hashing.Sha256Hex.Of(System.Text.Encoding.UTF8.GetBytes(body)), lines[2].GetProperty("hash").GetString());
    }

    [Fact]
    public void Raw_input_is_written_only_when_asked()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        using (var log = AuditLog.Open(path, AuditFixtures.Options()))
        {
            log.Append(AuditFixtures.Entry(1));
            var e = AuditFixtures.Entry(2);
            log.Append(new AuditEntry(e.ModelName, e.ModelVersion, e.ArtefactDigest, e.Input, e.Output) { RecordRawInput = true });
        }
        var lines = AuditFixtures.Lines(path);
        Assert.DoesNotContain("\"input\":", lines[0]);
        Assert.Contains("\"input\":[2,2.5]", lines[1]);
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(path).Status);
    }

    [Fact]
    public void Correlation_defaults_to_the_current_activity_trace_id()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (var log = AuditLog.Open(path, AuditFixtures.Options()))
        {
            var e = AuditFixtures.Entry(1);
            var record = log.Append(new AuditEntry(e.ModelName, e.ModelVersion, e.ArtefactDigest, e.Input, e.Output));
            Assert.Equal(activity.TraceId.ToHexString(), record.CorrelationId);
        }
        Assert.Contains($"\"correlation\":\"{activity.TraceId.ToHexString()}\"", File.ReadAllText(path));
    }

    [Fact]
    public void Missing_model_identity_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new AuditEntry("credit", "", AuditFixtures.Digest, AuditJson.Null, AuditJson.Null));
        Assert.Throws<ArgumentException>(() => new AuditEntry("credit", "1.0.0", " ", AuditJson.Null, AuditJson.Null));
    }

    [Fact]
    public void Non_finite_outputs_are_written_as_strings_so_the_line_stays_json()
    {
        var json = AuditJson.FromNumbers([double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1]);
        Assert.Equal("[\"NaN\",\"Infinity\",\"-Infinity\",0.1]", json.ToString());
    }

    [Fact]
    public void Floats_are_written_in_their_own_shortest_form_as_valid_json()
    {
        var json = AuditJson.Write(w =>
        {
            w.WriteStartArray();
            AuditJson.WriteNumber(w, 0.1f);
            AuditJson.WriteNumber(w, 1e-5f);
            AuditJson.WriteNumber(w, -3.4028235e38f);
            AuditJson.WriteNumber(w, float.NaN);
            w.WriteEndArray();
        });
        Assert.Equal("[0.1,1E-05,-3.4028235E+38,\"NaN\"]", json.ToString());
        using var doc = JsonDocument.Parse(json.Utf8);
        Assert.Equal(0.1f, doc.RootElement[0].GetSingle());
        Assert.Equal(-3.4028235e38f, doc.RootElement[2].GetSingle());
    }

    [Fact]
    public void Json_nodes_are_canonicalised_with_sorted_members()
    {
        var node = new System.Text.Json.Nodes.JsonObject { ["b"] = 1, ["a"] = new System.Text.Json.Nodes.JsonArray(0.1f, "x") };
        Assert.Equal("{\"a\":[0.1,\"x\"],\"b\":1}", AuditJson.From(node).ToString());
    }

    [Fact]
    public void Reopening_continues_the_chain_and_the_sequence()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, 3);
        using (var log = AuditLog.Open(path, AuditFixtures.Options()))
        {
            Assert.Equal(3, log.LastSequence);
            var record = log.Append(AuditFixtures.Entry(4));
            Assert.Equal(4, record.Sequence);
            Assert.Equal(4, record.LineNumber);
        }
        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(4, result.Records);
    }

    [Fact]
    public void A_second_writer_on_the_same_log_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        using var first = AuditLog.Open(path, AuditFixtures.Options());
        var e = Assert.Throws<MlOpsException>(() => AuditLog.Open(path, AuditFixtures.Options()));
        Assert.Contains("already open", e.Message);
    }

    [Fact]
    public void Rotation_starts_numbered_segments_that_chain_across_files()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, 20, maxSegmentBytes: 1500);
        var segments = AuditSegments.Find(path);
        Assert.True(segments.Count >= 3, $"expected several segments, got {segments.Count}");
        Assert.Equal(dir.File("audit.000002.jsonl"), segments[1].Path);
        Assert.All(segments, s => Assert.True(new FileInfo(s.Path).Length <= 1500));
        var lastOfFirst = JsonDocument.Parse(AuditFixtures.Lines(segments[0].Path)[^1]).RootElement.GetProperty("hash").GetString();
        var firstOfSecond = JsonDocument.Parse(AuditFixtures.Lines(segments[1].Path)[0]).RootElement.GetProperty("prev").GetString();
        Assert.Equal(lastOfFirst, firstOfSecond);

        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(20, result.Records);
        Assert.Equal(segments.Count, result.Segments);
    }

    [Fact]
    public void Reopening_a_rotated_log_appends_to_its_last_segment()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, 10, maxSegmentBytes: 1500);
        var before = AuditSegments.Find(path).Count;
        using (var log = AuditLog.Open(path, AuditFixtures.Options(maxSegmentBytes: 1500)))
        {
            Assert.Equal(AuditSegments.PathOf(path, before), log.CurrentSegmentPath);
            for (var i = 11; i <= 20; i++)
            {
                log.Append(AuditFixtures.Entry(i));
            }
        }
        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(20, result.LastSequence);
    }

    [Fact]
    public void Ten_threads_writing_at_once_lose_and_interleave_nothing()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        const int threads = 10, perThread = 200;
        var sequences = new System.Collections.Concurrent.ConcurrentBag<long>();
        using (var log = AuditLog.Open(path, AuditFixtures.Options(time: TimeProvider.System, maxSegmentBytes: 64 * 1024)))
        {
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    sequences.Add(log.Append(AuditFixtures.Entry(t * perThread + i, caller: "thread-" + t)).Sequence);
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
        }

        Assert.Equal(Enumerable.Range(1, threads * perThread).Select(i => (long)i), sequences.OrderBy(s => s));
        var lines = AuditSegments.Find(path).SelectMany(s => AuditFixtures.Lines(s.Path)).ToList();
        Assert.Equal(threads * perThread, lines.Count);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        for (var t = 0; t < threads; t++)
        {
            Assert.Equal(perThread, lines.Count(l => l.Contains($"\"caller\":\"thread-{t}\"", StringComparison.Ordinal)));
        }
        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(threads * perThread, result.Records);
    }

    [Theory]
    [InlineData("always")]
    [InlineData("batched")]
    [InlineData("none")]
    public void Every_durability_mode_writes_a_valid_chain(string mode)
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        var durability = mode switch
        {
            "batched" => AuditDurability.Batched(TimeSpan.FromMilliseconds(20), 8),
            "none" => AuditDurability.None,
            _ => AuditDurability.Always,
        };
        using (var log = AuditLog.Open(path, AuditFixtures.Options(durability: durability)))
        {
            for (var i = 1; i <= 50; i++)
            {
                log.Append(AuditFixtures.Entry(i));
                // Acknowledged means handed to the OS in every mode: another reader sees it at once.
                Assert.Equal(i, AuditFixtures.Lines(path).Length);
            }
            log.Flush();
        }
        Assert.Equal(50, AuditLogVerifier.Verify(path).Records);
    }

    [Fact]
    public void Opening_after_a_torn_tail_is_refused_unless_repair_is_asked()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, 3);
        File.AppendAllText(path, "{\"seq\":4,\"ts\":\"2026-01-0");

        var e = Assert.Throws<MlOpsException>(() => AuditLog.Open(path, AuditFixtures.Options()));
        Assert.Equal(4, e.Line);
        Assert.Contains("torn", e.Message);

        using (var log = AuditLog.Open(path, new AuditLogOptions { TimeProvider = new ManualTimeProvider(AuditFixtures.Start), RepairTornTail = true }))
        {
            Assert.Equal(4, log.Append(AuditFixtures.Entry(4)).Sequence);
        }
        Assert.Equal("{\"seq\":4,\"ts\":\"2026-01-0", File.ReadAllText(path + ".torn-4"));
        var result = AuditLogVerifier.Verify(path);
        Assert.Equal(AuditLogStatus.Intact, result.Status);
        Assert.Equal(4, result.Records);
    }

    [Fact]
    public void Opening_a_log_whose_last_record_was_edited_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        AuditFixtures.WriteLog(path, 3);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"rows\":1,\"inputSha256\":\"" , "\"rows\":7,\"inputSha256\":\"", StringComparison.Ordinal));
        var e = Assert.Throws<MlOpsException>(() => AuditLog.Open(path, AuditFixtures.Options()));
        Assert.Equal(3, e.Line);
        Assert.Contains("edited", e.Message);
    }

    [Fact]
    public void Observers_see_each_acknowledged_record()
    {
        using var dir = new TempFolder();
        var seen = new List<AuditRecord>();
        var options = new AuditLogOptions { TimeProvider = new ManualTimeProvider(AuditFixtures.Start), Observers = [new Collecting(seen)] };
        using (var log = AuditLog.Open(dir.File("audit.jsonl"), options))
        {
            log.Append(AuditFixtures.Entry(1));
            log.Append(AuditFixtures.Entry(2));
        }
        Assert.Equal([1L, 2L], seen.Select(r => r.Sequence));
        Assert.Equal(seen[0].Hash, seen[1].Prev);
    }

    private sealed class Collecting(List<AuditRecord> seen) : IAuditObserver
    {
        public void OnAppended(AuditRecord record) => seen.Add(record);
    }
}
