using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using MlOps.Diagnostics;
using MlOps.Governance.Tabular;
using Parquet;
using Parquet.Schema;

namespace MlOps.Parquet;

/// <summary>
/// One flat column of a Parquet file, holding the values of one row group at a time (the buffers are reused from row
/// group to row group, so memory follows the largest row group, not the file).
/// </summary>
internal abstract class ParquetColumn
{
    private char[] _text = new char[64];

    protected ParquetColumn(DataField field)
    {
        Field = field;
    }

    /// <summary>The column's field in the schema.</summary>
    public DataField Field { get; }

    /// <summary>A numeric column's values of the loaded row group as doubles (NaN for null); null in other columns.</summary>
    public double[]? Numbers { get; protected set; }

    /// <summary>The row group whose values are loaded (-1 for none).</summary>
    public int LoadedGroup { get; set; } = -1;

    /// <summary>Reads the column's values of <paramref name="group"/>, which has <paramref name="rows"/> rows.</summary>
    public abstract Task LoadAsync(ParquetRowGroupReader group, int rows);

    /// <summary>True when the value of <paramref name="row"/> is null.</summary>
    public abstract bool IsNull(int row);

    /// <summary>True when <paramref name="row"/> is a missing value: null (or, in a text column, only white space).</summary>
    public virtual bool IsEmpty(int row) => IsNull(row);

    /// <summary>The value of <paramref name="row"/> as text (empty for null), valid until the next call for this column.</summary>
    public virtual ReadOnlySpan<char> Text(int row)
    {
        if (IsNull(row))
        {
            return [];
        }
        int written;
        while (!TryFormat(row, _text, out written))
        {
            _text = new char[_text.Length * 2];
        }
        return _text.AsSpan(0, written);
    }

    /// <summary>Formats the (non-null) value of <paramref name="row"/> into <paramref name="destination"/>.</summary>
    protected abstract bool TryFormat(int row, Span<char> destination, out int written);

    /// <summary>The value of <paramref name="row"/> as any double (NaN for null); false when it is not a number.</summary>
    public virtual bool TryGetDouble(int row, out double value) => TableValues.TryParseDouble(Text(row), out value);

    /// <summary>Makes the array at least <paramref name="rows"/> long (row groups vary in size; buffers only grow).</summary>
    protected static T[] Ensure<T>(T[]? array, int rows) => array is not null && array.Length >= rows ? array : new T[rows];

    /// <summary>The reader for <paramref name="field"/> (a top-level field of the schema).</summary>
    /// <exception cref="MlOpsException">The field is nested, repeated or of a type no stage can read (MLOPS142).</exception>
    public static ParquetColumn Create(Field field, int index, string path)
    {
        if (field is not DataField data)
        {
            var (what, fix) = field.SchemaType switch
            {
                SchemaType.Struct => ("a struct (nested columns)", $"Flatten the struct into one column per field ({field.Name}_<field>, ...), or leave the column out of the file."),
                SchemaType.List => ("a list (several values per row)", "Turn the list into columns of single values (or one aggregate such as a count or a mean), or leave the column out of the file."),
                SchemaType.Map => ("a map (key-value pairs per row)", "Turn the keys into columns of single values, or leave the column out of the file."),
                _ => ($"a {field.SchemaType} column", "Flatten the column into columns of single values, or leave it out of the file."),
            };
            throw Unsupported(path, index, field.Name, what, fix);
        }
        if (data.IsArray || data.MaxRepetitionLevel > 0)
        {
            throw Unsupported(path, index, field.Name, "a list (several values per row)",
                "Turn the list into columns of single values (or one aggregate such as a count or a mean), or leave the column out of the file.");
        }
        // A time of day (or an interval) is stored as a plain integer: its logical type says it is not a count.
        var element = data.SchemaElement;
        if (data is TimeDataField || element?.LogicalType?.TIME is not null
            || element?.ConvertedType is global::Parquet.Meta.ConvertedType.TIME_MILLIS or global::Parquet.Meta.ConvertedType.TIME_MICROS or global::Parquet.Meta.ConvertedType.INTERVAL)
        {
            throw Unsupported(path, index, field.Name, "a time of day or an interval",
                "Convert the column to numbers (such as minutes since midnight), text, booleans or dates, or leave it out of the file.");
        }
        var type = data.ClrType;
        return type switch
        {
            _ when type == typeof(double) => new NumberColumn<double>(data),
            _ when type == typeof(float) => new NumberColumn<float>(data),
            _ when type == typeof(long) => new NumberColumn<long>(data),
            _ when type == typeof(int) => new NumberColumn<int>(data),
            _ when type == typeof(short) => new NumberColumn<short>(data),
            _ when type == typeof(sbyte) => new NumberColumn<sbyte>(data),
            _ when type == typeof(ulong) => new NumberColumn<ulong>(data),
            _ when type == typeof(uint) => new NumberColumn<uint>(data),
            _ when type == typeof(ushort) => new NumberColumn<ushort>(data),
            _ when type == typeof(byte) => new NumberColumn<byte>(data),
            _ when type == typeof(decimal) => new FormattedColumn<decimal>(data, static (decimal v, Span<char> d, out int n) => v.TryFormat(d, out n, default, CultureInfo.InvariantCulture)),
            _ when type == typeof(bool) => new FormattedColumn<bool>(data, static (bool v, Span<char> d, out int n) => v ? TryCopy("true", d, out n) : TryCopy("false", d, out n)),
            _ when type == typeof(DateTime) => new FormattedColumn<DateTime>(data, static (DateTime v, Span<char> d, out int n) => v.TryFormat(d, out n, "O", CultureInfo.InvariantCulture)),
            _ when type == typeof(DateOnly) => new FormattedColumn<DateOnly>(data, static (DateOnly v, Span<char> d, out int n) => v.TryFormat(d, out n, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => new StringColumn(data),
            _ => throw Unsupported(path, index, field.Name, $"of type {Describe(type)}",
                "Convert the column to numbers, text, booleans or dates, or leave it out of the file."),
        };
    }

    private static string Describe(Type type) =>
        type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) ? "binary (raw bytes)"
        : type == typeof(TimeSpan) || type.Name == "TimeOnly" ? "time of day"
        : type.Name == "Interval" ? "interval"
        : type == typeof(BigInteger) ? "INT96"
        : type.Name;

    private static MlOpsException Unsupported(string path, int index, string name, string what, string fix) =>
        new($"Column '{name}' of the Parquet file is {what}, which cannot be read as one value per row.",
            path, fix: fix, diagnostic: DiagnosticCatalog.UnsupportedDataColumn, column: index + 1);

    private static bool TryCopy(string text, Span<char> destination, out int written)
    {
        written = text.Length;
        return text.AsSpan().TryCopyTo(destination);
    }

    /// <summary>Formats one value into a span.</summary>
    internal delegate bool Formatter<T>(T value, Span<char> destination, out int written);
}

/// <summary>
/// A column read as Parquet stores it: the values present, and one definition level per row saying whether the row has
/// a value (Parquet.Net's raw read). Reading raw avoids what the convenient reads cost per value: a nullable wrapper
/// array, and a new string for every text value; a dictionary-encoded text column is read as copies of its dictionary
/// entries, so a distinct value is decoded once per row group, not once per row.
/// </summary>
internal abstract class RawColumn<T> : ParquetColumn where T : struct
{
    private readonly int _present;
    private int[] _levels = [];
    private bool _hasNulls;

    /// <summary>True when the loaded row group has a null.</summary>
    protected bool HasNulls => _hasNulls;

    protected RawColumn(DataField field) : base(field)
    {
        _present = field.MaxDefinitionLevel;
    }

    /// <summary>The values of the loaded row group, one per row (default where the row is null).</summary>
    protected T[] Values { get; set; } = [];

    public sealed override bool IsNull(int row) => _hasNulls && _levels[row] < _present;

    public sealed override async Task LoadAsync(ParquetRowGroupReader group, int rows)
    {
        var values = Destination(rows);
        var optional = _present > 0;
        _hasNulls = false;
        if (optional)
        {
            _levels = Ensure(_levels, rows);
            await group.ReadRawAsync(Field, values.AsMemory(0, rows), _levels.AsMemory(0, rows), null).ConfigureAwait(false);
        }
        else
        {
            await group.ReadRawAsync<T>(Field, values.AsMemory(0, rows), null, null).ConfigureAwait(false);
        }
        Values = values;
        if (optional)
        {
            Spread(rows);
        }
        Loaded(rows);
    }

    /// <summary>The array the raw values are read into (at least <paramref name="rows"/> long).</summary>
    protected virtual T[] Destination(int rows) => Ensure(Values, rows);

    /// <summary>Called once the row group's values are in <see cref="Values"/>, one per row.</summary>
    protected virtual void Loaded(int rows)
    {
    }

    // The raw read packs the present values at the start; move each to its row (from the end, so nothing is
    // overwritten before it moves) and clear the null rows.
    private void Spread(int rows)
    {
        var levels = _levels.AsSpan(0, rows);
        var max = _present;
        var present = 0;
        foreach (var level in levels)
        {
            if (level == max)
            {
                present++;
            }
        }
        if (present == rows)
        {
            return;
        }
        _hasNulls = true;
        var values = Values;
        var next = present;
        for (var r = rows - 1; r >= 0 && next < r + 1; r--)
        {
            values[r] = levels[r] == max ? values[--next] : default;
        }
    }
}

/// <summary>A numeric column: numbers are read as doubles directly (never formatted and parsed again).</summary>
internal sealed class NumberColumn<T> : RawColumn<T> where T : struct, INumberBase<T>
{
    private double[] _numbers = [];

    public NumberColumn(DataField field) : base(field)
    {
    }

    // A DOUBLE column is read straight into the doubles the stages read: no second copy.
    protected override T[] Destination(int rows) =>
        typeof(T) == typeof(double) ? (T[])(object)(_numbers = Ensure(_numbers, rows)) : Ensure(Values, rows);

    // Nulls become NaN here, once per row group, so reading a number is one array load.
    protected override void Loaded(int rows)
    {
        if (typeof(T) != typeof(double))
        {
            _numbers = Ensure(_numbers, rows);
            var values = Values;
            for (var r = 0; r < rows; r++)
            {
                _numbers[r] = double.CreateChecked(values[r]);
            }
        }
        if (HasNulls)
        {
            for (var r = 0; r < rows; r++)
            {
                if (IsNull(r))
                {
                    _numbers[r] = double.NaN;
                }
            }
        }
        Numbers = _numbers;
    }

    public override bool TryGetDouble(int row, out double value)
    {
        value = _numbers[row];
        return true;
    }

    protected override bool TryFormat(int row, Span<char> destination, out int written) =>
        Values[row].TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
}

/// <summary>A column read as text (decimals, booleans, dates): numbers are parsed from its text by the input rules.</summary>
internal sealed class FormattedColumn<T> : RawColumn<T> where T : struct
{
    private readonly Formatter<T> _format;

    public FormattedColumn(DataField field, Formatter<T> format) : base(field)
    {
        _format = format;
    }

    protected override bool TryFormat(int row, Span<char> destination, out int written) => _format(Values[row], destination, out written);
}

/// <summary>A UTF-8 text column, read as spans of the decoded text (a dictionary column's rows share its entries).</summary>
/// <remarks>
/// Each row's text is kept as the character array Parquet.Net decoded it into (one per value, or one per dictionary
/// entry), and whether it is blank is decided once per row group: reading a row is then an array load, not the type
/// checks of <see cref="ReadOnlyMemory{T}.Span"/> and a scan for white space on every read.
/// </remarks>
internal sealed class StringColumn : RawColumn<ReadOnlyMemory<char>>
{
    private char[]?[] _text = [];
    private bool[] _blank = [];

    public StringColumn(DataField field) : base(field)
    {
    }

    protected override void Loaded(int rows)
    {
        _text = Ensure(_text, rows);
        _blank = Ensure(_blank, rows);
        var values = Values;
        char[]? last = null;
        var lastBlank = true;
        for (var r = 0; r < rows; r++)
        {
            var value = values[r];
            char[]? text;
            if (value.IsEmpty)
            {
                text = null;
            }
            else if (MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
            {
                text = segment.Array;
            }
            else
            {
                text = value.ToArray();
            }
            _text[r] = text;
            // A dictionary column repeats the same few arrays: reuse the last answer.
            if (!ReferenceEquals(text, last))
            {
                last = text;
                lastBlank = text is null || text.AsSpan().IsWhiteSpace();
            }
            _blank[r] = lastBlank;
        }
    }

    public override bool IsEmpty(int row) => _blank[row];

    // The text is the decoded value itself: no copy.
    public override ReadOnlySpan<char> Text(int row) => _text[row];

    protected override bool TryFormat(int row, Span<char> destination, out int written)
    {
        var text = Text(row);
        written = text.Length;
        return text.TryCopyTo(destination);
    }
}
