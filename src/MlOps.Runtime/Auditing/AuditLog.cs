using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using MlOps.Hashing;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// An append-only, hash-chained prediction audit log in JSON Lines (docs/audit-log.md). One instance owns
/// the log: appends from many threads are serialised (one lock), each record is handed to the operating
/// system before <see cref="Append"/> returns, and fsynced according to <see cref="AuditLogOptions.Durability"/>.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly object _writeGate = new();
    private readonly object _syncGate = new();
    private readonly AuditLogOptions _options;
    private readonly TimeProvider _time;
    private readonly AuditWriterLock _lock;
    private readonly ArrayBufferWriter<byte> _body = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly ITimer? _batchTimer;
    private byte[] _line = new byte[1024];

    private Segment _segment;
    private long _lastSequence;
    private string _lastHash;
    private long _written;          // records written to the OS (a ticket per record)
    private long _synced;           // records known to be on stable storage
    private long _oldestUnsyncedTicks;
    private Exception? _failure;
    private bool _disposed;

    private AuditLog(string firstSegmentPath, AuditLogOptions options, AuditWriterLock writerLock, Segment segment, long lastSequence, string lastHash)
    {
        FirstSegmentPath = firstSegmentPath;
        _options = options;
        _time = options.TimeProvider;
        _lock = writerLock;
        _segment = segment;
        _lastSequence = lastSequence;
        _lastHash = lastHash;
        _json = new Utf8JsonWriter(_body, AuditJson.WriterOptions);
        if (options.Durability.Mode == AuditDurabilityMode.Batched)
        {
            _batchTimer = _time.CreateTimer(_ => SyncIdleTail(), null, options.Durability.Interval, options.Durability.Interval);
        }
    }

    /// <summary>The path of the log's first segment (the path it was opened with).</summary>
    public string FirstSegmentPath { get; }

    /// <summary>The segment currently appended to.</summary>
    public string CurrentSegmentPath { get { lock (_writeGate) { return _segment.Path; } } }

    /// <summary>Sequence number of the last record (0 for an empty log).</summary>
    public long LastSequence { get { lock (_writeGate) { return _lastSequence; } } }

    /// <summary>Hash of the last record (the genesis value for an empty log): the chain head to keep elsewhere.</summary>
    public string LastHash { get { lock (_writeGate) { return _lastHash; } } }

    /// <summary>The durability policy in force.</summary>
    public AuditDurability Durability => _options.Durability;

    /// <summary>
    /// Opens (or creates) the log whose first segment is <paramref name="path"/> and continues its chain
    /// from the last record. A torn last record (a crash mid-write) stops the open unless
    /// <see cref="AuditLogOptions.RepairTornTail"/> is set; a damaged last record always stops it.
    /// </summary>
    /// <remarks>
    /// A log has one writer: the open takes an operating-system lock on the first segment's file (not its path), so a
    /// second <see cref="AuditLog"/> on the same file, in any process and through any path or link, is refused
    /// (MLOPS137, <see cref="MlOps.Diagnostics.DiagnosticCatalog.AuditLogHasWriter"/>) before anything is read or written.
    /// </remarks>
    /// <exception cref="MlOpsException">The log is damaged, already has a writer, cannot be locked, or is not an audit log.</exception>
    public static AuditLog Open(string path, AuditLogOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new AuditLogOptions();
        var firstSegment = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(firstSegment)!;
        Directory.CreateDirectory(dir);

        // One writer per log, enforced on the first segment's file whatever path reaches it (AuditWriterLock).
        var writerLock = AuditWriterLock.Acquire(firstSegment);

        try
        {
            var tail = AuditLogTail.Read(firstSegment, options.RepairTornTail);
            var segmentPath = AuditSegments.PathOf(firstSegment, tail.SegmentIndex);
            var segment = Segment.Open(tail.SegmentIndex, segmentPath, tail.SegmentLength, tail.SegmentLines);
            return new AuditLog(firstSegment, options, writerLock, segment, tail.LastSequence, tail.LastHash ?? AuditChain.Genesis(Path.GetFileName(firstSegment)));
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends one record and returns once it is durable per the policy. Thread-safe.
    /// </summary>
    /// <returns>The record as written: sequence number, hash, segment and line.</returns>
    /// <exception cref="IOException">Writing failed; the log then refuses further appends (reopen it to continue).</exception>
    public AuditRecord Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var inputSha256 = Sha256Hex.Of(entry.Input.Utf8.Span);
        var correlation = entry.CorrelationId ?? CurrentTraceId();

        AuditRecord record;
        long ticket;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_failure is not null)
            {
                throw new IOException("The audit log stopped accepting records after a write failure; reopen it to continue.", _failure);
            }
            var sequence = _lastSequence + 1;
            var timestamp = _time.GetUtcNow();
            var body = WriteBody(entry, sequence, timestamp, inputSha256, correlation, _lastHash);
            var hash = AuditChain.HashBody(body);
            var length = ComposeLine(body, hash);
            try
            {
                RotateIfFull(length);
                RandomAccess.Write(_segment.Handle, _line.AsSpan(0, length), _segment.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = e;
                throw;
            }
            _segment.Length += length;
            _segment.Lines++;
            if (_written == _synced)
            {
                _oldestUnsyncedTicks = _time.GetTimestamp();
            }
            ticket = ++_written;
            record = new AuditRecord(sequence, timestamp, entry.ModelName, entry.ModelVersion, entry.ArtefactDigest,
                inputSha256, entry.Rows, entry.Latency, entry.Caller, correlation, _lastHash, hash, _segment.Path, _segment.Lines)
            {
                ReleaseSha256 = entry.ReleaseSha256,
                Engine = entry.Engine,
            };
            _lastSequence = sequence;
            _lastHash = hash;
        }

        var durability = _options.Durability;
        if (durability.Mode == AuditDurabilityMode.Always
            || durability.Mode == AuditDurabilityMode.Batched
               && (ticket - Volatile.Read(ref _synced) >= durability.Count
                   || _time.GetElapsedTime(Volatile.Read(ref _oldestUnsyncedTicks)) >= durability.Interval))
        {
            SyncTo(ticket);
        }

        foreach (var observer in _options.Observers)
        {
            observer.OnAppended(record);
        }
        return record;
    }

    /// <summary>Forces every record written so far to stable storage.</summary>
    public void Flush()
    {
        long ticket;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ticket = _written;
        }
        SyncTo(ticket);
    }

    /// <summary>Flushes, fsyncs and closes the log.</summary>
    public void Dispose()
    {
        _batchTimer?.Dispose();
        lock (_syncGate)
        {
            lock (_writeGate)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                try
                {
                    if (_failure is null && _written > _synced)
                    {
                        _segment.SyncStream.Flush(flushToDisk: true);
                        _synced = _written;
                    }
                }
                finally
                {
                    _segment.Dispose();
                    _json.Dispose();
                    _lock.Dispose();
                }
            }
        }
    }

    // Group commit: whoever gets the sync gate fsyncs everything written so far; waiters whose
    // record was covered return without a second fsync.
    private void SyncTo(long ticket)
    {
        lock (_syncGate)
        {
            if (Volatile.Read(ref _synced) >= ticket)
            {
                return;
            }
            Segment segment;
            long target;
            lock (_writeGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                segment = _segment;
                target = _written;
            }
            try
            {
                segment.SyncStream.Flush(flushToDisk: true);
            }
            catch (ObjectDisposedException)
            {
                // Rotated meanwhile: rotation fsynced that segment (and so every record up to target) before closing it.
            }
            Volatile.Write(ref _synced, target);
        }
    }

    private void SyncIdleTail()
    {
        try
        {
            long ticket;
            lock (_writeGate)
            {
                if (_disposed || _failure is not null)
                {
                    return;
                }
                ticket = _written;
            }
            if (ticket > Volatile.Read(ref _synced))
            {
                SyncTo(ticket);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A timer thread has no caller to tell; the next Append or Flush surfaces the problem.
        }
    }

    private void RotateIfFull(int lineLength)
    {
        if (_options.MaxSegmentBytes is not long max || _segment.Length == 0 || _segment.Length + lineLength <= max)
        {
            return;
        }
        // The finished segment is made durable before the next one starts, so a crash can only ever tear
        // the last segment.
        _segment.SyncStream.Flush(flushToDisk: true);
        var next = Segment.Create(_segment.Index + 1, AuditSegments.PathOf(FirstSegmentPath, _segment.Index + 1));
        _segment.Dispose();
        _segment = next;
    }

    private ReadOnlySpan<byte> WriteBody(AuditEntry entry, long sequence, DateTimeOffset timestamp, string inputSha256, string? correlation, string prev)
    {
        _body.ResetWrittenCount();
        _json.Reset(_body);
        var w = _json;
        w.WriteStartObject();
        w.WriteNumber("seq", sequence);
        w.WriteString("ts", FormatTimestamp(timestamp));
        w.WriteString("model", entry.ModelName);
        w.WriteString("version", entry.ModelVersion);
        w.WriteString("digest", entry.ArtefactDigest);
        // Optional, and absent rather than null when unset: logs written before it existed keep their exact bytes.
        if (entry.ReleaseSha256 is { } release)
        {
            w.WriteString("release", release);
        }
        // Optional in the same way: records written before engines existed were all scored by the managed evaluator.
        if (entry.Engine is { } engine)
        {
            w.WriteString("engine", engine);
        }
        w.WriteString("caller", entry.Caller);
        w.WriteString("correlation", correlation);
        w.WriteNumber("rows", entry.Rows);
        w.WriteString("inputSha256", inputSha256);
        if (entry.RecordRawInput)
        {
            w.WritePropertyName("input");
            w.WriteRawValue(entry.Input.Utf8.Span, skipInputValidation: true);
        }
        w.WritePropertyName("output");
        w.WriteRawValue(entry.Output.Utf8.Span, skipInputValidation: true);
        // Optional and absent when unset, like release and engine: only models opted into audited explanations write it.
        if (entry.Explanation is { } explanation)
        {
            w.WritePropertyName("explanation");
            w.WriteRawValue(explanation.Utf8.Span, skipInputValidation: true);
        }
        w.WriteNumber("latencyMs", entry.Latency.TotalMilliseconds);
        w.WriteString("prev", prev);
        w.WriteEndObject();
        w.Flush();
        return _body.WrittenSpan;
    }

    private int ComposeLine(ReadOnlySpan<byte> body, string hash)
    {
        var length = body.Length - 1 + AuditChain.HashSuffixLength + 1;
        if (_line.Length < length)
        {
            _line = new byte[Math.Max(length, _line.Length * 2)];
        }
        var span = _line.AsSpan();
        body[..^1].CopyTo(span);
        var at = body.Length - 1;
        AuditChain.HashMemberPrefix.CopyTo(span[at..]);
        at += AuditChain.HashMemberPrefix.Length;
        at += Encoding.ASCII.GetBytes(hash, span[at..]);
        span[at++] = (byte)'"';
        span[at++] = (byte)'}';
        span[at++] = (byte)'\n';
        return at;
    }

    /// <summary>ISO-8601 UTC with seven fractional digits, the same width always.</summary>
    internal static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string? CurrentTraceId()
    {
        var activity = Activity.Current;
        return activity is null || activity.TraceId == default ? null : activity.TraceId.ToHexString();
    }

    /// <summary>An open segment file: a positional-write handle and an unbuffered stream used only to fsync.</summary>
    private sealed class Segment : IDisposable
    {
        private Segment(int index, string path, SafeFileHandle handle, long length, long lines)
        {
            Index = index;
            Path = path;
            Handle = handle;
            SyncStream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            Length = length;
            Lines = lines;
        }

        public int Index { get; }
        public string Path { get; }
        public SafeFileHandle Handle { get; }
        public FileStream SyncStream { get; }
        public long Length { get; set; }
        public long Lines { get; set; }

        public static Segment Open(int index, string path, long length, long lines) =>
            new(index, path, File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete), length, lines);

        public static Segment Create(int index, string path) =>
            new(index, path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete), 0, 0);

        public void Dispose() => SyncStream.Dispose();
    }
}
