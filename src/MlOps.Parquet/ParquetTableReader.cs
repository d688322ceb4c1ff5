using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Tabular;
using Parquet;

namespace MlOps.Parquet;

/// <summary>
/// Reads a Parquet file as a table, row group by row group: a column's values of one row group are loaded when a
/// stage first reads that column in the row group (while the column it will most likely read next decodes on a
/// second reader), so memory holds one row group of the columns read, whatever the number of row groups.
/// </summary>
/// <remarks>
/// Every top-level column must be flat and of a readable type, checked when the file is opened
/// (<see cref="DiagnosticCatalog.UnsupportedDataColumn"/>), so a file is readable by every stage or by none. Rows are
/// numbered from 1 after the header ("row 12"); <see cref="LineNumber"/> carries that number.
/// </remarks>
public sealed class ParquetTableReader : ITableReader
{
    // The columns (and their decoded values) of the last reader closed, for the next reader of the same file: a stage
    // reads a file's first rows to choose column types, then opens it again for its pass, and a row group is often
    // the whole file (pyarrow writes up to 1,048,576 rows per group), so this saves decoding it twice. Weak: the
    // collector may take it back whenever memory is wanted.
    private static WeakReference<Handover>? s_lastClosed;

    private readonly FileStream _stream;
    private readonly FileVersion _version;
    private readonly ParquetReader _reader;
    private readonly ParquetColumn[] _columns;
    private readonly string[] _header;
    private readonly int _lastGroup;
    private Dictionary<string, int>? _lookup;
    private int _group;
    private ParquetRowGroupReader? _groupReader;
    private (FileStream Stream, ParquetReader Reader)? _second;
    private Ahead? _ahead;
    private int _groupRows;
    private int _row = -1;
    private bool _disposed;

    private ParquetTableReader(string path, FileVersion version, FileStream stream, ParquetReader reader, ParquetColumn[] columns)
    {
        Path = path;
        _version = version;
        _stream = stream;
        _reader = reader;
        _columns = columns;
        _header = columns.Select(c => c.Field.Name).ToArray();
        _group = -1;
        _lastGroup = reader.RowGroupCount - 1;
    }

    /// <summary>Opens <paramref name="path"/>, reads its schema and checks every column.</summary>
    /// <exception cref="MlOpsException">Missing or unreadable (<see cref="DiagnosticCatalog.DataMissing"/>), not Parquet
    /// or damaged (<see cref="DiagnosticCatalog.NotParquet"/>), a column that cannot be read
    /// (<see cref="DiagnosticCatalog.UnsupportedDataColumn"/>), or a column named twice.</exception>
    public static ParquetTableReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The data file '{path}' does not exist.", path, fix: "Check the path.",
                diagnostic: DiagnosticCatalog.DataMissing);
        }
        FileStream stream;
        FileVersion version;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            version = FileVersion.Of(path, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"The data file '{path}' cannot be read: {e.Message}", path,
                fix: "Check the file permissions and that no other program holds it open.", inner: e);
        }
        try
        {
            var reader = Sync(() => ParquetReader.CreateAsync(stream, Options, leaveStreamOpen: true));
            try
            {
                var fields = reader.Schema.Fields;
                var columns = new ParquetColumn[fields.Count];
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i] = ParquetColumn.Create(fields[i], i, path);
                }
                CheckDistinctNames(path, columns);
                return new ParquetTableReader(path, version, stream, reader, TakeOver(version, columns));
            }
            catch
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
        }
        catch (Exception e) when (e is not MlOpsException)
        {
            stream.Dispose();
            throw NotParquet(path, e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The reader's options: dates (the DATE type) read as dates, not as midnight timestamps; and a bound on the buffers
    /// Parquet.Net keeps pooled between pages (unbounded by default, which holds every page's buffer ever decoded).
    /// </summary>
    internal static ParquetOptions Options { get; } = new()
    {
        UseDateOnlyTypeForDates = true,
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };

    // The last closed reader's columns when it read the same version of the same file with the same schema (their
    // loaded row group is then still valid), else the new columns.
    private static ParquetColumn[] TakeOver(FileVersion version, ParquetColumn[] columns)
    {
        var last = Interlocked.Exchange(ref s_lastClosed, null);
        if (last is not null && last.TryGetTarget(out var handover) && handover.Version == version
            && handover.Columns.Length == columns.Length
            && handover.Columns.Zip(columns).All(p => p.First.Field.Equals(p.Second.Field) && p.First.GetType() == p.Second.GetType()))
        {
            return handover.Columns;
        }
        return columns;
    }

    private static void CheckDistinctNames(string path, ParquetColumn[] columns)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            var name = columns[i].Field.Name;
            if (!seen.TryAdd(name, i))
            {
                throw new MlOpsException($"The Parquet file names column '{name}' twice (column {seen[name] + 1} and column {i + 1}).",
                    path, fix: "Give every column a distinct name.", diagnostic: DiagnosticCatalog.DuplicateColumn, column: i + 1);
            }
        }
    }

    private static MlOpsException NotParquet(string path, Exception e) => new(
        $"The data file '{path}' is not a readable Parquet file: {e.Message.TrimEnd('.')}.", path,
        fix: "Write the file again with a Parquet writer (a damaged or truncated copy cannot be read), or give a CSV file with a .csv name.",
        diagnostic: DiagnosticCatalog.NotParquet, inner: e);

    // Parquet.Net is asynchronous only; the stages read synchronously (a CLI process, no synchronisation context).
    private static T Sync<T>(Func<Task<T>> run) => Task.Run(run).GetAwaiter().GetResult();

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>"Parquet".</summary>
    public string Format => "Parquet";

    /// <inheritdoc />
    public IReadOnlyList<string> Header => _header;

    /// <summary>Null: a Parquet file's header is not a line.</summary>
    public long? HeaderLineNumber => null;

    /// <summary>The 1-based row of the current row, counted after the header (0 before the first <see cref="Read"/>).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current row as messages name it: "row 12".</summary>
    public string Position => PositionOf(LineNumber);

    /// <summary>A row as messages name it: "row 12".</summary>
    public string PositionOf(long lineNumber) => string.Create(CultureInfo.InvariantCulture, $"row {lineNumber}");

    /// <inheritdoc />
    public int ColumnIndex(string name)
    {
        if (TryGetColumnIndex(name, out var index))
        {
            return index;
        }
        throw new MlOpsException(
            $"The Parquet file has no column '{name}'. Available columns: {string.Join(", ", _header.Select(h => $"'{h}'"))}.",
            Path, fix: $"Add a column named '{name}' to the file, or use one of the available columns.");
    }

    /// <inheritdoc />
    public bool TryGetColumnIndex(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        _lookup ??= _header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.Ordinal);
        return _lookup.TryGetValue(name, out index);
    }

    /// <inheritdoc />
    public bool Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _row++;
        while (_row >= _groupRows)
        {
            _groupReader?.Dispose();
            _groupReader = null;
            if (_group >= _lastGroup)
            {
                _row = _groupRows;
                return false;
            }
            _group++;
            _groupReader = _reader.OpenRowGroupReader(_group);
            _groupRows = checked((int)_groupReader.RowCount);
            _row = 0;
        }
        LineNumber++;
        return true;
    }

    // The column's values of the current row group, loaded on first use. While one column decodes on this reader, the
    // column the stage will most likely ask for next decodes on a second reader of the file (Parquet.Net decodes a
    // column chunk on one thread; a CSV file of this size is read in parallel segments, so this uses the second core).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ParquetColumn Column(int i)
    {
        var column = _columns[i];
        return column.LoadedGroup == _group ? column : LoadColumn(i);
    }

    private ParquetColumn LoadColumn(int i)
    {
        var column = _columns[i];
        if (_groupReader is null || (uint)_row >= (uint)_groupRows)
        {
            throw new InvalidOperationException("There is no current row: call Read first.");
        }
        FinishAhead();
        var decodedAhead = column.LoadedGroup == _group;
        StartAhead(Predict(i));
        if (!decodedAhead)
        {
            Load(i, report: true);
        }
        else if (Predict(i) is var next and >= 0)
        {
            // The second reader had this one ready: decode the one after next here meanwhile, so both keep working.
            Load(next, report: false);
        }
        return column;
    }

    // Decodes column i of the current row group on this reader. A column decoded on a guess (report false) that fails
    // stays unloaded: its first use decodes it again and reports the error with the row.
    private void Load(int i, bool report)
    {
        var column = _columns[i];
        try
        {
            var group = _groupReader!;
            var rows = _groupRows;
            Task.Run(() => column.LoadAsync(group, rows)).GetAwaiter().GetResult();
            column.LoadedGroup = _group;
        }
        catch (Exception e) when (e is not (MlOpsException or OutOfMemoryException))
        {
            column.LoadedGroup = -1;
            if (report)
            {
                throw new MlOpsException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"The data file '{Path}' is not a readable Parquet file: column '{_header[i]}' of row group {_group + 1} (from {Position}) cannot be decoded: {e.Message.TrimEnd('.')}."),
                    Path, LineNumber, "Write the file again with a Parquet writer (a damaged or truncated copy cannot be read).",
                    DiagnosticCatalog.NotParquet, column: i + 1, inner: e);
            }
        }
    }

    // The column most likely read after column i and not yet decoded (nor decoding ahead): the next one decoded in the
    // previous row group or, in the first, the next column of the file. A guess that is not read costs time, never a
    // result. -1 when there is none.
    private int Predict(int i)
    {
        for (var j = i + 1; j < _columns.Length; j++)
        {
            if (_columns[j].LoadedGroup != _group && _ahead?.Column != j && (_group == 0 || _columns[j].LoadedGroup == _group - 1))
            {
                return j;
            }
        }
        return -1;
    }

    // Starts decoding column `next` on the second reader of the file.
    private void StartAhead(int next)
    {
        if (_ahead is not null || next < 0)
        {
            return;
        }
        try
        {
            _second ??= OpenSecond();
            var group = _second.Value.Reader.OpenRowGroupReader(_group);
            var column = _columns[next];
            var rows = _groupRows;
            _ahead = new Ahead(next, _group, group, Task.Run(() => column.LoadAsync(group, rows)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Decoding ahead is only a speed-up: the column is decoded on first use instead.
        }
    }

    // Waits for the column decoding ahead; it counts as loaded only if it decoded without error (otherwise its first
    // use decodes it again and reports the error with the row).
    private void FinishAhead()
    {
        if (_ahead is not { } ahead)
        {
            return;
        }
        _ahead = null;
        try
        {
            ahead.Task.GetAwaiter().GetResult();
            _columns[ahead.Column].LoadedGroup = ahead.Group;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _columns[ahead.Column].LoadedGroup = -1;
        }
        finally
        {
            ahead.GroupReader.Dispose();
        }
    }

    private (FileStream Stream, ParquetReader Reader) OpenSecond()
    {
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return (stream, Sync(() => ParquetReader.CreateAsync(stream, Options, leaveStreamOpen: true)));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private sealed record Ahead(int Column, int Group, ParquetRowGroupReader GroupReader, Task Task);

    /// <inheritdoc />
    public ReadOnlySpan<char> GetSpan(int i) => Column(i).Text(_row);

    /// <inheritdoc />
    public string GetString(int i) => new(GetSpan(i));

    /// <inheritdoc />
    public bool IsEmpty(int i) => Column(i).IsEmpty(_row);

    /// <inheritdoc />
    public double GetDouble(int i)
    {
        if (TryGetNumber(i, out var value))
        {
            return value;
        }
        throw NotANumber(i, $"Write a finite number (or a null for a missing value) in column '{_header[i]}'.");
    }

    /// <inheritdoc />
    public bool TryGetNumber(int i, out double value) => TryGetDouble(i, out value) && !double.IsInfinity(value);

    /// <inheritdoc />
    public bool TryGetDouble(int i, out double value)
    {
        var column = Column(i);
        if (column.Numbers is { } numbers)
        {
            value = numbers[_row];
            return true;
        }
        return column.TryGetDouble(_row, out value);
    }

    /// <inheritdoc />
    public MlOpsException NotANumber(int i, string fix, IReadOnlyList<InputHint>? inputs = null) => TableValues.NotANumber(this, i, fix, inputs);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            FinishAhead();
            if (_columns.Any(c => c.LoadedGroup >= 0))
            {
                s_lastClosed = new WeakReference<Handover>(new Handover(_version, _columns));
            }
            _groupReader?.Dispose();
            if (_second is { } second)
            {
                second.Reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                second.Stream.Dispose();
            }
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}

/// <summary>A file as it was when opened: its full path, length and last write time.</summary>
internal readonly record struct FileVersion(string FullPath, long Length, DateTime LastWriteUtc)
{
    public static FileVersion Of(string path, FileStream stream) =>
        new(System.IO.Path.GetFullPath(path), stream.Length, File.GetLastWriteTimeUtc(path));
}

/// <summary>The decoded columns a closed reader hands to the next reader of the same file.</summary>
internal sealed record Handover(FileVersion Version, ParquetColumn[] Columns);
