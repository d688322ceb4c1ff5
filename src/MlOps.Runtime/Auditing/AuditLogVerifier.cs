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
        return Walk.Over(path, (first, segments) => new Walk(first, segments, logName ?? Path.GetFileName(first)).Run());
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

    /// <summary>
    /// One pass over a log's chain, from its genesis or from a position where an earlier pass stopped, handing each
    /// verified record's call to an observer when asked. The verifier and <see cref="AuditLogReader"/> share it, so
    /// there is one set of chain rules for checking a whole log and for reading it incrementally.
    /// </summary>
    internal sealed class Walk
    {
        private readonly string _first;
        private readonly IReadOnlyList<(int Index, string Path, bool Exists)> _segments;
        private readonly string _logName;
        private readonly AuditLogPosition? _start;
        private readonly Action<AuditedCall>? _onCall;
        private long _expected = 1;
        private string _prev;
        private long _records;

        public Walk(string first, IReadOnlyList<(int, string, bool)> segments, string logName, AuditLogPosition? start = null, Action<AuditedCall>? onCall = null)
        {
            _first = first;
            _segments = segments;
            _logName = logName;
            _prev = AuditChain.Genesis(logName);
            _start = start;
            _onCall = onCall;
            if (start is not null)
            {
                _expected = start.Sequence + 1;
                _prev = start.Hash;
                End = start;
            }
        }

        /// <summary>Finds the segments of the log <paramref name="path"/> belongs to and runs <paramref name="walk"/> over them.</summary>
        /// <exception cref="MlOpsException">No segment exists, or one cannot be read.</exception>
        public static T Over<T>(string path, Func<string, IReadOnlyList<(int, string, bool)>, T> walk)
        {
            var first = Path.GetFullPath(AuditSegments.FirstSegmentOf(path));
            var segments = AuditSegments.Find(first);
            if (segments.Count == 0)
            {
                throw new MlOpsException("No audit log here: the file does not exist.", file: path, fix: "Pass the path of an audit log (.jsonl) or of a folder holding them.");
            }
            try
            {
                return walk(first, segments);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new MlOpsException("The audit log cannot be read: " + e.Message, file: path, fix: "Check the file's permissions.", inner: e);
            }
        }

        /// <summary>Just after the last record that checked out (the start when none did; null for a log with none).</summary>
        public AuditLogPosition? End { get; private set; }

        public AuditVerification Run()
        {
            var from = 0;
            if (_start is not null)
            {
                if (StartMismatch() is { } mismatch)
                {
                    return Broken(mismatch, Math.Min(_start.Segment, _segments.Count) - 1);
                }
                from = _start.Segment - 1;
            }
            for (var s = from; s < _segments.Count; s++)
            {
                var (index, path, exists) = _segments[s];
                if (!exists)
                {
                    var what = index == 1 ? "the first segment" : $"segment {index}";
                    return Broken(new AuditProblem(AuditProblemKind.MissingSegment, path, null,
                        $"{Capital(what)} ({Path.GetFileName(path)}) is missing: it was deleted or renamed; records from sequence {_expected} on cannot be checked."), s);
                }
                var isLast = s == _segments.Count - 1;
                using var reader = _start is not null && s == from ? new AuditLineReader(path, _start.Offset) : new AuditLineReader(path);
                while (reader.TryReadLine(out var line, out var terminated))
                {
                    var lineNo = reader.LineNumber;
                    if (!terminated)
                    {
                        if (isLast && (_records > 0 || _start is not null) || isLast && IsTornRecordStart(line))
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
                    var parsed = AuditLineParser.Parse(line, readCall: _onCall is not null);
                    if (!parsed.IsRecord)
                    {
                        if (_records == 0 && s == 0 && _start is null && !AnyRecordWithin(path, RecognitionLines))
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
                    End = new AuditLogPosition(index, reader.LineOffset + line.Length + 1, parsed.Sequence, parsed.Hash);
                    if (parsed.Call is { } call)
                    {
                        _onCall!(call);
                    }
                }
            }
            return new AuditVerification(_first, AuditLogStatus.Intact, _segments.Count, _records, _expected - 1, _prev, null);
        }

        // Resuming is only sound if the record the start names is still the one that ends at the start offset: the line
        // before it must end with that record's hash member. A replaced, truncated or rewritten file fails this before
        // a byte after it is read (reading on from the middle of another log would count foreign records).
        private AuditProblem? StartMismatch()
        {
            var start = _start!;
            var index = start.Segment;
            var path = index <= _segments.Count ? _segments[index - 1].Path : AuditSegments.PathOf(_first, index);
            var where = $"record {start.Sequence} (hash {start.Hash[..12]}...) ending at byte {start.Offset}";
            if (index > _segments.Count || !_segments[index - 1].Exists)
            {
                return new AuditProblem(AuditProblemKind.PositionMismatch, path, null,
                    $"Segment {index} ({Path.GetFileName(path)}), which held {where}, is gone: it was deleted or renamed.");
            }
            var expected = System.Text.Encoding.ASCII.GetBytes(",\"hash\":\"" + start.Hash + "\"}\n");
            var actual = new byte[expected.Length];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                if (start.Offset < expected.Length || stream.Length < start.Offset)
                {
                    return new AuditProblem(AuditProblemKind.PositionMismatch, path, null,
                        $"The file is shorter ({stream.Length} bytes) than where {where} was read: it was truncated or replaced.");
                }
                stream.Position = start.Offset - expected.Length;
                stream.ReadExactly(actual);
            }
            return actual.AsSpan().SequenceEqual(expected) ? null
                : new AuditProblem(AuditProblemKind.PositionMismatch, path, null,
                    $"The file no longer holds {where}: it was replaced or rewritten.");
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
