using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// Checks that an archive is byte for byte what <see cref="DeterministicZipWriter"/> writes for the members
/// it holds. The writer frames the members as read (names, sizes, the CRC-32 of their bytes, the artefact's
/// timestamp and comment); each part it produces is compared with the file where the archive has that part,
/// and every byte of the file that belongs to no part is named by where it lies. Member data is not compared
/// here (the verifier hashes it against the manifest), so memory stays flat whatever the model's size.
/// </summary>
internal static class CanonicalFraming
{
    /// <summary>Every way the framing of <paramref name="archive"/> differs from the writer's; empty when canonical.</summary>
    /// <param name="archive">The archive, opened safely.</param>
    /// <param name="crcs">The CRC-32 of each entry's bytes where they were read; other entries use their recorded CRC-32.</param>
    /// <param name="stamp">The timestamp the writer gives every entry.</param>
    /// <param name="comment">The archive comment the writer writes.</param>
    public static IReadOnlyList<ArtefactDifference> Differences(SafeZipArchive archive, IReadOnlyDictionary<string, uint> crcs, DosTimestamp stamp, string comment)
    {
        if (archive.Entries.FirstOrDefault(e => e.IsDirectory) is { } directory)
        {
            return [new(DifferenceKind.StructureChanged, directory.Name, "a directory entry, which the writer never writes")];
        }
        var frames = archive.Entries.Select(e => new ZipFrame(e.Name, e.Size, crcs.TryGetValue(e.Name, out var crc) ? crc : e.Crc32));
        var comparison = new Comparison(archive);
        DeterministicZipWriter.Frame(comparison, frames, stamp, comment);
        return comparison.Finish();
    }

    private enum PartKind
    {
        LocalHeader,
        Data,
        CentralHeader,
        End,
    }

    /// <summary>One part of the archive as the writer emits it, and where the file has it.</summary>
    private sealed record Part(PartKind Kind, string? Entry, long Offset, long Length)
    {
        public long EndOffset => Offset + Length;

        public string Describe() => Kind switch
        {
            PartKind.LocalHeader => $"the local header of '{Entry}'",
            PartKind.Data => $"the data of '{Entry}'",
            PartKind.CentralHeader => $"the central directory header of '{Entry}'",
            _ => "the end record",
        };
    }

    /// <summary>A field of a fixed-size header: where it is, what it is called, how to print it.</summary>
    private sealed record Field(int Offset, int Length, string Name, bool Hex = false, bool Derived = false);

    // Offsets and the directory size follow from the lengths before them: a difference there is only reported
    // when nothing else explains it.
    private static readonly Field[] LocalFields =
    [
        new(0, 4, "signature", Hex: true), new(4, 2, "version needed to extract", Hex: true), new(6, 2, "general-purpose flags", Hex: true),
        new(8, 2, "compression method"), new(10, 2, "DOS time", Hex: true), new(12, 2, "DOS date", Hex: true), new(14, 4, "CRC-32", Hex: true),
        new(18, 4, "compressed size"), new(22, 4, "uncompressed size"), new(26, 2, "name length"), new(28, 2, "extra field length"),
    ];

    private static readonly Field[] CentralFields =
    [
        new(0, 4, "signature", Hex: true), new(4, 2, "version made by", Hex: true), new(6, 2, "version needed to extract", Hex: true),
        new(8, 2, "general-purpose flags", Hex: true), new(10, 2, "compression method"), new(12, 2, "DOS time", Hex: true),
        new(14, 2, "DOS date", Hex: true), new(16, 4, "CRC-32", Hex: true), new(20, 4, "compressed size"), new(24, 4, "uncompressed size"),
        new(28, 2, "name length"), new(30, 2, "extra field length"), new(32, 2, "comment length"), new(34, 2, "disk number start"),
        new(36, 2, "internal attributes", Hex: true), new(38, 4, "external attributes", Hex: true), new(42, 4, "local header offset", Derived: true),
    ];

    private static readonly Field[] EndFields =
    [
        new(0, 4, "signature", Hex: true), new(4, 2, "disk number"), new(6, 2, "disk of the central directory"),
        new(8, 2, "entries on this disk"), new(10, 2, "entries"), new(12, 4, "central directory size", Derived: true),
        new(16, 4, "central directory offset", Derived: true), new(20, 2, "comment length"),
    ];

    /// <summary>Receives the writer's parts and compares each with the file.</summary>
    private sealed class Comparison(SafeZipArchive archive) : IZipPartSink
    {
        private readonly List<Part> _parts = [];
        private readonly List<ArtefactDifference> _differences = [];
        private readonly List<ArtefactDifference> _derived = [];

        public void LocalHeader(ZipFrame member, ReadOnlySpan<byte> header)
        {
            var entry = archive.Find(member.Path)!;
            var part = new Part(PartKind.LocalHeader, entry.Name, entry.LocalHeaderOffset, entry.DataOffset - entry.LocalHeaderOffset);
            _parts.Add(part);
            // An entry whose local header disagrees with the directory is reported as such already.
            if (entry.LocalHeaderMismatch is null)
            {
                Compare(part, header, LocalFields, fixedLength: 30, variable: "name");
            }
        }

        public void Data(ZipFrame member)
        {
            var entry = archive.Find(member.Path)!;
            _parts.Add(new Part(PartKind.Data, entry.Name, entry.DataOffset, entry.CompressedSize));
        }

        public void CentralHeader(ZipFrame member, ReadOnlySpan<byte> header)
        {
            var entry = archive.Find(member.Path)!;
            var part = new Part(PartKind.CentralHeader, entry.Name, entry.CentralHeaderOffset, entry.CentralHeaderLength);
            _parts.Add(part);
            Compare(part, header, CentralFields, fixedLength: 46, variable: "name");
        }

        public void End(ReadOnlySpan<byte> record)
        {
            var layout = archive.Layout;
            var part = new Part(PartKind.End, null, layout.EndRecordOffset, layout.EndOfArchive - layout.EndRecordOffset);
            _parts.Add(part);
            Compare(part, record, EndFields, fixedLength: 22, variable: "comment");
        }

        public IReadOnlyList<ArtefactDifference> Finish()
        {
            ReportOrder(PartKind.LocalHeader, (earlier, later) => $"stored before '{earlier}', but the writer puts '{earlier}' first (ordinal path order)");
            ReportOrder(PartKind.CentralHeader, (earlier, later) => $"listed in the central directory before '{earlier}', but the writer lists '{earlier}' first (ordinal path order)");
            ReportGaps();
            return _differences.Count > 0 ? _differences : _derived;
        }

        /// <summary>The file must have the parts in the order the writer emits them; names the first pair that is not.</summary>
        private void ReportOrder(PartKind kind, Func<string, string, string> describe)
        {
            var parts = _parts.Where(p => p.Kind == kind).ToList();
            for (var i = 1; i < parts.Count; i++)
            {
                if (parts[i].Offset < parts[i - 1].Offset)
                {
                    _differences.Add(new(DifferenceKind.StructureChanged, parts[i].Entry!, describe(parts[i - 1].Entry!, parts[i].Entry!)));
                    return;
                }
            }
        }

        /// <summary>Every byte of the file that lies in no part, named by its neighbours.</summary>
        private void ReportGaps()
        {
            var inFileOrder = _parts.Where(p => p.Length > 0).OrderBy(p => p.Offset).ToList();
            long position = 0;
            Part? previous = null;
            foreach (var part in inFileOrder)
            {
                if (part.Offset > position)
                {
                    Gap(position, part.Offset, previous, part);
                }
                if (part.EndOffset > position)
                {
                    position = part.EndOffset;
                    previous = part;
                }
            }
            if (archive.Length > position)
            {
                Gap(position, archive.Length, previous, null);
            }
        }

        private void Gap(long start, long end, Part? before, Part? after)
        {
            var where = (before?.Kind, after?.Kind) switch
            {
                (null, _) => "before the first entry",
                (_, null) => "after the end of the archive",
                (PartKind.Data, PartKind.LocalHeader) => $"between the entries '{before!.Entry}' and '{after!.Entry}'",
                (PartKind.Data, PartKind.CentralHeader) => "between the last entry and the central directory",
                (PartKind.CentralHeader, PartKind.CentralHeader) => $"between the central directory headers of '{before!.Entry}' and '{after!.Entry}'",
                (PartKind.CentralHeader, PartKind.End) => "between the central directory and the end record",
                _ => $"between {before!.Describe()} and {after!.Describe()}",
            };
            _differences.Add(new(DifferenceKind.StructureChanged, "(archive)",
                $"{N(end - start)} bytes {where} (bytes {N(start)}..{N(end - 1)}){WhatItHolds(start, end)}"));
        }

        /// <summary>Says so when stray bytes start with a ZIP record: a second archive or a shadow entry a streaming reader would take.</summary>
        private string WhatItHolds(long start, long end)
        {
            Span<byte> head = stackalloc byte[30];
            if (end - start < head.Length)
            {
                return "";
            }
            archive.ReadBytes(start, head);
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (signature == 0x06054b50)
            {
                return "; they begin with an end-of-central-directory record";
            }
            if (signature != 0x04034b50)
            {
                return "";
            }
            var nameLength = (int)Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(head[26..]), Math.Min(ZipEntryNames.MaxLength, end - start - 30));
            var name = new byte[nameLength];
            archive.ReadBytes(start + 30, name);
            return $"; they begin with a local header naming '{Printable(Encoding.UTF8.GetString(name))}'";
        }

        /// <summary>Compares the writer's bytes for one part with the file's, field by field.</summary>
        private void Compare(Part part, ReadOnlySpan<byte> expected, Field[] fields, int fixedLength, string variable)
        {
            var actual = new byte[part.Length];
            archive.ReadBytes(part.Offset, actual);
            var subject = part.Entry ?? "(archive)";
            var where = part.Kind switch
            {
                PartKind.LocalHeader => "local header",
                PartKind.CentralHeader => "central directory header",
                _ => "end record",
            };
            foreach (var field in fields)
            {
                var want = expected.Slice(field.Offset, field.Length);
                var have = actual.AsSpan(field.Offset, field.Length);
                if (!want.SequenceEqual(have))
                {
                    var start = part.Offset + field.Offset;
                    var detail = $"{where}: {field.Name} is {Value(have, field)}, the writer writes {Value(want, field)} (bytes {N(start)}..{N(start + field.Length - 1)})";
                    (field.Derived ? _derived : _differences).Add(new(DifferenceKind.StructureChanged, subject, detail));
                }
            }
            // The name (or comment) follows the fixed fields; its length field decides how long it is in the file.
            var lengthAt = part.Kind == PartKind.End ? 20 : fixedLength == 30 ? 26 : 28;
            var actualLength = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(actual.AsSpan(lengthAt)), actual.Length - fixedLength);
            if (!expected[fixedLength..].SequenceEqual(actual.AsSpan(fixedLength, actualLength)))
            {
                _differences.Add(new(DifferenceKind.StructureChanged, subject,
                    $"{where}: the {variable} differs from the writer's (bytes {N(part.Offset + fixedLength)}..{N(part.Offset + fixedLength + Math.Max(actualLength, 1) - 1)})"));
            }
        }

        private static string Value(ReadOnlySpan<byte> bytes, Field field)
        {
            var value = bytes.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            return field.Hex ? "0x" + value.ToString(bytes.Length == 2 ? "x4" : "x8", CultureInfo.InvariantCulture) : N(value);
        }

        private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Printable(string name) => new(name.Select(c => c < 0x20 || c == 0x7F ? '?' : c).ToArray());
    }
}
