using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Onnx;

/// <summary>
/// A tensor stored in a model (ONNX <c>TensorProto</c>): an initializer or a tensor attribute.
/// Data read from a file stays a slice of the file's bytes until a typed accessor (for example
/// <see cref="ToFloatArray"/>) copies it out, so loading a model with large weights copies nothing.
/// Immutable and thread-safe.
/// </summary>
public sealed class OnnxTensor
{
    private long[] _dims = [];

    /// <summary>The tensor's name ("" for tensors inside attributes).</summary>
    public string Name { get; init; } = "";

    /// <summary>The element type.</summary>
    public OnnxDataType DataType { get; init; }

    /// <summary>The dimensions (a copy: the tensor itself never changes). Empty for a scalar.</summary>
    public long[] Dims { get => (long[])_dims.Clone(); init => _dims = (long[])value.Clone(); }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>The documentation string; "" when absent.</summary>
    public string DocString { get; init; } = "";

    /// <summary>The little-endian <c>raw_data</c> bytes (a slice of the source buffer when parsed); empty when absent.</summary>
    public ReadOnlyMemory<byte> RawData { get; init; }

    /// <summary>True when the tensor's values are in <see cref="RawData"/> rather than the typed fields.</summary>
    public bool HasRawData { get; init; }

    /// <summary>True when the values live in an external file (<c>data_location = EXTERNAL</c>).</summary>
    public bool IsExternal => DataLocation == 1;

    /// <summary>The <c>external_data</c> entries (location, offset, length, checksum) when <see cref="IsExternal"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExternalData { get; init; } = FrozenList<KeyValuePair<string, string>>.Empty;

    internal int DataLocation { get; init; }

    /// <summary><c>float_data</c> as little-endian bytes (packed fields stay slices of the source).</summary>
    internal ReadOnlyMemory<byte> FloatData { get; init; }

    /// <summary><c>double_data</c> as little-endian bytes.</summary>
    internal ReadOnlyMemory<byte> DoubleData { get; init; }

    internal int[] Int32Data { get; init; } = [];

    internal long[] Int64Data { get; init; } = [];

    internal ulong[] UInt64Data { get; init; } = [];

    internal IReadOnlyList<ReadOnlyMemory<byte>> StringData { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>Fields this reader does not model (segment, metadata_props), kept byte for byte.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    internal ReadOnlySpan<long> DimsSpan => _dims;

    /// <summary>The product of the dimensions (1 for a scalar).</summary>
    /// <exception cref="MlOpsException">A dimension is negative or the product overflows.</exception>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in _dims)
            {
                if (d < 0)
                {
                    throw Bad($"has a negative dimension {d} in [{string.Join(",", _dims)}]");
                }

                try
                {
                    count = checked(count * d);
                }
                catch (OverflowException)
                {
                    throw Bad($"has dimensions [{string.Join(",", _dims)}] whose product overflows");
                }
            }

            return count;
        }
    }

    // ---- Factories (used by the builder and by tests) ----

    /// <summary>A float tensor; with no <paramref name="dims"/> it is one-dimensional. Use <see cref="Scalar(string, float)"/> for rank 0.</summary>
    public static OnnxTensor Create(string name, float[] values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Float, MemoryMarshal.AsBytes(values.AsSpan()), values.Length, ShapeFor(name, values.Length, dims), sizeof(float));

    /// <summary>A double tensor; with no <paramref name="dims"/> it is one-dimensional.</summary>
    public static OnnxTensor Create(string name, double[] values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Double, MemoryMarshal.AsBytes(values.AsSpan()), values.Length, ShapeFor(name, values.Length, dims), sizeof(double));

    /// <summary>An int64 tensor; with no <paramref name="dims"/> it is one-dimensional.</summary>
    public static OnnxTensor Create(string name, long[] values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), values.Length, ShapeFor(name, values.Length, dims), sizeof(long));

    /// <summary>An int32 tensor; with no <paramref name="dims"/> it is one-dimensional.</summary>
    public static OnnxTensor Create(string name, int[] values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Int32, MemoryMarshal.AsBytes(values.AsSpan()), values.Length, ShapeFor(name, values.Length, dims), sizeof(int));

    /// <summary>A bool tensor; with no <paramref name="dims"/> it is one-dimensional.</summary>
    public static OnnxTensor Create(string name, bool[] values, params long[] dims)
    {
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bytes[i] = values[i] ? (byte)1 : (byte)0;
        }

        return FromRaw(name, OnnxDataType.Bool, bytes, values.Length, ShapeFor(name, values.Length, dims), 1);
    }

    /// <summary>A string tensor (UTF-8); with no <paramref name="dims"/> it is one-dimensional.</summary>
    public static OnnxTensor Create(string name, string[] values, params long[] dims) =>
        Strings(name, values, ShapeFor(name, values.Length, dims));

    private static OnnxTensor Strings(string name, string[] values, long[] shape)
    {
        var data = new ReadOnlyMemory<byte>[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            data[i] = Encoding.UTF8.GetBytes(values[i]);
        }

        return new OnnxTensor { Name = name, DataType = OnnxDataType.String, _dims = shape, StringData = FrozenList<ReadOnlyMemory<byte>>.Own(data) };
    }

    /// <summary>A rank-0 float tensor.</summary>
    public static OnnxTensor Scalar(string name, float value) => FromRaw(name, OnnxDataType.Float, MemoryMarshal.AsBytes(new[] { value }.AsSpan()), 1, [], sizeof(float));

    /// <summary>A rank-0 double tensor.</summary>
    public static OnnxTensor Scalar(string name, double value) => FromRaw(name, OnnxDataType.Double, MemoryMarshal.AsBytes(new[] { value }.AsSpan()), 1, [], sizeof(double));

    /// <summary>A rank-0 int64 tensor.</summary>
    public static OnnxTensor Scalar(string name, long value) => FromRaw(name, OnnxDataType.Int64, MemoryMarshal.AsBytes(new[] { value }.AsSpan()), 1, [], sizeof(long));

    /// <summary>A rank-0 int32 tensor.</summary>
    public static OnnxTensor Scalar(string name, int value) => FromRaw(name, OnnxDataType.Int32, MemoryMarshal.AsBytes(new[] { value }.AsSpan()), 1, [], sizeof(int));

    /// <summary>A rank-0 bool tensor.</summary>
    public static OnnxTensor Scalar(string name, bool value) => FromRaw(name, OnnxDataType.Bool, [value ? (byte)1 : (byte)0], 1, [], 1);

    /// <summary>A rank-0 string tensor.</summary>
    public static OnnxTensor Scalar(string name, string value) => Strings(name, [value], []);

    private static OnnxTensor FromRaw(string name, OnnxDataType type, ReadOnlySpan<byte> bytes, int count, long[] shape, int width)
    {
        var raw = new byte[count * width];
        if (BitConverter.IsLittleEndian || width == 1)
        {
            bytes.CopyTo(raw);
        }
        else
        {
            // ONNX raw_data is little-endian whatever the machine.
            for (var i = 0; i < count; i++)
            {
                bytes.Slice(i * width, width).CopyTo(raw.AsSpan(i * width));
                raw.AsSpan(i * width, width).Reverse();
            }
        }

        return new OnnxTensor { Name = name, DataType = type, _dims = shape, RawData = raw, HasRawData = true };
    }

    private static long[] ShapeFor(string name, int count, long[] dims)
    {
        if (dims.Length == 0)
        {
            return [count];
        }

        long product = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Tensor '{name}': dimension {d} is negative.", nameof(dims));
            }

            product = checked(product * d);
        }

        if (product != count)
        {
            throw new ArgumentException(
                $"Tensor '{name}': dims [{string.Join(",", dims)}] hold {product} values but {count} were given.", nameof(dims));
        }

        return (long[])dims.Clone();
    }

    // ---- Typed accessors ----

    /// <summary>The values as floats (from float, float16 or bfloat16 data).</summary>
    /// <exception cref="MlOpsException">Another element type, external data, or a value count that does not match the dims.</exception>
    public float[] ToFloatArray()
    {
        var n = CheckedCount();
        switch (DataType)
        {
            case OnnxDataType.Float:
                return Fixed(HasRawData ? RawData.Span : FloatData.Span, n, sizeof(float), BinaryPrimitives.ReadSingleLittleEndian);
            case OnnxDataType.Float16:
            {
                var bits = HasRawData ? Fixed(RawData.Span, n, 2, BinaryPrimitives.ReadUInt16LittleEndian) : Narrow(n, v => (ushort)v);
                return Array.ConvertAll(bits, b => (float)BitConverter.UInt16BitsToHalf(b));
            }
            case OnnxDataType.BFloat16:
            {
                var bits = HasRawData ? Fixed(RawData.Span, n, 2, BinaryPrimitives.ReadUInt16LittleEndian) : Narrow(n, v => (ushort)v);
                return Array.ConvertAll(bits, b => BitConverter.Int32BitsToSingle(b << 16));
            }
            default:
                throw WrongType("float");
        }
    }

    /// <summary>The values as doubles (from double data, or widened from float and integer data).</summary>
    /// <exception cref="MlOpsException">A non-numeric element type, external data, or a value count that does not match the dims.</exception>
    public double[] ToDoubleArray()
    {
        switch (DataType)
        {
            case OnnxDataType.Double:
                return Fixed(HasRawData ? RawData.Span : DoubleData.Span, CheckedCount(), sizeof(double), BinaryPrimitives.ReadDoubleLittleEndian);
            case OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.BFloat16:
                return Array.ConvertAll(ToFloatArray(), v => (double)v);
            case OnnxDataType.UInt64:
                return Array.ConvertAll(ToUInt64Bits(), v => (double)v);
            case OnnxDataType.Int64 or OnnxDataType.Int32 or OnnxDataType.Int16 or OnnxDataType.Int8
                or OnnxDataType.UInt8 or OnnxDataType.UInt16 or OnnxDataType.UInt32 or OnnxDataType.Bool:
                return Array.ConvertAll(ToInt64Array(), v => (double)v);
            default:
                throw WrongType("double");
        }
    }

    /// <summary>The values as int64 (from any integer or bool data; uint64 is reinterpreted).</summary>
    /// <exception cref="MlOpsException">A non-integer element type, external data, or a value count that does not match the dims.</exception>
    public long[] ToInt64Array()
    {
        var n = CheckedCount();
        return DataType switch
        {
            OnnxDataType.Int64 => HasRawData ? Fixed(RawData.Span, n, 8, BinaryPrimitives.ReadInt64LittleEndian) : Typed(Int64Data, n),
            OnnxDataType.UInt64 => Array.ConvertAll(ToUInt64Bits(), v => unchecked((long)v)),
            OnnxDataType.UInt32 => HasRawData
                ? Array.ConvertAll(Fixed(RawData.Span, n, 4, BinaryPrimitives.ReadUInt32LittleEndian), v => (long)v)
                : Array.ConvertAll(Typed(UInt64Data, n), v => (long)(uint)v),
            OnnxDataType.Int32 or OnnxDataType.Int16 or OnnxDataType.Int8 or OnnxDataType.UInt8
                or OnnxDataType.UInt16 or OnnxDataType.Bool => Array.ConvertAll(ToInt32Array(), v => (long)v),
            _ => throw WrongType("int64"),
        };
    }

    /// <summary>The values as int32 (from int32, smaller integer or bool data).</summary>
    /// <exception cref="MlOpsException">Another element type, external data, or a value count that does not match the dims.</exception>
    public int[] ToInt32Array()
    {
        var n = CheckedCount();
        return DataType switch
        {
            OnnxDataType.Int32 => HasRawData ? Fixed(RawData.Span, n, 4, BinaryPrimitives.ReadInt32LittleEndian) : Typed(Int32Data, n),
            OnnxDataType.Int16 => HasRawData ? Array.ConvertAll(Fixed(RawData.Span, n, 2, BinaryPrimitives.ReadInt16LittleEndian), v => (int)v) : Narrow(n, v => (int)(short)v),
            OnnxDataType.UInt16 => HasRawData ? Array.ConvertAll(Fixed(RawData.Span, n, 2, BinaryPrimitives.ReadUInt16LittleEndian), v => (int)v) : Narrow(n, v => (int)(ushort)v),
            OnnxDataType.Int8 => HasRawData ? Bytes(n, b => (sbyte)b) : Narrow(n, v => (int)(sbyte)v),
            OnnxDataType.UInt8 => HasRawData ? Bytes(n, b => b) : Narrow(n, v => (int)(byte)v),
            OnnxDataType.Bool => HasRawData ? Bytes(n, b => b != 0 ? 1 : 0) : Narrow(n, v => v != 0 ? 1 : 0),
            _ => throw WrongType("int32"),
        };
    }

    /// <summary>The values as booleans.</summary>
    /// <exception cref="MlOpsException">Another element type, external data, or a value count that does not match the dims.</exception>
    public bool[] ToBoolArray()
    {
        if (DataType != OnnxDataType.Bool)
        {
            throw WrongType("bool");
        }

        return Array.ConvertAll(ToInt32Array(), v => v != 0);
    }

    /// <summary>The values of a string tensor, decoded as UTF-8.</summary>
    /// <exception cref="MlOpsException">Another element type or a value count that does not match the dims.</exception>
    public string[] ToStringArray()
    {
        if (DataType != OnnxDataType.String)
        {
            throw WrongType("string");
        }

        var n = CheckedCount();
        if (StringData.Count != n)
        {
            throw CountMismatch(StringData.Count, n);
        }

        var result = new string[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = Encoding.UTF8.GetString(StringData[i].Span);
        }

        return result;
    }

    /// <summary>"name: float[2,3]".</summary>
    public override string ToString() =>
        $"{Name}: {OnnxNames.Of(DataType)}[{string.Join(",", _dims.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]";

    private ulong[] ToUInt64Bits()
    {
        var n = CheckedCount();
        return HasRawData ? Fixed(RawData.Span, n, 8, BinaryPrimitives.ReadUInt64LittleEndian) : Typed(UInt64Data, n);
    }

    private int CheckedCount()
    {
        if (IsExternal)
        {
            var location = ExternalData.FirstOrDefault(e => e.Key == "location").Value ?? "?";
            throw Bad($"keeps its data in the external file '{location}', which this reader does not load",
                "Save the model with all tensors inside the .onnx file (onnx.save_model(..., save_as_external_data=False)).");
        }

        var count = ElementCount;
        if (count > Array.MaxLength)
        {
            throw Bad($"has {count} elements, more than an array can hold");
        }

        return (int)count;
    }

    private T[] Fixed<T>(ReadOnlySpan<byte> bytes, int n, int width, ReadSpan<T> read)
        where T : unmanaged
    {
        if (bytes.Length != (long)n * width)
        {
            throw CountMismatch(bytes.Length / width, n);
        }

        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        }

        var result = new T[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = read(bytes.Slice(i * width, width));
        }

        return result;
    }

    private T[] Typed<T>(T[] data, int n) => data.Length == n ? (T[])data.Clone() : throw CountMismatch(data.Length, n);

    private T[] Narrow<T>(int n, Func<int, T> convert) =>
        Int32Data.Length == n ? Array.ConvertAll(Int32Data, v => convert(v)) : throw CountMismatch(Int32Data.Length, n);

    private int[] Bytes(int n, Func<byte, int> convert)
    {
        var span = RawData.Span;
        if (span.Length != n)
        {
            throw CountMismatch(span.Length, n);
        }

        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = convert(span[i]);
        }

        return result;
    }

    private delegate T ReadSpan<T>(ReadOnlySpan<byte> source);

    private MlOpsException WrongType(string wanted) =>
        Bad($"holds {OnnxNames.Of(DataType)} values, which cannot be read as {wanted}");

    private MlOpsException CountMismatch(long have, long need) =>
        Bad($"stores {have} values but its dims [{string.Join(",", _dims)}] need {need}");

    private MlOpsException Bad(string what, string? fix = null) =>
        new($"Tensor '{Name}' {what}.", fix: fix ?? "Re-export the model; the file is damaged or was written by a faulty exporter.", diagnostic: DiagnosticCatalog.NotOnnx);
}
