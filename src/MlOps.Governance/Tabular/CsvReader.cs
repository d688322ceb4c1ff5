using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Governance.Tabular;

/// <summary>
/// A streaming, forward-only reader of RFC 4180 CSV files with a header line.
/// </summary>
/// <remarks>
/// <para>
/// The reader keeps one record at a time in a large character buffer and exposes its fields as spans,
/// so reading numbers allocates nothing per field. Memory does not grow with the number of rows.
/// </para>
/// <para>
/// Rules: the first record is the header; fields are separated by commas; a field may be quoted with
/// double quotes, inside which commas, line breaks and doubled quotes (<c>""</c>) are literal; records end
/// with LF, CRLF or CR; entirely blank lines are skipped; a UTF-8 byte order mark is ignored. Every record
/// must have as many fields as the header (a ragged row is an error naming the file and line).
/// </para>
/// </remarks>
public sealed class CsvReader : IDisposable
{
    private const int InitialBufferChars = 1 << 16;
    private const int FileBufferBytes = 1 << 16;

    private readonly TextReader _reader;
    private char[] _buffer = new char[InitialBufferChars];
    private int _dataEnd;          // number of valid chars in _buffer
    private int _pos;              // start of the next unread record
    private bool _eof;
    private long _nextLine = 1;    // physical line number at _pos

    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private int _fieldCount;
    private readonly string[] _header;
    private Dictionary<string, int>? _columnLookup;
    private bool _disposed;

    private CsvReader(string path, TextReader reader)
    {
        Path = path;
        _reader = reader;
        if (!ReadRecord(out var headerLine))
        {
            throw new MlOpsException("The CSV file is empty: it has no header line.", path, 1,
                "Write a header line with the column names, then one line per row.");
        }
        _header = new string[_fieldCount];
        for (var i = 0; i < _fieldCount; i++)
        {
            _header[i] = new string(GetSpan(i));
        }
        HeaderLineNumber = headerLine;
        LineNumber = headerLine;
        _fieldCount = 0;
    }

    /// <summary>Opens <paramref name="path"/> for reading and reads its header line.</summary>
    /// <exception cref="MlOpsException">The file is missing, unreadable or empty.</exception>
    public static CsvReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The data file '{path}' does not exist.", path, fix: "Check the path.",
                diagnostic: DiagnosticCatalog.DataMissing);
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes,
                FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"The data file '{path}' cannot be read: {e.Message}", path,
                fix: "Check the file permissions and that no other program holds it open.", inner: e);
        }
        return Open(path, new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true,
            bufferSize: FileBufferBytes));
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="name"/> names it in errors.</summary>
    /// <remarks>The reader takes ownership of <paramref name="reader"/> and disposes it.</remarks>
    public static CsvReader Open(string name, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return new CsvReader(name, reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The path of the file (or the name given to <see cref="Open(string, TextReader)"/>).</summary>
    public string Path { get; }

    /// <summary>The column names from the header line, in file order.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The 1-based line of the header.</summary>
    public long HeaderLineNumber { get; }

    /// <summary>The 1-based line on which the current record starts (the header's line before the first <see cref="Read"/>).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The number of fields in the current record (equal to the header's count after a successful <see cref="Read"/>).</summary>
    public int FieldCount => _fieldCount;

    /// <summary>
    /// The index of the column called <paramref name="name"/> (exact, case-sensitive match; the first one
    /// when the header repeats a name).
    /// </summary>
    /// <exception cref="MlOpsException">No such column; the message lists the available columns.</exception>
    public int ColumnIndex(string name)
    {
        if (TryGetColumnIndex(name, out var index))
        {
            return index;
        }
        throw new MlOpsException(
            $"The CSV file has no column '{name}'. Available columns: {string.Join(", ", _header.Select(h => $"'{h}'"))}.",
            Path, HeaderLineNumber, $"Add a column named '{name}' to the header, or use one of the available columns.");
    }

    /// <summary>Like <see cref="ColumnIndex"/>, but returns false instead of throwing.</summary>
    public bool TryGetColumnIndex(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_columnLookup is null)
        {
            var lookup = new Dictionary<string, int>(_header.Length, StringComparer.Ordinal);
            for (var i = 0; i < _header.Length; i++)
            {
                lookup.TryAdd(_header[i], i);
            }
            _columnLookup = lookup;
        }
        return _columnLookup.TryGetValue(name, out index);
    }

    /// <summary>Advances to the next record.</summary>
    /// <returns>False at the end of the file.</returns>
    /// <exception cref="MlOpsException">A ragged row or malformed quoting, naming the file and line.</exception>
    public bool Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!ReadRecord(out var line))
        {
            _fieldCount = 0;
            return false;
        }
        LineNumber = line;
        if (_fieldCount != _header.Length)
        {
            throw new MlOpsException(
                $"Line {line} has {_fieldCount} field{(_fieldCount == 1 ? "" : "s")} but the header has {_header.Length} columns.",
                Path, line, "Make every row have one value per header column (an empty value is allowed; quote values that contain commas).");
        }
        return true;
    }

    /// <summary>The text of field <paramref name="i"/> of the current record (quotes removed), valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> GetSpan(int i)
    {
        CheckIndex(i);
        return new ReadOnlySpan<char>(_inScratch[i] ? _scratch : _buffer, _starts[i], _lengths[i]);
    }

    /// <summary>The text of field <paramref name="i"/> as a new string.</summary>
    public string GetString(int i) => new(GetSpan(i));

    /// <summary>True when field <paramref name="i"/> is empty (or only white space).</summary>
    public bool IsEmpty(int i) => GetSpan(i).IsWhiteSpace();

    /// <summary>
    /// Field <paramref name="i"/> as a number (invariant culture; <c>NaN</c>, <c>inf</c> and <c>-inf</c> accepted
    /// in any case). An empty field is NaN (a missing value).
    /// </summary>
    /// <exception cref="MlOpsException">The field is not a number; names the file, line, column and the text.</exception>
    public double GetDouble(int i)
    {
        if (TryGetDouble(i, out var value))
        {
            return value;
        }
        var text = GetSpan(i);
        var shown = text.Length > 40 ? string.Concat(text[..40], "...") : new string(text);
        throw new MlOpsException(
            $"Column '{_header[i]}' on line {LineNumber} is not a number: '{shown}'.",
            Path, LineNumber, $"Write a number with '.' as the decimal separator (or leave the value empty for a missing value) in column '{_header[i]}'.",
            column: i + 1);
    }

    /// <summary>Parses field <paramref name="i"/> as a number; an empty field gives NaN and true.</summary>
    public bool TryGetDouble(int i, out double value)
    {
        var text = GetSpan(i);
        if (FastDouble.TryParse(text, out value))
        {
            return true;
        }
        return TryParseSlow(text, out value);
    }

    /// <summary>The reader's general number parser, shared so other components accept exactly the same text.</summary>
    internal static bool TryParseSlow(ReadOnlySpan<char> text, out double value)
    {
        var trimmed = text.Trim();
        if (trimmed.IsEmpty)
        {
            value = double.NaN;
            return true;
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        // numpy and R spellings of the special values.
        var negative = false;
        if (trimmed[0] is '+' or '-')
        {
            negative = trimmed[0] == '-';
            trimmed = trimmed[1..];
        }
        if (trimmed.Equals("nan", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("na", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (trimmed.Equals("inf", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        value = 0;
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _reader.Dispose();
        }
    }

    private void CheckIndex(int i)
    {
        if ((uint)i >= (uint)_fieldCount)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"The current record has {_fieldCount} fields.");
        }
    }

    /// <summary>Parses the next non-blank record into the field arrays; false at the end of input.</summary>
    private bool ReadRecord(out long line)
    {
        while (true)
        {
            // Skip blank lines (and count them).
            while (true)
            {
                if (_pos >= _dataEnd && !Fill())
                {
                    line = _nextLine;
                    return false;
                }
                var c = _buffer[_pos];
                if (c == '\n')
                {
                    _pos++;
                    _nextLine++;
                }
                else if (c == '\r')
                {
                    _pos++;
                    if (_pos >= _dataEnd)
                    {
                        Fill();
                    }
                    if (_pos < _dataEnd && _buffer[_pos] == '\n')
                    {
                        _pos++;
                    }
                    _nextLine++;
                }
                else
                {
                    break;
                }
            }
            line = _nextLine;
            var result = TryParseRecord(out var consumed, out var linesUsed);
            if (result == ParseResult.Complete)
            {
                _pos += consumed;
                _nextLine += linesUsed;
                return true;
            }
            // The record runs past the buffered text: get more (growing the buffer if it is full) and retry.
            if (!Fill())
            {
                // End of input inside a record without a final line break: parse it with EOF semantics.
                var final = TryParseRecord(out consumed, out linesUsed, atEnd: true);
                if (final == ParseResult.Complete)
                {
                    _pos += consumed;
                    _nextLine += linesUsed;
                    return true;
                }
                throw new MlOpsException($"A quoted field that starts on line {line} is never closed.", Path, line,
                    "Close the quoted field with a double quote (write a literal quote inside it as two quotes).");
            }
        }
    }

    private enum ParseResult { Complete, NeedMore }

    private void Grow()
    {
        var size = _starts.Length * 2;
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _inScratch, size);
    }

    /// <summary>
    /// Parses one record starting at <see cref="_pos"/> without modifying the buffer, so that a record whose
    /// end is not buffered yet can be re-parsed after <see cref="Fill"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ParseResult TryParseRecord(out int consumed, out long linesUsed, bool atEnd = false)
    {
        var buffer = _buffer;
        var end = _dataEnd;
        var i = _pos;
        var field = 0;
        linesUsed = 0;
        consumed = 0;
        _scratchUsed = 0;
        while (true)
        {
            if (field == _starts.Length)
            {
                Grow();
            }
            if (i < end && buffer[i] == '"')
            {
                // Quoted field: find the closing quote without modifying the buffer (so a retry sees raw text).
                var j = i + 1;
                var hasEscapes = false;
                long innerLines = 0;
                while (true)
                {
                    var q = j < end ? buffer.AsSpan(j, end - j).IndexOfAny('"', '\n') : -1;
                    if (q < 0)
                    {
                        return ParseResult.NeedMore;
                    }
                    j += q;
                    if (buffer[j] == '\n')
                    {
                        innerLines++;
                        j++;
                        continue;
                    }
                    // buffer[j] == '"'
                    if (j + 1 >= end)
                    {
                        if (!atEnd)
                        {
                            return ParseResult.NeedMore;
                        }
                        break;
                    }
                    if (buffer[j + 1] == '"')
                    {
                        hasEscapes = true;
                        j += 2;
                        continue;
                    }
                    break;
                }
                var closing = j;
                var after = closing + 1;
                if (after < end && buffer[after] is not (',' or '\n' or '\r'))
                {
                    throw new MlOpsException(
                        $"Line {_nextLine + linesUsed + innerLines} has text after the closing quote of field {field + 1}.",
                        Path, _nextLine + linesUsed + innerLines,
                        "Quote the whole field, and write a literal quote inside it as two quotes (\"\").", column: field + 1);
                }
                if (after >= end && !atEnd)
                {
                    return ParseResult.NeedMore;
                }
                linesUsed += innerLines;
                _starts[field] = i + 1;
                _lengths[field] = closing - (i + 1);
                _inScratch[field] = false;
                if (hasEscapes)
                {
                    _lengths[field] = Unescape(field, i + 1, closing);
                }
                field++;
                i = after;
            }
            else
            {
                var rest = buffer.AsSpan(i, end - i);
                var k = rest.IndexOfAny(',', '\n', '\r');
                if (k < 0)
                {
                    if (!atEnd)
                    {
                        return ParseResult.NeedMore;
                    }
                    k = rest.Length;
                }
                _starts[field] = i;
                _lengths[field] = k;
                _inScratch[field] = false;
                field++;
                i += k;
            }
            // i is at a delimiter, a line end, or the end of input.
            if (i >= end)
            {
                if (!atEnd)
                {
                    return ParseResult.NeedMore;
                }
                _fieldCount = field;
                consumed = i - _pos;
                linesUsed++;
                return ParseResult.Complete;
            }
            var d = buffer[i];
            if (d == ',')
            {
                i++;
                if (i >= end && !atEnd)
                {
                    return ParseResult.NeedMore;
                }
                if (i >= end)
                {
                    // Trailing comma at end of input: one more empty field.
                    if (field == _starts.Length)
                    {
                        Grow();
                    }
                    _starts[field] = i;
                    _lengths[field] = 0;
                    _inScratch[field] = false;
                    field++;
                    _fieldCount = field;
                    consumed = i - _pos;
                    linesUsed++;
                    return ParseResult.Complete;
                }
                continue;
            }
            if (d == '\r')
            {
                if (i + 1 >= end && !atEnd)
                {
                    return ParseResult.NeedMore;
                }
                i += i + 1 < end && buffer[i + 1] == '\n' ? 2 : 1;
            }
            else
            {
                i++; // '\n'
            }
            _fieldCount = field;
            consumed = i - _pos;
            linesUsed++;
            return ParseResult.Complete;
        }
    }

    /// <summary>
    /// Copies the quoted text [from, to) with doubled quotes collapsed into the scratch buffer. The raw
    /// buffer is never rewritten, because a record whose end is not yet buffered is re-parsed from raw text.
    /// </summary>
    private int Unescape(int field, int from, int to)
    {
        var size = to - from;
        _scratch ??= new char[Math.Max(256, size)];
        if (_scratchUsed + size > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + size));
        }
        var start = _scratchUsed;
        var length = 0;
        for (var k = from; k < to; k++)
        {
            var c = _buffer[k];
            _scratch[start + length++] = c;
            if (c == '"')
            {
                k++; // skip the second quote of the pair
            }
        }
        _scratchUsed += length;
        _starts[field] = start;
        _inScratch[field] = true;
        return length;
    }

    private char[]? _scratch;
    private int _scratchUsed;
    private bool[] _inScratch = new bool[16];

    /// <summary>Reads more text. Shifts the unread tail to the front, growing the buffer when it is full.</summary>
    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }
        if (_pos > 0)
        {
            var tail = _dataEnd - _pos;
            Array.Copy(_buffer, _pos, _buffer, 0, tail);
            _dataEnd = tail;
            _pos = 0;
        }
        if (_dataEnd == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = _reader.Read(_buffer, _dataEnd, _buffer.Length - _dataEnd);
        if (read == 0)
        {
            _eof = true;
            return false;
        }
        _dataEnd += read;
        return true;
    }
}
