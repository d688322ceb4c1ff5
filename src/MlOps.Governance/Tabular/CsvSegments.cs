using System.Text;

namespace MlOps.Governance.Tabular;

/// <summary>
/// Splits a CSV file into byte ranges that start at line beginnings, for reading in parallel. Only files
/// without any double quote qualify: without quoting, every line feed ends a record. Each segment is read
/// with the header line in front, so a <see cref="Tabular.CsvReader"/> sees an ordinary CSV file.
/// </summary>
internal static class CsvSegments
{
    /// <summary>The header's length in bytes and each segment's start offset; null when the file has quotes or is too small.</summary>
    public static (long HeaderLength, long[] Starts)? Split(string path, int segments)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (buffer.AsSpan(0, read).IndexOf((byte)'"') >= 0)
            {
                return null;
            }
        }
        var length = stream.Length;
        var header = NextLineStart(stream, 0);
        if (header < 0)
        {
            return null;
        }
        var starts = new List<long> { header };
        for (var k = 1; k < segments; k++)
        {
            var start = NextLineStart(stream, Math.Max(header, length * k / segments));
            if (start < 0 || start >= length)
            {
                break;
            }
            if (start > starts[^1])
            {
                starts.Add(start);
            }
        }
        return starts.Count < 2 ? null : (header, starts.ToArray());
    }

    // The offset just after the first line feed at or after `from`, or -1.
    private static long NextLineStart(FileStream stream, long from)
    {
        stream.Position = from;
        var buffer = new byte[1 << 16];
        var position = from;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var i = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (i >= 0)
            {
                return position + i + 1;
            }
            position += read;
        }
        return -1;
    }

    /// <summary>Files at least this large are read in segments.</summary>
    public const long Threshold = 8L << 20;

    /// <summary>
    /// The segments of <paramref name="path"/> as (header length, start, end) when it is large enough and has no
    /// quotes; null otherwise (read it sequentially).
    /// </summary>
    public static (long HeaderLength, long Start, long End)[]? Plan(string path, int segments)
    {
        var length = new FileInfo(path).Length;
        if (segments < 2 || length < Threshold)
        {
            return null;
        }
        var split = Split(path, segments);
        if (split is not { } s)
        {
            return null;
        }
        return s.Starts.Select((start, i) => (s.HeaderLength, start, i + 1 < s.Starts.Length ? s.Starts[i + 1] : length)).ToArray();
    }

    /// <summary>A reader of the header line followed by the bytes [start, end) of the file.</summary>
    public static TextReader Open(string path, long headerLength, long start, long end) =>
        new StreamReader(new SegmentStream(path, headerLength, start, end), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    private sealed class SegmentStream : Stream
    {
        private readonly FileStream _file;
        private readonly long _headerLength;
        private readonly long _start;
        private readonly long _end;
        private long _position; // logical: header bytes, then segment bytes

        public SegmentStream(string path, long headerLength, long start, long end)
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            _headerLength = headerLength;
            _start = start;
            _end = end;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            long fileOffset;
            long available;
            if (_position < _headerLength)
            {
                fileOffset = _position;
                available = _headerLength - _position;
            }
            else
            {
                fileOffset = _start + (_position - _headerLength);
                available = _end - fileOffset;
            }
            if (available <= 0)
            {
                return 0;
            }
            _file.Position = fileOffset;
            var n = _file.Read(destination[..(int)Math.Min(destination.Length, available)]);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
