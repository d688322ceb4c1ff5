using System.Buffers.Binary;
using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Onnx;

/// <summary>
/// A minimal protobuf wire writer. With no buffer it only counts bytes, so one emit routine serves
/// both to size a nested message (its length prefix) and to write it: sizes and bytes cannot disagree.
/// </summary>
internal sealed class ProtoWriter
{
    private const int LengthDelimited = 2;
    private readonly byte[]? _buffer;
    private long _position;

    private ProtoWriter(byte[]? buffer) => _buffer = buffer;

    public long Length => _position;

    public static ProtoWriter Counter() => new(null);

    public static ProtoWriter Into(byte[] buffer) => new(buffer);

    /// <summary>Runs <paramref name="emit"/> once to measure and once to write into an exactly sized array.</summary>
    public static byte[] Write<T>(T value, Action<ProtoWriter, T> emit)
    {
        var counter = Counter();
        emit(counter, value);
        if (counter.Length > Array.MaxLength)
        {
            throw new MlOpsException($"The model would be {counter.Length} bytes, beyond the 2 GiB protobuf limit.",
                fix: "Store large tensors as ONNX external data.", diagnostic: DiagnosticCatalog.NotOnnx);
        }

        var buffer = new byte[counter.Length];
        var writer = Into(buffer);
        emit(writer, value);
        return buffer;
    }

    public void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    public void Varint(ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0)
            {
                b |= 0x80;
            }

            if (_buffer is not null)
            {
                _buffer[_position] = b;
            }

            _position++;
        }
        while (value != 0);
    }

    public void VarintField(int field, long value)
    {
        Tag(field, 0);
        Varint(unchecked((ulong)value));
    }

    public void Fixed32Field(int field, uint bits)
    {
        Tag(field, 5);
        if (_buffer is not null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan((int)_position), bits);
        }

        _position += 4;
    }

    public void BytesField(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, LengthDelimited);
        Varint((ulong)bytes.Length);
        Raw(bytes);
    }

    public void StringField(int field, string value)
    {
        Tag(field, LengthDelimited);
        var count = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)count);
        if (_buffer is not null)
        {
            Encoding.UTF8.GetBytes(value, _buffer.AsSpan((int)_position, count));
        }

        _position += count;
    }

    /// <summary>Writes a string field only when it is not empty (proto2 optional, ONNX's convention).</summary>
    public void OptionalString(int field, string value)
    {
        if (value.Length > 0)
        {
            StringField(field, value);
        }
    }

    public void MessageField<T>(int field, T value, Action<ProtoWriter, T> emit)
    {
        var counter = Counter();
        emit(counter, value);
        Tag(field, LengthDelimited);
        Varint((ulong)counter.Length);
        emit(this, value);
    }

    /// <summary>Bytes that are already wire format (preserved fields).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (_buffer is not null)
        {
            bytes.CopyTo(_buffer.AsSpan((int)_position));
        }

        _position += bytes.Length;
    }

    public void PackedVarints<T>(int field, IReadOnlyList<T> values, Func<T, ulong> bits)
    {
        if (values.Count == 0)
        {
            return;
        }

        long size = 0;
        foreach (var v in values)
        {
            size += VarintSize(bits(v));
        }

        Tag(field, LengthDelimited);
        Varint((ulong)size);
        foreach (var v in values)
        {
            Varint(bits(v));
        }
    }

    private static int VarintSize(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }
}
