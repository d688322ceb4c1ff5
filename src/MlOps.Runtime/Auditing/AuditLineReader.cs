namespace MlOps.Runtime.Auditing;

/// <summary>
/// Reads a segment file line by line as raw bytes (no decoding: the hash is over the stored bytes).
/// A final line without LF is reported as unterminated, which is how a torn write shows.
/// </summary>
internal sealed class AuditLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public AuditLineReader(string path)
    {
        // FileShare.ReadWrite: a live writer may be appending while an operator verifies.
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
    }

    /// <summary>
    /// Opens <paramref name="path"/> to read from byte <paramref name="startOffset"/> (the start of a line). The lines
    /// before it are counted, not parsed, so that line numbers and offsets stay those of the whole file.
    /// </summary>
    public AuditLineReader(string path, long startOffset)
        : this(path)
    {
        while (_consumed < startOffset)
        {
            var read = _stream.Read(_buffer, 0, (int)Math.Min(_buffer.Length, startOffset - _consumed));
            if (read == 0)
            {
                throw new EndOfStreamException($"The file is shorter than {startOffset} bytes.");
            }
            LineNumber += _buffer.AsSpan(0, read).Count((byte)'\n');
            _consumed += read;
        }
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset in the file of the start of the line last returned.</summary>
    public long LineOffset { get; private set; }

    private long _consumed;

    /// <summary>Reads the next line (without its LF). False at end of file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool terminated)
    {
        var searchFrom = _start;
        while (true)
        {
            var index = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (index >= 0)
            {
                var lineEnd = searchFrom + index;
                line = _buffer.AsSpan(_start, lineEnd - _start);
                terminated = true;
                LineOffset = _consumed;
                _consumed += lineEnd + 1 - _start;
                _start = lineEnd + 1;
                LineNumber++;
                return true;
            }
            searchFrom = _end;
            if (_eof)
            {
                if (_end > _start)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    terminated = false;
                    LineOffset = _consumed;
                    _consumed += _end - _start;
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                terminated = false;
                return false;
            }
            Fill(ref searchFrom);
        }
    }

    private void Fill(ref int searchFrom)
    {
        if (_start > 0)
        {
            // Slide the partial line to the front so long lines need no more than one buffer.
            var length = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            searchFrom -= _start;
            _end = length;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }

    public void Dispose() => _stream.Dispose();
}
