using System.Globalization;
using System.Text;
using MlOps.IO;

namespace MlOps.Governance.Tabular;

/// <summary>
/// Writes an RFC 4180 CSV file atomically: text goes to a temporary file in the destination folder and
/// only <see cref="Commit"/> moves it over the destination. Disposing without committing deletes the
/// temporary file, so a failure never leaves a partial output and never destroys an existing file.
/// </summary>
/// <remarks>
/// Lines end with LF, text is UTF-8 without a byte order mark, numbers use the invariant culture and the
/// shortest form that parses back to the same value ("R"). Fields are quoted only when they contain a
/// comma, a quote, a line break, or leading/trailing spaces.
/// </remarks>
public sealed class CsvWriter : IDisposable
{
    private const int BufferChars = 1 << 16;
    private readonly PendingFile _file;
    private readonly StreamWriter _writer;
    private readonly char[] _number = new char[64];
    private bool _atRecordStart = true;
    private bool _disposed;

    private CsvWriter(string path, PendingFile file)
    {
        Path = path;
        _file = file;
        // The pending file owns the stream: it flushes it to disk and renames it, or deletes it.
        _writer = new StreamWriter(file.Stream, new UTF8Encoding(false), BufferChars, leaveOpen: true) { NewLine = "\n" };
    }

    /// <summary>The destination path (written by <see cref="Commit"/>).</summary>
    public string Path { get; }

    /// <summary>Starts writing <paramref name="path"/>; nothing appears there until <see cref="Commit"/>.</summary>
    /// <exception cref="MlOpsException">The destination folder does not exist or is not writable.</exception>
    public static CsvWriter Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new CsvWriter(path, AtomicFile.Begin(path, createFolder: false, bufferSize: BufferChars));
    }

    /// <summary>Writes one record of text fields (for example the header).</summary>
    public void WriteRecord(IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            WriteField(field);
        }
        EndRecord();
    }

    /// <summary>Writes a text field, quoting it when needed.</summary>
    public void WriteField(ReadOnlySpan<char> text)
    {
        Separator();
        var needsQuotes = text.IndexOfAny(",\"\r\n") >= 0 ||
                          (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])));
        if (!needsQuotes)
        {
            _writer.Write(text);
            return;
        }
        _writer.Write('"');
        foreach (var c in text)
        {
            if (c == '"')
            {
                _writer.Write('"');
            }
            _writer.Write(c);
        }
        _writer.Write('"');
    }

    /// <summary>Writes a text field, quoting it when needed.</summary>
    public void WriteField(string? text) => WriteField(text.AsSpan());

    /// <summary>Writes a number in its shortest round-trippable form; NaN is written as an empty field (a missing value).</summary>
    public void WriteField(double value)
    {
        Separator();
        if (double.IsNaN(value))
        {
            return;
        }
        value.TryFormat(_number, out var written, "R", CultureInfo.InvariantCulture);
        _writer.Write(_number, 0, written);
    }

    /// <summary>Writes a single-precision number in its shortest round-trippable form (as a float); NaN is empty.</summary>
    public void WriteField(float value)
    {
        Separator();
        if (float.IsNaN(value))
        {
            return;
        }
        value.TryFormat(_number, out var written, "R", CultureInfo.InvariantCulture);
        _writer.Write(_number, 0, written);
    }

    /// <summary>Writes an integer.</summary>
    public void WriteField(long value)
    {
        Separator();
        value.TryFormat(_number, out var written, default, CultureInfo.InvariantCulture);
        _writer.Write(_number, 0, written);
    }

    /// <summary>Writes a boolean as <c>true</c> or <c>false</c>.</summary>
    public void WriteField(bool value)
    {
        Separator();
        _writer.Write(value ? "true" : "false");
    }

    /// <summary>Ends the current record with a line feed.</summary>
    public void EndRecord()
    {
        _writer.Write('\n');
        _atRecordStart = true;
    }

    /// <summary>Flushes and moves the temporary file over the destination.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _disposed = true;
        try
        {
            _writer.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file.Dispose();
            throw AtomicFile.CannotWrite(Path, e);
        }
        _file.Commit();
    }

    /// <summary>Discards the output unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _file.Dispose();
    }

    private void Separator()
    {
        if (!_atRecordStart)
        {
            _writer.Write(',');
        }
        _atRecordStart = false;
    }
}
