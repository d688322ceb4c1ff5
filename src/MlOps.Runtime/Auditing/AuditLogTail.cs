using System.Globalization;
using MlOps.IO;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// Where an existing log ends: the segment to continue, its length and line count, and the last record's
/// sequence number and hash. Reading the tail is what lets a reopened log continue the chain.
/// </summary>
internal sealed record AuditLogTail(int SegmentIndex, long SegmentLength, long SegmentLines, long LastSequence, string? LastHash)
{
    public static AuditLogTail Read(string firstSegment, bool repairTornTail)
    {
        var segments = AuditSegments.Find(firstSegment);
        if (segments.Count == 0)
        {
            return new AuditLogTail(1, 0, 0, 0, null);
        }
        var missing = segments.FirstOrDefault(s => !s.Exists);
        if (missing.Path is not null)
        {
            throw new MlOpsException($"Segment {missing.Index} of the audit log is missing, so the chain cannot be continued.",
                file: missing.Path, fix: "Verify the log's hash chain and restore the segment, or start a new log under another name.");
        }

        var (index, path, _) = segments[^1];
        var scan = Scan(path);
        if (scan.TornLength > 0)
        {
            if (!repairTornTail)
            {
                throw new MlOpsException(
                    $"The audit log ends with a torn record at line {scan.Lines + 1} ({scan.TornLength} bytes without a line end): " +
                    "a crash interrupted that write, so it was never acknowledged.",
                    file: path, line: scan.Lines + 1,
                    fix: "Verify the log's hash chain to confirm only the tail is torn, then open the log with AuditLogOptions.RepairTornTail = true, " +
                         "which moves the torn bytes to a .torn side file and continues the chain.");
            }
            MoveTornTail(path, scan.Length, scan.Lines + 1);
        }

        if (scan.LastLine is null)
        {
            // An empty segment (a crash right after rotation created it): chain from the previous one.
            if (index == 1)
            {
                return new AuditLogTail(1, 0, 0, 0, null);
            }
            var previous = Scan(segments[^2].Path);
            if (previous.TornLength > 0 || previous.LastLine is null)
            {
                throw Damaged(segments[^2].Path, previous.Lines + 1, "the segment before the empty last segment does not end with a complete record");
            }
            var prevRecord = Expect(segments[^2].Path, previous.Lines, previous.LastLine);
            return new AuditLogTail(index, 0, 0, prevRecord.Sequence, prevRecord.Hash);
        }

        var last = Expect(path, scan.Lines, scan.LastLine);
        return new AuditLogTail(index, scan.Length, scan.Lines, last.Sequence, last.Hash);
    }

    private static ParsedAuditLine Expect(string path, long line, byte[] bytes)
    {
        var parsed = AuditLineParser.Parse(bytes);
        if (!parsed.IsRecord)
        {
            throw Damaged(path, line, parsed.Error!);
        }
        if (parsed.ComputedHash != parsed.Hash)
        {
            throw Damaged(path, line, "its content does not match its hash (the record was edited)");
        }
        return parsed;
    }

    private static MlOpsException Damaged(string path, long line, string why) =>
        new($"The last audit record cannot be trusted: {why}; appending would extend a broken chain.",
            file: path, line: line, fix: "Verify the log's hash chain to find the damage; keep this log as evidence and start a new log under another name.");

    private static (long Length, long Lines, byte[]? LastLine, long TornLength) Scan(string path)
    {
        using var reader = new AuditLineReader(path);
        byte[]? last = null;
        long lines = 0, length = 0, torn = 0;
        while (reader.TryReadLine(out var line, out var terminated))
        {
            if (!terminated)
            {
                torn = line.Length;
                break;
            }
            lines++;
            length = reader.LineOffset + line.Length + 1;
            last = line.ToArray();
        }
        return (length, lines, last, torn);
    }

    // The torn bytes are evidence of what the crash interrupted: keep them in a side file, then cut them off.
    private static void MoveTornTail(string path, long keepLength, long line)
    {
        var side = path + ".torn-" + line.ToString(CultureInfo.InvariantCulture);
        using var segment = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        segment.Position = keepLength;
        AtomicFile.Write(side, segment.CopyTo);
        segment.SetLength(keepLength);
        segment.Flush(flushToDisk: true);
    }
}
