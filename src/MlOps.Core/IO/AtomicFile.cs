namespace MlOps.IO;

/// <summary>
/// Writes whole files atomically: the content goes to a hidden temp file in the destination folder, is flushed
/// to disk, and only then renamed over the destination. Readers see either the old file or the complete new one;
/// a failure never leaves a half-written output and never destroys a file the user had.
/// </summary>
/// <remarks>
/// This is the one implementation every assembly uses (it lives in the lowest one, beside <see cref="MlOpsException"/>).
/// I/O failures become an <see cref="MlOpsException"/> without a code whose inner exception is the
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>: callers such as the MSBuild task
/// recognise a failed write by that inner exception.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; an existing file is replaced only on success.</summary>
    /// <param name="path">The destination.</param>
    /// <param name="bytes">The whole content.</param>
    /// <param name="createFolder">Create the destination folder when missing; otherwise a missing folder is an error.</param>
    /// <exception cref="MlOpsException">The folder is missing (and not created) or the file cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool createFolder = false)
    {
        using var pending = Begin(path, createFolder);
        try
        {
            pending.Stream.Write(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, e);
        }
        pending.Commit();
    }

    /// <summary>Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/>; an existing file is replaced only on success.</summary>
    /// <param name="path">The destination.</param>
    /// <param name="write">Writes the whole content; an exception it throws discards the output.</param>
    /// <param name="createFolder">Create the destination folder when missing; otherwise a missing folder is an error.</param>
    /// <exception cref="MlOpsException">The folder is missing (and not created) or the file cannot be written.</exception>
    public static void Write(string path, Action<Stream> write, bool createFolder = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var pending = Begin(path, createFolder, bufferSize: 1 << 20);
        try
        {
            write(pending.Stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, e);
        }
        pending.Commit();
    }

    /// <summary>
    /// Starts writing <paramref name="path"/> through a temp file: nothing appears there until
    /// <see cref="PendingFile.Commit"/>; disposing without committing deletes the temp file.
    /// </summary>
    /// <param name="path">The destination.</param>
    /// <param name="createFolder">Create the destination folder when missing; otherwise a missing folder is an error.</param>
    /// <param name="bufferSize">The temp file stream's buffer size in bytes.</param>
    /// <exception cref="MlOpsException">The folder is missing (and not created) or not writable.</exception>
    public static PendingFile Begin(string path, bool createFolder = false, int bufferSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        try
        {
            if (createFolder)
            {
                Directory.CreateDirectory(folder);
            }
            else if (!Directory.Exists(folder))
            {
                throw new MlOpsException($"The output folder '{folder}' does not exist.", path,
                    fix: "Create the folder first, or choose another output path.");
            }

            var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
            return new PendingFile(path, full, temp, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, e);
        }
    }

    /// <summary>The error for a file that cannot be written: no code, the I/O failure as inner exception.</summary>
    public static MlOpsException CannotWrite(string path, Exception error) =>
        new($"Cannot write '{path}': {error.Message}", path,
            fix: "Check the folder permissions and the free disk space, and that no other process holds the file open.", inner: error);
}

/// <summary>A file being written atomically (see <see cref="AtomicFile.Begin"/>).</summary>
public sealed class PendingFile : IDisposable
{
    private readonly string _path;
    private readonly string _fullPath;
    private readonly string _tempPath;
    private readonly FileStream _stream;
    private bool _committed;
    private bool _closed;

    internal PendingFile(string path, string fullPath, string tempPath, FileStream stream)
    {
        _path = path;
        _fullPath = fullPath;
        _tempPath = tempPath;
        _stream = stream;
    }

    /// <summary>Where the content goes (the temp file).</summary>
    public Stream Stream => _stream;

    /// <summary>Flushes the content to disk and renames the temp file over the destination.</summary>
    /// <exception cref="MlOpsException">The file cannot be written (the temp file is then deleted).</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        try
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            _closed = true;
            File.Move(_tempPath, _fullPath, overwrite: true);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw AtomicFile.CannotWrite(_path, e);
        }
    }

    /// <summary>Discards the output unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }
        if (!_closed)
        {
            _closed = true;
            try
            {
                _stream.Dispose();
            }
            catch (IOException)
            {
                // The output is being discarded; a failing flush does not matter.
            }
        }
        try
        {
            File.Delete(_tempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temp file is hidden and uniquely named; never mask the original error.
        }
    }
}
