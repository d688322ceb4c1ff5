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

        var stamp = DosTimestamp.FromUnixSeconds(sourceDateEpoch);
        var central = new MemoryStream();
        long offset = 0;
        Span<byte> header = stackalloc byte[46];
        foreach (var member in sorted)
        {
            var name = Encoding.UTF8.GetBytes(member.Path);
            var data = member.Content.Span;
            if ((ulong)data.Length >= uint.MaxValue || offset >= uint.MaxValue)
            {
                throw new MlOpsException(
                    $"The member '{member.Path}' does not fit a format v1 artefact (members and the archive are limited to 4 GiB).",
                    fix: "Reduce the model size (ONNX external data is not supported in format v1).",
                    diagnostic: DiagnosticCatalog.ArtefactTooLarge);
            }
            var crc = Crc32.Of(data);

            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, LocalHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], Utf8NamesFlag);
            BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0); // stored
            BinaryPrimitives.WriteUInt16LittleEndian(header[10..], stamp.Time);
            BinaryPrimitives.WriteUInt16LittleEndian(header[12..], stamp.Date);
            BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], 0); // no extra field
            output.Write(header[..30]);
            output.Write(name);
            output.Write(data);

            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, CentralHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionMadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Utf8NamesFlag);
            BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(header[12..], stamp.Time);
            BinaryPrimitives.WriteUInt16LittleEndian(header[14..], stamp.Date);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)name.Length);
            // extra length, comment length, disk number, internal attributes: all zero
            BinaryPrimitives.WriteUInt32LittleEndian(header[38..], RegularFile0644);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], (uint)offset);
            central.Write(header);
            central.Write(name);

            offset += 30 + name.Length + data.Length;
        }
        if (offset + central.Length >= uint.MaxValue)
        {
            throw new MlOpsException("The artefact would exceed 4 GiB, the limit of format v1.",
                fix: "Reduce the model size (ONNX external data is not supported in format v1).", diagnostic: DiagnosticCatalog.ArtefactTooLarge);
        }
        central.Position = 0;
        central.CopyTo(output);

        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)sorted.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)sorted.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)offset);
        BinaryPrimitives.WriteUInt16LittleEndian(end[20..], (ushort)commentBytes.Length);
        output.Write(end);
        output.Write(commentBytes);
    }

    /// <summary>The archive as a byte array.</summary>
    public static byte[] ToBytes(IEnumerable<ZipMember> members, long sourceDateEpoch, string comment = "")
    {
        using var buffer = new MemoryStream();
        Write(buffer, members, sourceDateEpoch, comment);
        return buffer.ToArray();
    }
}
