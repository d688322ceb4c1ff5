using System.Globalization;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// Checks an audit log's hash chain across all its segments and reports the first bad record: which
/// segment and line, and whether it was edited, deleted, reordered or is not a record at all. A torn last
/// line is its own outcome (<see cref="AuditLogStatus.TornTail"/>), never silently dropped.
/// </summary>
public static class AuditLogVerifier
{
    // How many leading lines may be unreadable before a file is judged "not an audit log" rather than a damaged one.
    private const int RecognitionLines = 8;

    /// <summary>Verifies the log that <paramref name="path"/> belongs to (any of its segment files).</summary>
    /// <param name="path">A segment file of the log.</param>
    /// <param name="logName">The original file name of the first segment when the log was renamed (it is bound into the genesis value).</param>
    /// <exception cref="MlOpsException">The file is missing, unreadable, or not an audit log.</exception>
    public static AuditVerification Verify(string path, string? logName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new MlOpsException("Expected an audit log file, got a folder.", file: path, fix: "Use VerifyFolder for a folder of logs.");
        }
        var first = Path.GetFullPath(AuditSegments.FirstSegmentOf(path));
        var segments = AuditSegments.Find(first);
        if (segments.Count == 0)
        {
            throw new MlOpsException("No audit log here: the file does not exist.", file: path, fix: "Pass the path of an audit log (.jsonl) or of a folder holding them.");
        }
        try
        {
            return new Walk(first, segments, logName ?? Path.GetFileName(first)).Run();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MlOpsException("The audit log cannot be read: " + e.Message, file: path, fix: "Check the file's permissions.", inner: e);
        }
    }

    /// <summary>The audit logs (<c>*.jsonl</c> families) in a folder, by first-segment path, in ordinal order.</summary>
    public static IReadOnlyList<string> FindLogs(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new MlOpsException("The folder does not exist.", file: folder, fix: "Pass an existing folder or an audit log file.");
        }
        var logs = Directory.EnumerateFiles(folder, "*.jsonl")
            .Select(f => Path.GetFullPath(AuditSegments.FirstSegmentOf(f)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (logs.Count == 0)
        {
            throw new MlOpsException("The folder holds no audit logs (*.jsonl files).", file: folder, fix: "Pass the folder the AuditLog writes to, or a log file.");
        }
        return logs;
    }

    /// <summary>Verifies every log in a folder.</summary>
    public static IReadOnlyList<AuditVerification> VerifyFolder(string folder) => FindLogs(folder).Select(f => Verify(f)).ToList();

    private sealed class Walk
    {
        private readonly string _first;
        private readonly IReadOnlyList<(int Index, string Path, bool Exists)> _segments;
        private readonly string _logName;
        private long _expected = 1;
        private string _prev;
        private long _records;

        public Walk(string first, IReadOnlyList<(int, string, bool)> segments, string logName)
        {
            _first = first;
            _segments = segments;
            _logName = logName;
            _prev = AuditChain.Genesis(logName);
        }

        public AuditVerification Run()
        {
            for (var s = 0; s < _segments.Count; s++)
            {
                var (index, path, exists) = _segments[s];
                if (!exists)
                {
                    var what = index == 1 ? "the first segment" : $"segment {index}";
                    return Broken(new AuditProblem(AuditProblemKind.MissingSegment, path, null,
                        $"{Capital(what)} ({Path.GetFileName(path)}) is missing: it was deleted or renamed; records from sequence {_expected} on cannot be checked."), s);
                }
                var isLast = s == _segments.Count - 1;
                using var reader = new AuditLineReader(path);
                while (reader.TryReadLine(out var line, out var terminated))
                {
                    var lineNo = reader.LineNumber;
                    if (!terminated)
                    {
                        if (isLast && _records > 0 || isLast && IsTornRecordStart(line))
                        {
                            return new AuditVerification(_first, AuditLogStatus.TornTail, s + 1, _records, _expected - 1, _prev,
                                new AuditProblem(AuditProblemKind.TornTail, path, lineNo,
                                    $"Line {lineNo} is a torn record ({line.Length.ToString(CultureInfo.InvariantCulture)} bytes without a line end): a crash interrupted the write of record {_expected}, which was never acknowledged."));
                        }
                        if (!isLast)
                        {
                            return Broken(new AuditProblem(AuditProblemKind.BadJson, path, lineNo,
                                $"Line {lineNo} has no line end although a later segment follows: record {_expected} is truncated."), s);
                        }
                    }
                    var parsed = AuditLineParser.Parse(line);
                    if (!parsed.IsRecord)
                    {
                        if (_records == 0 && s == 0 && !AnyRecordWithin(path, RecognitionLines))
                        {
                            throw NotAnAuditLog(path, parsed.Error!);
                        }
                        return Broken(new AuditProblem(AuditProblemKind.BadJson, path, lineNo,
                            $"Line {lineNo} is not a valid audit record ({parsed.Error}): record {_expected} was edited or corrupted."), s);
                    }
                    if (parsed.ComputedHash != parsed.Hash)
                    {
                        return Broken(new AuditProblem(AuditProblemKind.Edited, path, lineNo,
                            $"Record {_expected} at line {lineNo} was edited: its content does not match its hash."), s);
                    }
                    if (parsed.Sequence != _expected)
                    {
                        return Broken(Misplaced(s, path, lineNo, parsed.Sequence), s);
                    }
                    if (parsed.Prev != _prev)
                    {
                        return Broken(_expected == 1
                            ? new AuditProblem(AuditProblemKind.WrongGenesis, path, lineNo,
                                $"Record 1 at line {lineNo} does not chain to the genesis of log '{_logName}': the log was renamed (verify it under its original file name) or its records come from another log.")
                            : new AuditProblem(AuditProblemKind.Edited, path, lineNo,
                                $"Record {parsed.Sequence} at line {lineNo} does not chain to the record before it: record {_expected - 1} was replaced or rewritten."), s);
                    }
                    _prev = parsed.Hash;
                    _expected++;
                    _records++;
                }
            }
            return new AuditVerification(_first, AuditLogStatus.Intact, _segments.Count, _records, _expected - 1, _prev, null);
        }

        private AuditVerification Broken(AuditProblem problem, int segmentPosition) =>
            new(_first, AuditLogStatus.Broken, segmentPosition + 1, _records, _expected - 1, _prev, problem);

        // A record with a higher number than expected means the expected one was deleted, unless it turns up
        // later (then the records were reordered); a lower number means it was moved back or duplicated.
        private AuditProblem Misplaced(int segmentPosition, string path, long lineNo, long found)
        {
            if (found < _expected)
            {
                return new AuditProblem(AuditProblemKind.Reordered, path, lineNo,
                    $"Line {lineNo} holds record {found} where record {_expected} belongs: records were reordered or duplicated.");
            }
            var later = FindLater(segmentPosition, path, lineNo, _expected);
            if (later is { } at)
            {
                return new AuditProblem(AuditProblemKind.Reordered, path, lineNo,
                    $"Line {lineNo} holds record {found} where record {_expected} belongs; record {_expected} appears later ({Path.GetFileName(at.Path)} line {at.Line}): records were reordered.");
            }
            var missing = found - _expected == 1
                ? $"Record {_expected} is"
                : $"Records {_expected} to {found - 1} are";
            return new AuditProblem(AuditProblemKind.Deleted, path, lineNo,
                $"{missing} missing before line {lineNo} (which holds record {found}): deleted.");
        }

        private (string Path, long Line)? FindLater(int segmentPosition, string path, long afterLine, long sequence)
        {
            for (var s = segmentPosition; s < _segments.Count; s++)
            {
                if (!_segments[s].Exists)
                {
                    continue;
                }
                using var reader = new AuditLineReader(_segments[s].Path);
                while (reader.TryReadLine(out var line, out _))
                {
                    if (s == segmentPosition && reader.LineNumber <= afterLine)
                    {
                        continue;
                    }
                    var parsed = AuditLineParser.Parse(line);
                    if (parsed.IsRecord && parsed.Sequence == sequence)
                    {
                        return (_segments[s].Path, reader.LineNumber);
                    }
                }
            }
            return null;
        }

        private static bool AnyRecordWithin(string path, int max)
        {
            using var reader = new AuditLineReader(path);
            for (var i = 0; i < max && reader.TryReadLine(out var line, out var terminated); i++)
            {
                if (terminated && AuditLineParser.Parse(line).IsRecord)
                {
                    return true;
                }
            }
            return false;
        }

        // A torn first line still starts like a record: the writer always begins with {"seq":
        private static bool IsTornRecordStart(ReadOnlySpan<byte> line) => line.StartsWith("{\"seq\":"u8);

        private static MlOpsException NotAnAuditLog(string path, string why) =>
            new($"Not an audit log: none of the first lines is an audit record ({why}).", file: path, line: 1,
                fix: "Pass a log written by MlOps.Runtime's AuditLog (JSON Lines with seq, prev and hash members).");

        private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
    }
}
