using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Governance.Models;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Engines.MlNet;

/// <summary>
/// One batch of input tensors as an ML.NET data view: a column per model input, of the type the model's input schema
/// gives it, read row by row from the tensors' arrays (no copy but strings, which ML.NET reads as memory of chars).
/// </summary>
internal sealed class BatchDataView : IDataView
{
    private readonly Func<Cursor, Delegate>[] _getters;

    private BatchDataView(DataViewSchema schema, Func<Cursor, Delegate>[] getters, int rows)
    {
        Schema = schema;
        _getters = getters;
        Rows = rows;
    }

    /// <summary>The rows in the batch.</summary>
    public int Rows { get; }

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public long? GetRowCount() => Rows;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    /// <summary>One input column: its name, ML.NET type, the ONNX element type it is exchanged as and its width.</summary>
    internal sealed record ColumnSpec(string Name, DataViewType Type, OnnxDataType OnnxType, int Width, IReadOnlyList<int>? Dimensions)
    {
        /// <summary>The spec of a scorable schema column (<see cref="MlNetColumn.IsScorable"/>).</summary>
        public static ColumnSpec Of(MlNetColumn column)
        {
            var (item, onnx) = column.ItemType switch
            {
                "Single" => ((PrimitiveDataViewType)NumberDataViewType.Single, OnnxDataType.Float),
                "Double" => (NumberDataViewType.Double, OnnxDataType.Double),
                "Int32" => (NumberDataViewType.Int32, OnnxDataType.Int32),
                "Int64" => (NumberDataViewType.Int64, OnnxDataType.Int64),
                "Boolean" => (BooleanDataViewType.Instance, OnnxDataType.Bool),
                "TextSpan" => (TextDataViewType.Instance, OnnxDataType.String),
                _ => throw new ArgumentException($"Column '{column.Name}' of type {column.TypeText} is not scorable.", nameof(column)),
            };
            DataViewType type = column.Dimensions is { } dims ? new VectorDataViewType(item, dims.ToArray()) : item;
            return new ColumnSpec(column.Name, type, onnx, column.Width, column.Dimensions);
        }
    }

    /// <summary>The schema of a view with <paramref name="columns"/>.</summary>
    public static DataViewSchema SchemaOf(IEnumerable<ColumnSpec> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in columns)
        {
            builder.AddColumn(column.Name, column.Type);
        }
        return builder.ToSchema();
    }

    /// <summary>A view of <paramref name="inputs"/>; every column needs a tensor of its element type with width × rows values.</summary>
    /// <exception cref="MlOpsException">An input is missing, of another element type, or its size does not fit.</exception>
    public static BatchDataView Of(IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, OnnxValue> inputs, string source)
    {
        int? rows = null;
        var getters = new Func<Cursor, Delegate>[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (!inputs.TryGetValue(column.Name, out var value))
            {
                throw new MlOpsException($"The ML.NET model's input '{column.Name}' was not given.", source, fix: "Give a value for every column of the model's input schema.");
            }
            if (value is not Tensor tensor || tensor.ElementType != column.OnnxType)
            {
                throw new MlOpsException($"The ML.NET model's input '{column.Name}' takes tensor({OnnxNames.Of(column.OnnxType)}), not {value.Describe()}.", source,
                    fix: "Give the input in the type of the model's input schema.");
            }
            var n = tensor.Rank == 0 ? 1 : tensor.Dimensions[0];
            if (tensor.Length != n * column.Width || (rows is { } r && r != n))
            {
                throw new MlOpsException($"The ML.NET model's input '{column.Name}' is {tensor.Describe()}; it takes {column.Width} value(s) per row for {rows ?? n} rows.", source,
                    fix: "Give every input the same number of rows, each row as wide as the model's input schema says.");
            }
            rows = n;
            getters[i] = Getter(tensor, column.Width, column.Dimensions is not null);
        }
        return new BatchDataView(SchemaOf(columns), getters, rows ?? 0);
    }

    private static Func<Cursor, Delegate> Getter(Tensor tensor, int width, bool vector) => tensor switch
    {
        Tensor<float> t => Of(t.Data, width, vector),
        Tensor<double> t => Of(t.Data, width, vector),
        Tensor<int> t => Of(t.Data, width, vector),
        Tensor<long> t => Of(t.Data, width, vector),
        Tensor<bool> t => Of(t.Data, width, vector),
        Tensor<string> t => Of(t.Data.Select(s => (s ?? "").AsMemory()).ToArray(), width, vector),
        _ => throw new ArgumentException($"Unexpected tensor {tensor.Describe()}.", nameof(tensor)),
    };

    private static Func<Cursor, Delegate> Of<T>(T[] data, int width, bool vector)
    {
        if (!vector)
        {
            return cursor => (ValueGetter<T>)((ref T value) => value = data[cursor.Position]);
        }
        return cursor => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) =>
        {
            var editor = VBufferEditor.Create(ref value, width);
            data.AsSpan(checked((int)cursor.Position * width), width).CopyTo(editor.Values);
            value = editor.Commit();
        });
    }

    /// <summary>Rows in order, every column active.</summary>
    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchDataView _view;
        private long _position = -1;

        public Cursor(BatchDataView view) => _view = view;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _view.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 < _view.Rows)
            {
                _position++;
                return true;
            }
            _position = _view.Rows;
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            _view._getters[column.Index](this) as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
    }
}
