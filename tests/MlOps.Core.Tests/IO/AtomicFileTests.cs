using MlOps.IO;

namespace MlOps.Core.Tests.IO;

/// <summary>The one atomic-write helper every assembly uses: all or nothing, never a stray temp file.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atomic-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string[] Files() => Directory.GetFileSystemEntries(_folder, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(_folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temp_file()
    {
        var path = Path.Combine(_folder, "out.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        AtomicFile.Write(path, new byte[] { 4, 5 });

        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], Files());
    }

    [Fact]
    public void A_missing_folder_is_an_MlOpsException_naming_it_unless_asked_to_create_it()
    {
        var path = Path.Combine(_folder, "sub", "out.bin");

        var e = Assert.Throws<MlOpsException>(() => AtomicFile.Write(path, new byte[] { 1 }));
        Assert.Contains(Path.Combine(_folder, "sub"), e.Message);
        Assert.Equal(path, e.File);
        Assert.Empty(Files());

        AtomicFile.Write(path, new byte[] { 1 }, createFolder: true);
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_failing_writer_keeps_the_old_file_and_deletes_the_temp_file()
    {
        var path = Path.Combine(_folder, "out.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([9, 9, 9, 9]);
            throw new InvalidOperationException("stop");
        }));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], Files());
    }

    [Fact]
    public void An_IO_failure_is_an_MlOpsException_without_code_carrying_the_IO_error()
    {
        // A folder where the file should go: the rename over it fails.
        var path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path);

        var e = Assert.Throws<MlOpsException>(() => AtomicFile.Write(path, new byte[] { 1 }));

        Assert.Null(e.Code);
        Assert.True(e.InnerException is IOException or UnauthorizedAccessException, e.InnerException?.GetType().Name);
        Assert.Equal(path, e.File);
        Assert.Equal(["taken"], Files());
    }

    [Fact]
    public void A_pending_file_appears_only_on_commit()
    {
        var path = Path.Combine(_folder, "out.bin");
        using (var pending = AtomicFile.Begin(path))
        {
            pending.Stream.Write([7]);
            Assert.False(File.Exists(path));
        }
        Assert.Empty(Files());

        using (var pending = AtomicFile.Begin(path))
        {
            pending.Stream.Write([8]);
            pending.Commit();
        }
        Assert.Equal(new byte[] { 8 }, File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], Files());
    }
}
