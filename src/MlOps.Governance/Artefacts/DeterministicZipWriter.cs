using System.Buffers.Binary;
using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// Writes a ZIP whose bytes are a pure function of the members, the timestamp and the comment: entries in
/// ordinal path order, every entry stored (method 0), one fixed timestamp, fixed attributes (0644), UTF-8 names,
/// no extra fields, no data descriptors, no ZIP64.
/// </summary>
/// <remarks>
/// Entries are stored rather than deflated on purpose: Deflate output depends on the zlib build (.NET 9 moved
/// to zlib-ng), so the same inputs would give different bytes under different SDKs; and stored members let
/// verification hash at disk speed. ZipArchive is not used because it adds extra fields and data descriptors.
/// The framing is produced in one place, <see cref="Frame"/>: writing sends it to a stream, and
/// <see cref="MlPackageVerifier"/> sends it to a comparison with the file, so the rules of a canonical
/// archive are never written twice.
/// </remarks>
public static class DeterministicZipWriter
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const ushort VersionNeeded = 10; // 1.0: stored entries
    private const ushort VersionMadeBy = (3 << 8) | 20; // Unix, spec 2.0: makes the 0644 mode meaningful
    private const ushort Utf8NamesFlag = 0x0800;
    private const uint RegularFile0644 = 0x81A4u << 16;

    /// <summary>Writes the archive to <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream, positioned at the start of the archive.</param>
    /// <param name="members">The members; order does not matter, names must be unique and safe.</param>
    /// <param name="sourceDateEpoch">The one timestamp of every entry, Unix seconds (clamped to 1980..2107).</param>
    /// <param name="comment">The archive comment (ASCII, at most 65535 bytes).</param>
    public static void Write(Stream output, IEnumerable<ZipMember> members, long sourceDateEpoch, string comment = "")
    {
        var contents = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var frames = new List<ZipFrame>();
        foreach (var member in members)
        {
            if (!contents.TryAdd(member.Path, member.Content))
            {
                throw new ArgumentException($"Duplicate member path '{member.Path}'.", nameof(members));
            }
            frames.Add(new ZipFrame(member.Path, member.Content.Length, Crc32.Of(member.Content.Span)));
        }
        Frame(new StreamSink(output, contents), frames, DosTimestamp.FromUnixSeconds(sourceDateEpoch), comment);
    }

    /// <summary>The archive as a byte array.</summary>
    public static byte[] ToBytes(IEnumerable<ZipMember> members, long sourceDateEpoch, string comment = "")
    {
        using var buffer = new MemoryStream();
        Write(buffer, members, sourceDateEpoch, comment);
        return buffer.ToArray();
    }

    /// <summary>
    /// Produces the archive part by part, in file order: each member's local header (with its name) and data,
    /// then each central directory header (with its name), then the end record (with the comment). The member
    /// bytes themselves are never needed here, only their size and CRC-32.
    /// </summary>
    /// <param name="sink">Receives the parts.</param>
    /// <param name="members">The members; order does not matter, names must be unique and safe.</param>
    /// <param name="stamp">The one timestamp of every entry.</param>
    /// <param name="comment">The archive comment (ASCII, at most 65535 bytes).</param>
    internal static void Frame(IZipPartSink sink, IEnumerable<ZipFrame> members, DosTimestamp stamp, string comment)
    {
        var sorted = members.OrderBy(m => m.Path, StringComparer.Ordinal).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var problem = ZipEntryNames.Problem(sorted[i].Path) ?? (sorted[i].Path.EndsWith('/') ? "a directory" : null);
            if (problem is not null)
            {
                throw new ArgumentException($"Invalid member path '{sorted[i].Path}': {problem}.", nameof(members));
            }
            if (i > 0 && sorted[i - 1].Path == sorted[i].Path)
            {
                throw new ArgumentException($"Duplicate member path '{sorted[i].Path}'.", nameof(members));
            }
        }
        if (sorted.Count >= ushort.MaxValue)
        {
            throw new ArgumentException("Too many members for a ZIP without ZIP64.", nameof(members));
        }
        var commentBytes = Encoding.ASCII.GetBytes(comment);
        if (commentBytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException("The archive comment is too long.", nameof(comment));
        }

        var names = sorted.Select(m => Encoding.UTF8.GetBytes(m.Path)).ToList();
        var offsets = new long[sorted.Count];
        long offset = 0;
        var header = new byte[46 + (ZipEntryNames.MaxLength * 4)];
        for (var i = 0; i < sorted.Count; i++)
        {
            var member = sorted[i];
            var name = names[i];
            if ((ulong)member.Size >= uint.MaxValue || offset >= uint.MaxValue)
            {
                throw new MlOpsException(
                    $"The member '{member.Path}' does not fit a format v1 artefact (members and the archive are limited to 4 GiB).",
                    fix: "Reduce the model size (ONNX external data is not supported in format v1).",
                    diagnostic: DiagnosticCatalog.ArtefactTooLarge);
            }
            offsets[i] = offset;
            var h = header.AsSpan(0, 30 + name.Length);
            h.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(h, LocalHeaderSignature);
            WriteEntryFields(h[4..], member, stamp, name.Length);
            name.CopyTo(h[30..]);
            sink.LocalHeader(member, h);
            sink.Data(member);
            offset += 30 + name.Length + member.Size;
        }

        long centralSize = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var member = sorted[i];
            var name = names[i];
            var h = header.AsSpan(0, 46 + name.Length);
            h.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(h, CentralHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], VersionMadeBy);
            WriteEntryFields(h[6..], member, stamp, name.Length);
            // comment length, disk number, internal attributes: all zero
            BinaryPrimitives.WriteUInt32LittleEndian(h[38..], RegularFile0644);
            BinaryPrimitives.WriteUInt32LittleEndian(h[42..], (uint)offsets[i]);
            name.CopyTo(h[46..]);
            sink.CentralHeader(member, h);
            centralSize += h.Length;
        }
        if (offset + centralSize >= uint.MaxValue)
        {
            throw new MlOpsException("The artefact would exceed 4 GiB, the limit of format v1.",
                fix: "Reduce the model size (ONNX external data is not supported in format v1).", diagnostic: DiagnosticCatalog.ArtefactTooLarge);
        }

        var end = new byte[22 + commentBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)sorted.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)sorted.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)centralSize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)offset);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(20), (ushort)commentBytes.Length);
        commentBytes.CopyTo(end, 22);
        sink.End(end);
    }

    /// <summary>Writes the parts to a stream, each member's bytes where its data belongs.</summary>
    private sealed class StreamSink(Stream output, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> contents) : IZipPartSink
    {
        public void LocalHeader(ZipFrame member, ReadOnlySpan<byte> header) => output.Write(header);

        public void Data(ZipFrame member) => output.Write(contents[member.Path].Span);

        public void CentralHeader(ZipFrame member, ReadOnlySpan<byte> header) => output.Write(header);

        public void End(ReadOnlySpan<byte> record) => output.Write(record);
    }

    /// <summary>
    /// The 26 bytes the local header (from offset 4) and the central header (from offset 6) share, in the same order:
    /// version needed, flags, method (stored), time, date, CRC-32, both sizes, name length, extra length (none).
    /// </summary>
    private static void WriteEntryFields(Span<byte> at, ZipFrame member, DosTimestamp stamp, int nameLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], Utf8NamesFlag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[4..], 0); // stored
        BinaryPrimitives.WriteUInt16LittleEndian(at[6..], stamp.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(at[8..], stamp.Date);
        BinaryPrimitives.WriteUInt32LittleEndian(at[10..], member.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(at[14..], (uint)member.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(at[18..], (uint)member.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(at[22..], (ushort)nameLength);
        BinaryPrimitives.WriteUInt16LittleEndian(at[24..], 0); // no extra field
    }
}

/// <summary>What the writer needs to know to frame a member: its path, its size and the CRC-32 of its bytes.</summary>
/// <param name="Path">The entry path.</param>
/// <param name="Size">The member's length in bytes.</param>
/// <param name="Crc32">The CRC-32 of the member's bytes.</param>
internal readonly record struct ZipFrame(string Path, long Size, uint Crc32);

/// <summary>Receives the parts of an archive from <see cref="DeterministicZipWriter.Frame"/>, in file order.</summary>
internal interface IZipPartSink
{
    /// <summary>A local file header followed by the entry name.</summary>
    void LocalHeader(ZipFrame member, ReadOnlySpan<byte> header);

    /// <summary>The member's bytes belong here (<see cref="ZipFrame.Size"/> of them, stored).</summary>
    void Data(ZipFrame member);

    /// <summary>A central directory header followed by the entry name.</summary>
    void CentralHeader(ZipFrame member, ReadOnlySpan<byte> header);

    /// <summary>The end-of-central-directory record followed by the archive comment.</summary>
    void End(ReadOnlySpan<byte> record);
}
