using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MlOps.Governance.Artefacts;

namespace MlOps.Governance.Tests.ArtefactTests;

public sealed class SafeZipArchiveTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-zip-" + Guid.NewGuid().ToString("N"));

    public SafeZipArchiveTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static SafeZipArchive OpenBytes(byte[] bytes, out string path, ZipLimits? limits = null)
    {
        path = Path.Combine(Path.GetTempPath(), "mlops-zipbytes-" + Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(path, bytes);
        return SafeZipArchive.Open(path, limits);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A ZIP made by System.IO.Compression, which happily writes any entry name.</summary>
    private static byte[] ForeignZip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("model/../../evil.txt")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("..\\evil.dll")]
    [InlineData("C:evil")]
    [InlineData("a/./b")]
    public void Zip_slip_entry_names_are_refused_with_MLOPS114(string name)
    {
        var path = Write("slip.zip", ForeignZip((name, [1, 2, 3], CompressionLevel.NoCompression)));
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(path));
        Assert.Equal("MLOPS114", e.Code);
        Assert.Equal(path, e.File);
        Assert.False(File.Exists(Path.Combine(_dir, "..", "evil.txt")));
    }

    [Fact]
    public void Extraction_never_leaves_the_target_folder()
    {
        var target = Path.Combine(_dir, "target");
        Assert.Throws<MlOpsException>(() => ZipEntryNames.ResolveUnder(target, "../outside"));
        Assert.Equal(Path.Combine(Path.GetFullPath(target), "a", "b.txt"), ZipEntryNames.ResolveUnder(target, "a/b.txt"));
    }

    [Fact]
    public void Extraction_writes_members_under_the_target()
    {
        var path = Write("ok.zip", DeterministicZipWriter.ToBytes([new ZipMember("a/b.txt", Encoding.UTF8.GetBytes("hello"))], 0));
        using var archive = SafeZipArchive.Open(path);
        var target = Path.Combine(_dir, "out");
        archive.ExtractTo(target);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(target, "a", "b.txt")));
        Assert.Single(Directory.GetFiles(target, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_highly_compressed_entry_beyond_the_ratio_limit_is_refused_with_MLOPS115()
    {
        var path = Write("bomb.zip", ForeignZip(("zeros.bin", new byte[4 << 20], CompressionLevel.SmallestSize)));
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(path));
        Assert.Equal("MLOPS115", e.Code);
        Assert.Contains("expands", e.Message);
    }

    [Fact]
    public void Too_many_entries_are_refused_with_MLOPS115()
    {
        var entries = Enumerable.Range(0, 12).Select(i => ($"f{i}", new byte[] { 1 }, CompressionLevel.NoCompression)).ToArray();
        var path = Write("many.zip", ForeignZip(entries));
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(path, new ZipLimits { MaxEntries = 10 }));
        Assert.Equal("MLOPS115", e.Code);
    }

    [Fact]
    public void A_declared_total_beyond_the_limit_is_refused_with_MLOPS115()
    {
        var path = Write("big.zip", ForeignZip(("a", new byte[600], CompressionLevel.NoCompression), ("b", new byte[600], CompressionLevel.NoCompression)));
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(path, new ZipLimits { MaxTotalSize = 1000 }));
        Assert.Equal("MLOPS115", e.Code);
    }

    [Fact]
    public void An_entry_that_inflates_beyond_its_declared_size_is_stopped_with_MLOPS115()
    {
        var bytes = ForeignZip(("data.bin", new byte[100_000], CompressionLevel.Optimal));
        // Lie about the uncompressed size in both headers: declare 1000 bytes.
        PatchSizes(bytes, "data.bin", declaredSize: 1000);
        var path = Write("liar.zip", bytes);
        using var archive = SafeZipArchive.Open(path);
        var e = Assert.Throws<MlOpsException>(() => archive.ReadAll(archive.Find("data.bin")!));
        Assert.Equal("MLOPS115", e.Code);
    }

    [Fact]
    public void Random_bytes_are_not_a_zip_MLOPS112()
    {
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(Write("random.bin", random)));
        Assert.Equal("MLOPS112", e.Code);
    }

    [Fact]
    public void A_missing_file_is_MLOPS112_naming_it()
    {
        var missing = Path.Combine(_dir, "nope.mlpkg");
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(missing));
        Assert.Equal("MLOPS112", e.Code);
        Assert.Equal(missing, e.File);
    }

    [Fact]
    public void Overlapping_entries_are_refused_with_MLOPS115()
    {
        // Two central-directory records pointing at the same local header: the trick behind non-recursive zip bombs.
        var single = DeterministicZipWriter.ToBytes([new ZipMember("a", new byte[64])], 0);
        var eocd = single.Length - 22;
        var cdOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(single.AsSpan(eocd + 16));
        var cdSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(single.AsSpan(eocd + 12));
        var record = single.AsSpan(cdOffset, cdSize).ToArray();
        var twin = (byte[])record.Clone();
        twin[46] = (byte)'b'; // same local header, another name
        var bytes = single.AsSpan(0, cdOffset).ToArray().Concat(record).Concat(twin).Concat(single.AsSpan(eocd).ToArray()).ToArray();
        var end = bytes.Length - 22;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(end + 8), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(end + 10), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 12), (uint)(cdSize * 2));
        var e = Assert.Throws<MlOpsException>(() => SafeZipArchive.Open(Write("overlap.zip", bytes)));
        Assert.Equal("MLOPS115", e.Code);
        Assert.Contains("overlap", e.Message);
    }

    private static void PatchSizes(byte[] zip, string name, uint declaredSize)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), declaredSize);
            }
            else if (signature == 0x02014b50 && i + 46 + nameBytes.Length <= zip.Length && zip.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), declaredSize);
            }
        }
    }
}
