using System.Buffers.Binary;
using System.Text;

namespace MlOps.Governance.Tests.TestSupport;

/// <summary>Byte-level helpers to tamper with ZIP files the way an attacker or a broken disk would.</summary>
public static class ZipBytes
{
    /// <summary>Offset and length of an entry's data, found through the local headers (stored entries).</summary>
    public static (long Offset, long Length) DataOf(byte[] zip, string name)
    {
        var pos = 0;
        while (pos + 30 <= zip.Length && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(pos)) == 0x04034b50)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(pos + 18));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 26));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(pos + 28));
            var entryName = Encoding.UTF8.GetString(zip, pos + 30, nameLength);
            var data = pos + 30 + nameLength + extraLength;
            if (entryName == name)
            {
                return (data, size);
            }
            pos = (int)(data + size);
        }
        throw new InvalidOperationException($"No entry '{name}'.");
    }
}
