namespace MlOps.Governance.Evidence;

/// <summary>Writes whole files atomically: a temp file in the same folder, then a rename over the destination.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; an existing file is replaced only on success.</summary>
    /// <exception cref="MlOpsException">The folder does not exist or cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new MlOpsException($"The output folder '{folder}' does not exist.", path,
                fix: "Create the folder first, or choose another output path.");
        }
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new MlOpsException($"Cannot write '{path}': {e.Message}", path,
                fix: "Check the folder permissions and the free disk space.", inner: e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temp file is hidden and named uniquely; leaving it is harmless.
        }
    }
}
