using System.Globalization;
using System.Text;

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
    private readonly string _tempPath;
    private readonly StreamWriter _writer;
    private readonly char[] _number = new char[64];
    private bool _atRecordStart = true;
    private bool _committed;
    private bool _disposed;

    private CsvWriter(string path, string tempPath, StreamWriter writer)
    {
        Path = path;
        _tempPath = tempPath;
        _writer = writer;
    }

    /// <summary>The destination path (written by <see cref="Commit"/>).</summary>
    public string Path { get; }

    /// <summary>Starts writing <paramref name="path"/>; nothing appears there until <see cref="Commit"/>.</summary>
    /// <exception cref="MlOpsException">The destination folder does not exist or is not writable.</exception>
    public static CsvWriter Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new MlOpsException($"The output folder '{folder}' does not exist.", path,
                fix: "Create the folder first, or choose another output path.");
        }
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferChars);
            return new CsvWriter(path, temp, new StreamWriter(stream, new UTF8Encoding(false), BufferChars) { NewLine = "\n" });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"Cannot write to the output folder '{folder}': {e.Message}", path,
                fix: "Check the folder permissions and the free disk space.", inner: e);
        }
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
        try
        {
            _writer.Flush();
            _writer.Dispose();
            File.Move(_tempPath, Path, overwrite: true);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete();
            throw new MlOpsException($"Cannot write '{Path}': {e.Message}", Path,
                fix: "Check the permissions and the free disk space, and that no program holds the file open.", inner: e);
        }
        finally
        {
            _disposed = true;
        }
    }

    /// <summary>Discards the output unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            _writer.Dispose();
        }
        catch (IOException)
        {
            // The output is being discarded; a failing flush does not matter.
        }
        if (!_committed)
        {
            TryDelete();
        }
    }

    private void TryDelete()
    {
        try
        {
            File.Delete(_tempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temp file is harmless and named so it is recognisable.
        }
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
