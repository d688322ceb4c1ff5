using System.Buffers.Binary;
using System.Text;

namespace MlOps.Governance.Tests.TestSupport;

/// <summary>
/// The parts of a stored ZIP as an attacker sees them (local entries, central headers, end record), and a way to
/// put them back together in another order or with bytes in between, offsets adjusted so the result still reads.
/// </summary>
public sealed class ZipLayout
{
    private readonly byte[] _zip;

    private ZipLayout(byte[] zip) => _zip = zip;

    /// <summary>A local header with its name and data.</summary>
    public sealed record Entry(string Name, int Offset, int HeaderLength, int DataLength)
    {
        public int Length => HeaderLength + DataLength;
    }

    /// <summary>A central directory header with its name.</summary>
    public sealed record Central(string Name, int Offset, int Length);

    public List<Entry> Entries { get; } = [];

    public List<Central> Centrals { get; } = [];

    public int EndOffset { get; private set; }

    /// <summary>Parses a ZIP whose end record is the last one in the file.</summary>
    public static ZipLayout Of(byte[] zip)
    {
        var layout = new ZipLayout(zip);
        var end = zip.AsSpan().LastIndexOf(new byte[] { 0x50, 0x4B, 0x05, 0x06 });
        layout.EndOffset = end;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var pos = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        for (var i = 0; i < count; i++)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 28));
            var length = 46 + nameLength + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 32));
            var name = Encoding.UTF8.GetString(zip, pos + 46, nameLength);
            layout.Centrals.Add(new Central(name, pos, length));
            var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(pos + 42));
            var header = 30 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 28));
            layout.Entries.Add(new Entry(name, local, header, (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(pos + 20))));
            pos += length;
        }
        return layout;
    }

    /// <summary>Every offset that is not member data: headers, names, the central directory, the end record and comment.</summary>
    public IEnumerable<int> FramingOffsets() =>
        Enumerable.Range(0, _zip.Length).Where(i => !Entries.Any(e => i >= e.Offset + e.HeaderLength && i < e.Offset + e.Length));

    /// <summary>The header offset of the entry called <paramref name="name"/>.</summary>
    public int LocalHeaderOf(string name) => Entries.Single(e => e.Name == name).Offset;

    /// <summary>The central header offset of the entry called <paramref name="name"/>.</summary>
    public int CentralHeaderOf(string name) => Centrals.Single(c => c.Name == name).Offset;

    /// <summary>
    /// The archive again: <paramref name="before"/>, the entries in <paramref name="entryOrder"/> (default: as found),
    /// <paramref name="beforeDirectory"/>, the central headers in <paramref name="centralOrder"/>, the end record and
    /// comment, then <paramref name="after"/>; <paramref name="afterFirstEntry"/> goes between the first two entries.
    /// Every offset is adjusted.
    /// </summary>
    public byte[] Reassemble(byte[]? before = null, IEnumerable<string>? entryOrder = null, byte[]? beforeDirectory = null,
        IEnumerable<string>? centralOrder = null, byte[]? after = null, byte[]? afterFirstEntry = null)
    {
        var output = new MemoryStream();
        output.Write(before ?? []);
        var newOffsets = new Dictionary<string, int>();
        foreach (var name in entryOrder ?? Entries.Select(e => e.Name))
        {
            var entry = Entries.Single(e => e.Name == name);
            newOffsets[name] = (int)output.Position;
            output.Write(_zip, entry.Offset, entry.Length);
            if (newOffsets.Count == 1)
            {
                output.Write(afterFirstEntry ?? []);
            }
        }
        output.Write(beforeDirectory ?? []);
        var directoryStart = (int)output.Position;
        foreach (var name in centralOrder ?? Centrals.Select(c => c.Name))
        {
            var central = Centrals.Single(c => c.Name == name);
            var record = _zip.AsSpan(central.Offset, central.Length).ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(42), (uint)newOffsets[name]);
            output.Write(record);
        }
        var end = _zip.AsSpan(EndOffset).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(output.Position - directoryStart));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        output.Write(end);
        output.Write(after ?? []);
        return output.ToArray();
    }
}
