using System.IO.Compression;
using System.Text;
using MlOps.Governance.Artefacts;

namespace MlOps.Governance.Tests.ArtefactTests;

public sealed class DeterministicZipWriterTests
{
    private static ZipMember M(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Same_members_in_any_order_give_identical_bytes()
    {
        var a = DeterministicZipWriter.ToBytes([M("b.txt", "two"), M("a/x.json", "{}"), M("a.txt", "one")], 1700000000, "c");
        var b = DeterministicZipWriter.ToBytes([M("a.txt", "one"), M("b.txt", "two"), M("a/x.json", "{}")], 1700000000, "c");
        Assert.Equal(a, b);
    }

    [Fact]
    public void Entries_are_in_ordinal_order_stored_and_readable_by_System_IO_Compression()
    {
        var bytes = DeterministicZipWriter.ToBytes([M("b", "2"), M("B", "1"), M("a/c", "3")], 1700000000);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(["B", "a/c", "b"], zip.Entries.Select(e => e.FullName));
        foreach (var entry in zip.Entries)
        {
            Assert.Equal(entry.Length, entry.CompressedLength);
        }
        using var reader = new StreamReader(zip.GetEntry("a/c")!.Open());
        Assert.Equal("3", reader.ReadToEnd());
    }

    [Fact]
    public void The_timestamp_is_the_source_date_epoch_in_every_entry()
    {
        // 2023-11-14T22:13:20Z
        var bytes = DeterministicZipWriter.ToBytes([M("a", "1"), M("b", "2")], 1700000000);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            var t = entry.LastWriteTime;
            Assert.Equal((2023, 11, 14, 22, 13, 20), (t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second));
        }
    }

    [Fact]
    public void Times_before_1980_are_clamped_to_1980_01_01()
    {
        var stamp = DosTimestamp.FromUnixSeconds(0);
        Assert.Equal(new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc), stamp.ToDateTime());
    }

    [Fact]
    public void Different_epochs_give_different_bytes()
    {
        var a = DeterministicZipWriter.ToBytes([M("a", "1")], 1700000000);
        var b = DeterministicZipWriter.ToBytes([M("a", "1")], 1700000002);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void No_entry_has_an_extra_field()
    {
        var bytes = DeterministicZipWriter.ToBytes([M("a", "1"), M("dir/b", "22")], 1700000000);
        using var archive = SafeZipArchiveTests.OpenBytes(bytes, out var path);
        foreach (var entry in archive.Entries)
        {
            // Data starts right after the 30-byte local header and the name: no extra field in between.
            Assert.Equal(entry.LocalHeaderOffset + 30 + Encoding.UTF8.GetByteCount(entry.Name), entry.DataOffset);
        }
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/abs")]
    [InlineData("a\\b")]
    [InlineData("a//b")]
    public void Unsafe_member_names_are_refused_when_writing(string name) =>
        Assert.Throws<ArgumentException>(() => DeterministicZipWriter.ToBytes([M(name, "x")], 0));

    [Fact]
    public void Duplicate_member_names_are_refused() =>
        Assert.Throws<ArgumentException>(() => DeterministicZipWriter.ToBytes([M("a", "x"), M("a", "y")], 0));
}
