namespace MlOps.Governance.Artefacts;

/// <summary>Writes a file through a temp file in the same folder and a rename, so no half-written output is ever left.</summary>
internal static class AtomicWrite
{
    public static void Write(string path, Action<Stream> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: false);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"Cannot write the file: {e.Message}", file: path,
                fix: "Check the output folder's permissions and free disk space, and that no other process holds the file.", inner: e);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static void Write(string path, byte[] bytes) => Write(path, s => s.Write(bytes));
}
