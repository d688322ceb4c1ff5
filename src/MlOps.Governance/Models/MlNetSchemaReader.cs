using System.Buffers.Binary;
using System.Text;

namespace MlOps.Governance.Models;

/// <summary>
/// Reads the column types of an ML.NET binary data view (IDV) without ML.NET: the format of the "Schema" entry that
/// <c>MLContext.Model.Save(model, inputSchema, path)</c> writes (ML.NET's BinarySaver over an empty view). The file is
/// a 256-byte header (signature <c>CML\0DVB\0</c>, table-of-contents offset, tail offset, row and column counts), the
/// per-column blocks and metadata, and a table of contents with one entry per column: name, codec definition,
/// compression, rows per block, lookup and metadata offsets. A codec definition is its name, the LEB128 length of its
/// parameters and the parameters: a vector (<c>VBuffer</c>) names its item codec and its dimensions, a key
/// (<c>Key2</c>) its underlying codec and cardinality; any other codec's name is the item type itself.
/// </summary>
public static class MlNetSchemaReader
{
    private const ulong Signature = 0x00425644004C4D43; // "CML\0DVB\0"
    private const ulong TailSignature = 0x434D4C0044564200;
    private const int HeaderSize = 256;
    private const int MaxColumns = 1 << 20;

    /// <summary>The columns of <paramref name="idv"/>, in schema order (hidden columns included, as ML.NET saves them).</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ML.NET binary data view; the message says what is wrong.</exception>
    public static IReadOnlyList<MlNetColumn> Read(byte[] idv)
    {
        ArgumentNullException.ThrowIfNull(idv);
        if (idv.Length < HeaderSize + sizeof(ulong) || BinaryPrimitives.ReadUInt64LittleEndian(idv) != Signature)
        {
            throw new InvalidDataException("it does not start with the binary data view signature");
        }
        var toc = BinaryPrimitives.ReadInt64LittleEndian(idv.AsSpan(24));
        var tail = BinaryPrimitives.ReadInt64LittleEndian(idv.AsSpan(32));
        var count = BinaryPrimitives.ReadInt32LittleEndian(idv.AsSpan(48));
        if (toc < HeaderSize || tail < toc || tail > idv.Length - sizeof(ulong) || count is < 0 or > MaxColumns
            || BinaryPrimitives.ReadUInt64LittleEndian(idv.AsSpan((int)tail)) != TailSignature)
        {
            throw new InvalidDataException("its header's offsets or column count are out of range");
        }
        using var reader = new BinaryReader(new MemoryStream(idv, (int)toc, (int)(tail - toc), writable: false), Encoding.UTF8);
        var columns = new List<MlNetColumn>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var column = ReadCodec(reader, name, depth: 0);
                reader.ReadByte();       // compression
                ReadLeb128(reader);      // rows per block
                reader.ReadInt64();      // lookup table offset
                reader.ReadInt64();      // metadata table-of-contents offset
                columns.Add(column);
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("its table of contents ends early");
        }
        return columns;
    }

    private static MlNetColumn ReadCodec(BinaryReader reader, string column, int depth)
    {
        if (depth > 2)
        {
            throw new InvalidDataException($"the type of column '{column}' nests codecs too deeply");
        }
        var codec = reader.ReadString();
        var length = ReadLeb128(reader);
        var start = reader.BaseStream.Position;
        if (length > (ulong)(reader.BaseStream.Length - start))
        {
            throw new InvalidDataException($"the type of column '{column}' is longer than the table of contents");
        }
        MlNetColumn result;
        switch (codec)
        {
            case "VBuffer":
            {
                var item = ReadCodec(reader, column, depth + 1);
                var rank = reader.ReadInt32();
                if (rank is < 0 or > 64)
                {
                    throw new InvalidDataException($"the vector column '{column}' has {rank} dimensions");
                }
                var dims = new int[rank];
                for (var d = 0; d < rank; d++)
                {
                    dims[d] = reader.ReadInt32();
                }
                // An old writer recorded a one-dimensional vector of unknown size as no dimensions at all.
                result = item with { Dimensions = rank == 0 ? [0] : dims };
                break;
            }
            case "Key2":
                result = ReadCodec(reader, column, depth + 1) with { KeyCount = reader.ReadUInt64() };
                break;
            case "Key":
            {
                var item = ReadCodec(reader, column, depth + 1);
                reader.ReadByte();   // contiguous
                reader.ReadUInt64(); // min (always 0)
                var keys = reader.ReadInt32();
                result = item with { KeyCount = keys > 0 ? (ulong)keys : ulong.MaxValue };
                break;
            }
            default:
                result = new MlNetColumn(column, codec, null, null);
                break;
        }
        // Whatever a codec's parameters hold, its recorded length says where the next field starts.
        reader.BaseStream.Position = start + (long)length;
        return result;
    }

    private static ulong ReadLeb128(BinaryReader reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new InvalidDataException("a length in its table of contents is malformed");
    }
}
