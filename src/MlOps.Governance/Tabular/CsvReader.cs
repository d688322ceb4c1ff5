using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
/// A record without any double quote (the common case) is split by a vectorised scan that finds its commas and its
/// line end 32 characters at a time; any other record is parsed field by field by the general RFC 4180 parser.
/// </para>
/// <para>
/// Rules: the first record is the header; fields are separated by commas; a field may be quoted with
/// double quotes, inside which commas, line breaks and doubled quotes (<c>""</c>) are literal; records end
/// with LF, CRLF or CR; entirely blank lines are skipped; a UTF-8 byte order mark is ignored. Every record
/// must have as many fields as the header (a ragged row is an error naming the file and line).
/// </para>
/// <para>
/// Limits (docs/input-rules.md): a record longer than <see cref="CsvReaderOptions.MaxRecordLength"/> characters is an
/// error naming its line, found before the buffer grows past that length, so memory is bounded whatever the file
/// holds; a header that names a column twice is an error; a one-column header that contains a semicolon or a tab is
/// an error naming the separator the file uses. Numbers are finite or missing (<see cref="GetDouble"/>).
/// </para>
/// </remarks>
public sealed class CsvReader : ITableReader
{
    private const int InitialBufferChars = 1 << 16;
    private const int FileBufferBytes = 1 << 16;

    private readonly TextReader _reader;
    private char[] _buffer;
    private readonly int _maxRecordLength;
    private readonly int _bufferLimit;     // the record plus its longest line break (CR LF)
    private int _recordEnd;                // where the last parsed record's line break starts
    private int _dataEnd;          // number of valid chars in _buffer
    private int _pos;              // start of the next unread record
    private bool _eof;
    private long _nextLine = 1;    // physical line number at _pos

    private Field[] _fields = new Field[16];
    private int _fieldCount;
    private readonly string[] _header;
    private Dictionary<string, int>? _columnLookup;
    private bool _disposed;

    private CsvReader(string path, TextReader reader, CsvReaderOptions options)
    {
        Path = path;
        _reader = reader;
        _maxRecordLength = options.MaxRecordLength;
        _bufferLimit = options.MaxRecordLength + 2;
        _buffer = new char[Math.Min(InitialBufferChars, _bufferLimit)];
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
        CheckSeparator();
        CheckDistinctNames();
    }

    // A semicolon- or tab-separated file reads as one column named after the whole header line: say so at once
    // instead of reporting a missing column (or scoring a feature nobody has).
    private void CheckSeparator()
    {
        if (_header.Length != 1)
        {
            return;
        }
        var found = _header[0].Contains(';', StringComparison.Ordinal) ? "semicolons (;)"
            : _header[0].Contains('\t', StringComparison.Ordinal) ? "tabs"
            : null;
        if (found is not null)
        {
            throw new MlOpsException(
                $"The header line has one column but contains {found}: the file is separated by {found}, not commas.",
                Path, HeaderLineNumber, "Save the file as comma-separated values (a comma between fields, '.' as the decimal separator).",
                DiagnosticCatalog.WrongSeparator, column: 1);
        }
    }

    // Columns are looked up by name: a repeated name would make one of them unreachable (or pick a different one
    // in each component), so it is refused for every file.
    private void CheckDistinctNames()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _header.Length; i++)
        {
            if (_header[i].Length > 0 && !seen.Add(_header[i]))
            {
                throw new MlOpsException(
                    $"The header names column '{_header[i]}' twice (column {Array.IndexOf(_header, _header[i]) + 1} and column {i + 1}).",
                    Path, HeaderLineNumber, "Give every column of the header a distinct name.", DiagnosticCatalog.DuplicateColumn, column: i + 1);
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading and reads its header line.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">The limits; null for <see cref="CsvReaderOptions.Default"/>.</param>
    /// <exception cref="MlOpsException">The file is missing, unreadable or empty, or its header breaks a rule.</exception>
    public static CsvReader Open(string path, CsvReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        (options ?? CsvReaderOptions.Default).Validate();
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
            bufferSize: FileBufferBytes), options);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="name"/> names it in errors.</summary>
    /// <param name="name">The name errors give the text (usually its file).</param>
    /// <param name="reader">The CSV text.</param>
    /// <param name="options">The limits; null for <see cref="CsvReaderOptions.Default"/>.</param>
    /// <remarks>The reader takes ownership of <paramref name="reader"/> and disposes it.</remarks>
    public static CsvReader Open(string name, TextReader reader, CsvReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            options ??= CsvReaderOptions.Default;
            options.Validate();
            return new CsvReader(name, reader, options);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The path of the file (or the name given to <see cref="Open(string, TextReader, CsvReaderOptions)"/>).</summary>
    public string Path { get; }

    /// <summary>The column names from the header line, in file order.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The 1-based line of the header.</summary>
    public long HeaderLineNumber { get; }

    /// <summary>The 1-based line on which the current record starts (the header's line before the first <see cref="Read"/>).</summary>
    public long LineNumber { get; private set; }

    /// <summary>"CSV".</summary>
    public string Format => "CSV";

    /// <inheritdoc />
    long? ITableReader.HeaderLineNumber => HeaderLineNumber;

    /// <summary>The current record as messages name it: "line 12".</summary>
    public string Position => PositionOf(LineNumber);

    /// <summary>A record as messages name it: "line 12".</summary>
    public string PositionOf(long lineNumber) => string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}");

    /// <summary>The number of fields in the current record (equal to the header's count after a successful <see cref="Read"/>).</summary>
    public int FieldCount => _fieldCount;

    /// <summary>
    /// The index of the column called <paramref name="name"/> (exact, case-sensitive match; names are distinct).
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
        var field = _fields[i];
        return new ReadOnlySpan<char>(_anyInScratch && field.InScratch ? _scratch : _buffer, field.Start, field.Length);
    }

    /// <summary>The text of field <paramref name="i"/> as a new string.</summary>
    public string GetString(int i) => new(GetSpan(i));

    /// <summary>True when field <paramref name="i"/> is empty (or only white space).</summary>
    public bool IsEmpty(int i) => GetSpan(i).IsWhiteSpace();

    /// <summary>
    /// Field <paramref name="i"/> as a number by the input rules (docs/input-rules.md): a finite number in the
    /// invariant culture, or a missing value (an empty field, <c>NaN</c> or <c>NA</c> in any case), returned as NaN.
    /// </summary>
    /// <exception cref="MlOpsException">The field is not a number, or is infinite (<c>inf</c>, or beyond the range of a
    /// double such as <c>1e400</c>); names the file, line, column and the text (<see cref="DiagnosticCatalog.NotANumber"/>).</exception>
    public double GetDouble(int i)
    {
        if (TryGetNumber(i, out var value))
        {
            return value;
        }
        throw NotANumber(i, $"Write a finite number with '.' as the decimal separator (or leave the value empty for a missing value) in column '{_header[i]}'.");
    }

    /// <summary>
    /// Parses field <paramref name="i"/> by the input rules: true with a finite number, or with NaN for a missing value;
    /// false when the text is not a number or the number is infinite.
    /// </summary>
    public bool TryGetNumber(int i, out double value)
    {
        // The fast parser only returns finite numbers (at most 15 digits times at most 1e22), so only the general
        // parser's results need the infinity check.
        var text = GetSpan(i);
        return FastDouble.TryParse(text, out value) || (TryParseSlow(text, out value) && !double.IsInfinity(value));
    }

    /// <summary>The error for field <paramref name="i"/> of the current record not being a finite number, with <paramref name="fix"/>.</summary>
    /// <param name="i">The field.</param>
    /// <param name="fix">What to do, in concepts.</param>
    /// <param name="inputs">The settings the fix refers to, if any.</param>
    public MlOpsException NotANumber(int i, string fix, IReadOnlyList<InputHint>? inputs = null) => TableValues.NotANumber(this, i, fix, inputs);

    /// <summary>
    /// Parses field <paramref name="i"/> as any double, infinities included (<c>inf</c>, <c>1e400</c>); an empty field
    /// gives NaN and true. Readers of data use <see cref="TryGetNumber"/>, which applies the input rules.
    /// </summary>
    public bool TryGetDouble(int i, out double value) => TableValues.TryParseDouble(GetSpan(i), out value);

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
            if (TryParseUnquotedRecord(out var simpleConsumed))
            {
                CheckRecordLength(line);
                _pos += simpleConsumed;
                _nextLine++;
                return true;
            }
            var result = TryParseRecord(out var consumed, out var linesUsed);
            if (result == ParseResult.Complete)
            {
                CheckRecordLength(line);
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
                    CheckRecordLength(line);
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

    // A record that fits the buffer may still be longer than the limit (the buffer starts at 64 Ki characters).
    private void CheckRecordLength(long line)
    {
        if (_recordEnd - _pos > _maxRecordLength)
        {
            throw RecordTooLong(line);
        }
    }

    private MlOpsException RecordTooLong(long line) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"The record on line {line} is longer than the maximum record length of {_maxRecordLength} characters (reading stopped there)."),
        Path, line,
        string.Create(CultureInfo.InvariantCulture,
            $"Check that the file is a CSV file with one record per line (a missing line break or an unclosed quote joins lines); if its records really are that long, raise the maximum record length (at most {CsvReaderOptions.LargestMaxRecordLength} characters)."),
        DiagnosticCatalog.RecordTooLong, inputs: [UserInputs.MaxRecordLength]);

    private void Grow()
    {
        Array.Resize(ref _fields, _fields.Length * 2);
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
        _anyInScratch = false;
        while (true)
        {
            if (field == _fields.Length)
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
                _fields[field].Start = i + 1;
                _fields[field].Length = closing - (i + 1);
                _fields[field].InScratch = false;
                if (hasEscapes)
                {
                    _fields[field].Length = Unescape(field, i + 1, closing);
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
                _fields[field].Start = i;
                _fields[field].Length = k;
                _fields[field].InScratch = false;
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
                _recordEnd = i;
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
                    if (field == _fields.Length)
                    {
                        Grow();
                    }
                    _fields[field].Start = i;
                    _fields[field].Length = 0;
                    _fields[field].InScratch = false;
                    field++;
                    _fieldCount = field;
                    consumed = i - _pos;
                    _recordEnd = i;
                    linesUsed++;
                    return ParseResult.Complete;
                }
                continue;
            }
            _recordEnd = i;
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
        _fields[field].Start = start;
        _fields[field].InScratch = true;
        _anyInScratch = true;
        return length;
    }

    private char[]? _scratch;
    private int _scratchUsed;
    private bool _anyInScratch;       // false: every field of the current record is in _buffer (GetSpan skips InScratch)

    /// <summary>Where a field's text is: in the buffer, or (a quoted field with doubled quotes) in the scratch buffer.</summary>
    private struct Field
    {
        public int Start;
        public int Length;
        public bool InScratch;
    }

    private const int ScanWidth = 32; // characters compared per step of the vectorised scan

    /// <summary>
    /// The fast path: parses the record at <see cref="_pos"/> when it has no double quote and its line break is
    /// buffered. False leaves everything to <see cref="TryParseRecord"/>, which parses any record (quotes, a record
    /// cut by the end of the buffer, the last record without a line break), so both always agree.
    /// </summary>
    /// <remarks>Fully optimised from its first call: a command reads one file once, so waiting for tiered compilation
    /// to promote this loop would leave a large part of the file to unoptimised code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseUnquotedRecord(out int consumed)
    {
        consumed = 0;
        var buffer = _buffer;
        var end = _dataEnd;
        var i = _pos;
        var fieldStart = i;
        var field = 0;
        int lineEnd;
        ref var first = ref MemoryMarshal.GetArrayDataReference(buffer);
        while (true)
        {
            if (i + ScanWidth > end)
            {
                // Fewer than ScanWidth characters left in the buffer: finish the record one character at a time.
                while (i < end && buffer[i] is not ('\n' or '\r' or '"'))
                {
                    if (buffer[i] == ',')
                    {
                        AddField(ref field, fieldStart, i);
                        fieldStart = i + 1;
                    }
                    i++;
                }
                if (i >= end)
                {
                    return false;
                }
                lineEnd = i;
                break;
            }
            var (commas, stops) = Masks(ref Unsafe.Add(ref first, i));
            if (stops != 0)
            {
                var stop = BitOperations.TrailingZeroCount(stops);
                commas &= (uint)((1UL << stop) - 1);
                lineEnd = i + stop;
            }
            else
            {
                lineEnd = -1;
            }
            while (commas != 0)
            {
                var comma = i + BitOperations.TrailingZeroCount(commas);
                AddField(ref field, fieldStart, comma);
                fieldStart = comma + 1;
                commas &= commas - 1;
            }
            if (lineEnd >= 0)
            {
                break;
            }
            i += ScanWidth;
        }
        if (buffer[lineEnd] == '"' || (buffer[lineEnd] == '\r' && lineEnd + 1 >= end))
        {
            // A quote anywhere (the general parser decides what it means), or a CR whose LF may not be buffered yet.
            return false;
        }
        AddField(ref field, fieldStart, lineEnd);
        _fieldCount = field;
        _anyInScratch = false;
        _recordEnd = lineEnd;
        consumed = lineEnd + (buffer[lineEnd] == '\r' && buffer[lineEnd + 1] == '\n' ? 2 : 1) - _pos;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddField(ref int field, int start, int end)
    {
        if (field == _fields.Length)
        {
            Grow();
        }
        _fields[field] = new Field { Start = start, Length = end - start };
        field++;
    }

    /// <summary>
    /// For the <see cref="ScanWidth"/> characters at <paramref name="at"/>: a bit per comma, and a bit per character
    /// that ends the fast path (LF, CR, a double quote). Vector512 where the hardware has it, else 256 or 128 bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Commas, uint Stops) Masks(ref char at)
    {
        ref var units = ref Unsafe.As<char, ushort>(ref at);
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref units);
            var stops = Vector512.Equals(v, Vector512.Create((ushort)'\n')) | Vector512.Equals(v, Vector512.Create((ushort)'\r'))
                | Vector512.Equals(v, Vector512.Create((ushort)'"'));
            return ((uint)Vector512.Equals(v, Vector512.Create((ushort)',')).ExtractMostSignificantBits(), (uint)stops.ExtractMostSignificantBits());
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var (lowCommas, lowStops) = Masks256(Vector256.LoadUnsafe(ref units));
            var (highCommas, highStops) = Masks256(Vector256.LoadUnsafe(ref units, 16));
            return (lowCommas | (highCommas << 16), lowStops | (highStops << 16));
        }
        var commas = 0u;
        var stops128 = 0u;
        for (var k = 0; k < ScanWidth; k += 8)
        {
            var v = Vector128.LoadUnsafe(ref units, (nuint)k);
            commas |= Vector128.Equals(v, Vector128.Create((ushort)',')).ExtractMostSignificantBits() << k;
            stops128 |= (Vector128.Equals(v, Vector128.Create((ushort)'\n')) | Vector128.Equals(v, Vector128.Create((ushort)'\r'))
                | Vector128.Equals(v, Vector128.Create((ushort)'"'))).ExtractMostSignificantBits() << k;
        }
        return (commas, stops128);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Commas, uint Stops) Masks256(Vector256<ushort> v) =>
        (Vector256.Equals(v, Vector256.Create((ushort)',')).ExtractMostSignificantBits(),
            (Vector256.Equals(v, Vector256.Create((ushort)'\n')) | Vector256.Equals(v, Vector256.Create((ushort)'\r'))
                | Vector256.Equals(v, Vector256.Create((ushort)'"'))).ExtractMostSignificantBits());


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
            // The buffer holds one unfinished record (the tail moved to the front): it may grow up to the limit, never past.
            if (_buffer.Length >= _bufferLimit)
            {
                throw RecordTooLong(_nextLine);
            }
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _bufferLimit));
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
