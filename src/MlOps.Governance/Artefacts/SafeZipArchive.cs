using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MlOps.IO;
using MlOps.Diagnostics;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// A read-only ZIP reader for untrusted files. It reads the central directory itself so it can refuse what
/// System.IO.Compression would accept: unsafe entry names (zip-slip), duplicate names, overlapping entries,
/// too many entries, absurd declared sizes or compression ratios, encryption and ZIP64 (zip bombs and
/// format-confusion tricks). Reading an entry never yields more bytes than it declares.
/// </summary>
public sealed class SafeZipArchive : IDisposable
{
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;
    private readonly FileStream _file;
    private readonly Dictionary<string, SafeZipEntry> _byName;

    private SafeZipArchive(string path, FileStream file, IReadOnlyList<SafeZipEntry> entries, string comment, ZipLimits limits, ArchiveLayout layout)
    {
        Layout = layout;
        Path = path;
        _file = file;
        Entries = entries;
        Comment = comment;
        Limits = limits;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The archive's file path.</summary>
    public string Path { get; }

    /// <summary>Entries in central-directory order.</summary>
    public IReadOnlyList<SafeZipEntry> Entries { get; }

    /// <summary>The archive comment (decoded as Latin-1, so any byte survives).</summary>
    public string Comment { get; }

    /// <summary>The limits this archive was opened with.</summary>
    public ZipLimits Limits { get; }

    /// <summary>The length of the archive file.</summary>
    public long Length => _file.Length;

    /// <summary>Where the central directory and the end record were found (for the canonical-bytes check).</summary>
    internal ArchiveLayout Layout { get; }

    /// <summary>Reads <paramref name="buffer"/>.Length bytes at <paramref name="offset"/> of the file.</summary>
    internal void ReadBytes(long offset, Span<byte> buffer) => ReadAt(_file, offset, buffer);

    /// <summary>
    /// Opens <paramref name="path"/>. Not a ZIP, or a malformed one: MLOPS112. Unsafe names: MLOPS114.
    /// Limits exceeded: MLOPS115. A missing file: MLOPS112 too (the CLI maps all of these to exit 2).
    /// </summary>
    public static SafeZipArchive Open(string path, ZipLimits? limits = null)
    {
        limits ??= ZipLimits.Default;
        if (!File.Exists(path))
        {
            throw new MlOpsException("The file does not exist.", file: path, fix: "Check the path of the .mlpkg file.", diagnostic: DiagnosticCatalog.NotAnArtefact);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            var (entries, comment, layout) = ReadDirectory(path, file, limits);
            return new SafeZipArchive(path, file, entries, comment, limits, layout);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The entry called <paramref name="name"/>, or null.</summary>
    public SafeZipEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// A stream of the entry's uncompressed bytes. It fails (MLOPS115) as soon as the data exceeds the declared
    /// size or the limits. Streams share the file handle: read one entry at a time.
    /// </summary>
    public Stream OpenEntry(SafeZipEntry entry)
    {
        if (entry.LocalHeaderMismatch is { } mismatch)
        {
            throw new MlOpsException($"The entry '{entry.Name}' is inconsistent: {mismatch}.", file: Path,
                fix: "The archive is damaged or was tampered with; obtain it again.", diagnostic: DiagnosticCatalog.NotAnArtefact);
        }
        var raw = new BoundedReadStream(_file, entry.DataOffset, entry.CompressedSize);
        Stream data = entry.Method == 8 ? new DeflateStream(raw, CompressionMode.Decompress) : raw;
        return new SizeCappedStream(data, entry.Size, Path, entry.Name);
    }

    /// <summary>Reads a whole entry into memory (for small members: manifest, cards, evidence).</summary>
    public byte[] ReadAll(SafeZipEntry entry)
    {
        using var stream = OpenEntry(entry);
        var buffer = new MemoryStream(checked((int)Math.Min(entry.Size, int.MaxValue)));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Extracts every entry under <paramref name="targetDirectory"/>; no name can leave it.</summary>
    public void ExtractTo(string targetDirectory)
    {
        Directory.CreateDirectory(targetDirectory);
        foreach (var entry in Entries)
        {
            var destination = ZipEntryNames.ResolveUnder(targetDirectory, entry.Name);
            if (entry.IsDirectory)
            {
                Directory.CreateDirectory(destination);
                continue;
            }
            AtomicFile.Write(destination, output =>
            {
                using var input = OpenEntry(entry);
                input.CopyTo(output, 1 << 20);
            }, createFolder: true);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static MlOpsException NotAZip(string path, string why) =>
        new($"Not a readable ZIP archive: {why}.", file: path,
            fix: "Pass a .mlpkg file written by MlOps.Build; if it is one, it is damaged: obtain it again.", diagnostic: DiagnosticCatalog.NotAnArtefact);

    private static MlOpsException TooLarge(string path, string why) =>
        new($"Refusing the archive: {why}.", file: path,
            fix: "The archive exceeds the safety limits for .mlpkg files (a zip bomb or not an artefact); obtain it from a trusted source.",
            diagnostic: DiagnosticCatalog.ArchiveTooLarge);

    private static (List<SafeZipEntry> Entries, string Comment, ArchiveLayout Layout) ReadDirectory(string path, FileStream file, ZipLimits limits)
    {
        var length = file.Length;
        if (length < 22)
        {
            throw NotAZip(path, "the file is too short");
        }
        var eocdOffset = FindEndRecord(file, length);
        if (eocdOffset < 0)
        {
            throw NotAZip(path, "no end-of-central-directory record");
        }
        var record = new byte[22];
        ReadAt(file, eocdOffset, record);
        var commentBytes = new byte[BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(20))];
        ReadAt(file, eocdOffset + 22, commentBytes);
        var end = record.AsSpan();
        var disk = BinaryPrimitives.ReadUInt16LittleEndian(end[4..]);
        var cdDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[6..]);
        var countOnDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[8..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        var cdSize = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
        var cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        var comment = Encoding.Latin1.GetString(commentBytes);
        if (disk != 0 || cdDisk != 0 || countOnDisk != count)
        {
            throw NotAZip(path, "multi-disk archives are not supported");
        }
        if (count == ushort.MaxValue || cdSize == uint.MaxValue || cdOffset == uint.MaxValue)
        {
            throw NotAZip(path, "ZIP64 archives are not .mlpkg format v1");
        }
        if (count > limits.MaxEntries)
        {
            throw TooLarge(path, $"it has {count} entries (the limit is {limits.MaxEntries})");
        }
        if ((long)cdOffset + cdSize > eocdOffset)
        {
            throw NotAZip(path, "the central directory lies outside the file");
        }
        var cd = new byte[cdSize];
        ReadAt(file, cdOffset, cd);

        var entries = new List<SafeZipEntry>(count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        var pos = 0;
        for (var n = 0; n < count; n++)
        {
            if (pos + 46 > cd.Length || BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(pos)) != CentralHeaderSignature)
            {
                throw NotAZip(path, $"central directory entry {n + 1} is malformed");
            }
            var h = cd.AsSpan(pos);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
            var stamp = new DosTimestamp(BinaryPrimitives.ReadUInt16LittleEndian(h[12..]), BinaryPrimitives.ReadUInt16LittleEndian(h[14..]));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
            var compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            var localOffset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            var recordLength = 46 + nameLength + extraLength + commentLength;
            if (pos + recordLength > cd.Length)
            {
                throw NotAZip(path, $"central directory entry {n + 1} runs past the directory");
            }
            string name;
            try
            {
                name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(cd, pos + 46, nameLength);
            }
            catch (DecoderFallbackException)
            {
                throw NotAZip(path, $"entry {n + 1} has a name that is not UTF-8");
            }
            var centralOffset = cdOffset + pos;
            pos += recordLength;

            if (ZipEntryNames.Problem(name) is { } problem)
            {
                throw new MlOpsException($"Refusing the ZIP entry '{Printable(name)}': {problem}.", file: path,
                    fix: "The archive is malformed or malicious (zip-slip); obtain it again from a trusted source.", diagnostic: DiagnosticCatalog.UnsafeEntryName);
            }
            if (!names.Add(name))
            {
                throw new MlOpsException($"Refusing the archive: the entry '{name}' appears twice.", file: path,
                    fix: "The archive is malformed or was tampered with; obtain it again from a trusted source.", diagnostic: DiagnosticCatalog.UnsafeEntryName);
            }
            if ((flags & 1) != 0)
            {
                throw NotAZip(path, $"the entry '{name}' is encrypted");
            }
            if (method is not (0 or 8))
            {
                throw NotAZip(path, $"the entry '{name}' uses compression method {method} (only stored and deflate are read)");
            }
            if (compressed == uint.MaxValue || size == uint.MaxValue || localOffset == uint.MaxValue)
            {
                throw NotAZip(path, $"the entry '{name}' uses ZIP64, which .mlpkg format v1 does not");
            }
            if (method == 0 && compressed != size)
            {
                throw NotAZip(path, $"the stored entry '{name}' declares different compressed and uncompressed sizes");
            }
            if (size > limits.MaxEntrySize)
            {
                throw TooLarge(path, $"the entry '{name}' declares {size} bytes (the limit is {limits.MaxEntrySize})");
            }
            total += size;
            if (total > limits.MaxTotalSize)
            {
                throw TooLarge(path, $"the entries declare more than {limits.MaxTotalSize} bytes in total");
            }
            if (method == 8 && size > limits.RatioThreshold && size > compressed * limits.MaxCompressionRatio)
            {
                throw TooLarge(path, $"the entry '{name}' expands {size}/{Math.Max(compressed, 1u)} times (the limit is {limits.MaxCompressionRatio})");
            }
            entries.Add(new SafeZipEntry(name, method, flags, crc, compressed, size, localOffset, stamp)
            {
                CentralHeaderOffset = centralOffset,
                CentralHeaderLength = recordLength,
            });
        }

        ResolveLocalHeaders(path, file, entries, cdOffset);
        return (entries, comment, new ArchiveLayout(cdOffset, cdSize, eocdOffset, eocdOffset + 22 + commentBytes.Length));
    }

    /// <summary>
    /// Where the end-of-central-directory record starts, or -1. The last record whose central directory ends
    /// exactly where it begins wins, wherever it is: bytes appended after an archive (even a whole second copy)
    /// then leave the archive readable, so verification can name them instead of calling the file no ZIP.
    /// Without such a record, the last one whose comment reaches the end of the file (the classic rule).
    /// </summary>
    private static long FindEndRecord(FileStream file, long length)
    {
        ReadOnlySpan<byte> signature = [0x50, 0x4B, 0x05, 0x06];
        const int ChunkSize = 1 << 20;
        var buffer = new byte[ChunkSize + 21];
        long strict = -1;
        // Chunks from the end of the file backwards; each overlaps the next by 21 bytes so a record is never split.
        for (var chunkEnd = length; chunkEnd > 0;)
        {
            var chunkStart = Math.Max(0, chunkEnd - ChunkSize);
            var readLength = (int)(Math.Min(length, chunkEnd + 21) - chunkStart);
            var chunk = buffer.AsSpan(0, readLength);
            ReadAt(file, chunkStart, chunk);
            // Signatures starting in [chunkStart, chunkEnd); later ones were seen with the previous chunk.
            var searchLength = (int)Math.Min(readLength, chunkEnd - chunkStart + signature.Length - 1);
            for (var i = chunk[..searchLength].LastIndexOf(signature); i >= 0; i = chunk[..(i + signature.Length - 1)].LastIndexOf(signature))
            {
                var at = chunkStart + i;
                if (at + 22 > length || i + 22 > readLength)
                {
                    continue;
                }
                var record = chunk.Slice(i, 22);
                var commentEnd = at + 22 + BinaryPrimitives.ReadUInt16LittleEndian(record[20..]);
                if (commentEnd > length)
                {
                    continue;
                }
                var cdSize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
                var cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
                if ((long)cdOffset + cdSize == at)
                {
                    return at;
                }
                if (strict < 0 && commentEnd == length)
                {
                    strict = at;
                }
            }
            chunkEnd = chunkStart;
        }
        return strict;
    }

    private static void ResolveLocalHeaders(string path, FileStream file, List<SafeZipEntry> entries, long cdOffset)
    {
        Span<byte> local = stackalloc byte[30];
        var ranges = new List<(long Start, long End, string Name)>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.LocalHeaderOffset + 30 > cdOffset)
            {
                throw NotAZip(path, $"the entry '{entry.Name}' points outside the archive");
            }
            ReadAt(file, entry.LocalHeaderOffset, local);
            if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeaderSignature)
            {
                throw NotAZip(path, $"the entry '{entry.Name}' has no local header");
            }
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(local[26..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
            entry.DataOffset = entry.LocalHeaderOffset + 30 + nameLength + extraLength;
            var end = entry.DataOffset + entry.CompressedSize;
            if (end > cdOffset)
            {
                throw NotAZip(path, $"the data of '{entry.Name}' runs into the central directory");
            }
            ranges.Add((entry.LocalHeaderOffset, end, entry.Name));

            var nameBytes = new byte[nameLength];
            ReadAt(file, entry.LocalHeaderOffset + 30, nameBytes);
            var localName = Encoding.UTF8.GetString(nameBytes);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(local[6..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(local[8..]);
            var mismatches = new List<string>();
            if (localName != entry.Name)
            {
                mismatches.Add($"the local header names it '{Printable(localName)}'");
            }
            if (method != entry.Method)
            {
                mismatches.Add("the local header gives another compression method");
            }
            if ((flags & 8) == 0)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(local[14..]) != entry.Crc32)
                {
                    mismatches.Add("the local header gives another CRC-32");
                }
                if (BinaryPrimitives.ReadUInt32LittleEndian(local[18..]) != entry.CompressedSize
                    || BinaryPrimitives.ReadUInt32LittleEndian(local[22..]) != entry.Size)
                {
                    mismatches.Add("the local header gives other sizes");
                }
            }
            entry.LocalHeaderMismatch = mismatches.Count == 0 ? null : string.Join("; ", mismatches);
        }
        // Overlapping entries are the core trick of non-recursive zip bombs: refuse them outright.
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start < ranges[i - 1].End)
            {
                throw TooLarge(path, $"the entries '{ranges[i - 1].Name}' and '{ranges[i].Name}' overlap");
            }
        }
    }

    private static string Printable(string name) =>
        new(name.Select(c => c < 0x20 || c == 0x7F ? '?' : c).ToArray());

    private static void ReadAt(FileStream file, long offset, Span<byte> buffer)
    {
        file.Position = offset;
        file.ReadExactly(buffer);
    }

    /// <summary>A window of the shared file handle; seeks before every read so entries can be read in any order.</summary>
    private sealed class BoundedReadStream(FileStream file, long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var remaining = length - _position;
            if (remaining <= 0)
            {
                return 0;
            }
            if (buffer.Length > remaining)
            {
                buffer = buffer[..(int)remaining];
            }
            file.Position = start + _position;
            var read = file.Read(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException("The archive ends inside an entry.");
            }
            _position += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Yields at most the declared size; more is a zip bomb or a lie, fewer is a damaged entry.</summary>
    private sealed class SizeCappedStream(Stream inner, long declared, string path, string name) : Stream
    {
        private long _total;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => declared;
        public override long Position { get => _total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new MlOpsException($"The entry '{name}' is corrupt: {e.Message}", file: path,
                    fix: "The archive is damaged or was tampered with; obtain it again.", diagnostic: DiagnosticCatalog.NotAnArtefact, inner: e);
            }
            _total += read;
            if (_total > declared)
            {
                throw new MlOpsException($"Refusing the entry '{name}': it inflates beyond its declared {declared} bytes.", file: path,
                    fix: "The archive is malformed or malicious (a zip bomb); obtain it again from a trusted source.", diagnostic: DiagnosticCatalog.ArchiveTooLarge);
            }
            if (read == 0 && buffer.Length > 0 && _total != declared)
            {
                throw new MlOpsException($"The entry '{name}' holds {_total} bytes but declares {declared}.", file: path,
                    fix: "The archive is damaged or was tampered with; obtain it again.", diagnostic: DiagnosticCatalog.NotAnArtefact);
            }
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Where an archive's directory records lie in its file.</summary>
/// <param name="CentralDirectoryOffset">The offset the end record gives for the central directory.</param>
/// <param name="CentralDirectorySize">The size the end record gives for the central directory.</param>
/// <param name="EndRecordOffset">Where the end-of-central-directory record starts.</param>
/// <param name="EndOfArchive">The offset just after the end record's comment; bytes from here on were appended.</param>
internal sealed record ArchiveLayout(long CentralDirectoryOffset, long CentralDirectorySize, long EndRecordOffset, long EndOfArchive);
