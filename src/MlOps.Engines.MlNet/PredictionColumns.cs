using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Engines.MlNet;

/// <summary>
/// The columns of a transformed batch that are the model's outputs, read back as ONNX tensors: the prediction columns
/// ML.NET's trainers add (PredictedLabel, Score, Probability), in schema order; for a chain without a predictor, every
/// visible column the model adds. A scalar column is a [N] tensor, a vector [N,K]; a key column with text key values
/// (a multiclass PredictedLabel) is read as its value, any other key as its raw number (0 = missing).
/// </summary>
internal sealed class PredictionColumns
{
    private static readonly string[] Predictions = ["PredictedLabel", "Score", "Probability"];

    private readonly Output[] _outputs;

    private PredictionColumns(Output[] outputs)
    {
        _outputs = outputs;
        Infos = outputs.Select(o => new OnnxValueInfo(o.Name, o.Width == 1
            ? OnnxTypeInfo.Tensor(o.OnnxType, OnnxDim.Unknown)
            : OnnxTypeInfo.Tensor(o.OnnxType, OnnxDim.Unknown, OnnxDim.Fixed(o.Width)))).ToList();
    }

    /// <summary>The outputs as ONNX value infos.</summary>
    public IReadOnlyList<OnnxValueInfo> Infos { get; }

    private sealed record Output(string Name, DataViewType Type, OnnxDataType OnnxType, int Width, string[]? KeyValues);

    /// <summary>The outputs of a model whose output schema is <paramref name="schema"/>.</summary>
    /// <exception cref="MlOpsException">The model adds no column that can be read as a tensor.</exception>
    public static PredictionColumns Of(DataViewSchema schema, IReadOnlyList<BatchDataView.ColumnSpec> inputs, string source)
    {
        var visible = schema.Where(c => !c.IsHidden).ToList();
        var chosen = visible.Where(c => Predictions.Contains(c.Name, StringComparer.Ordinal)).ToList();
        if (chosen.Count == 0)
        {
            chosen = visible.Where(c => inputs.All(i => i.Name != c.Name)).ToList();
        }
        var outputs = chosen.Select(OutputOf).Where(o => o is not null).Select(o => o!).ToArray();
        if (outputs.Length == 0)
        {
            throw new MlOpsException($"The ML.NET model '{source}' adds no column that can be scored (no PredictedLabel, Score or Probability).", source,
                fix: "Score a model whose pipeline ends in a trainer.");
        }
        return new PredictionColumns(outputs);
    }

    private static Output? OutputOf(DataViewSchema.Column column)
    {
        var vector = column.Type as VectorDataViewType;
        if (vector is not null && !vector.IsKnownSize)
        {
            return null;
        }
        var item = vector?.ItemType ?? column.Type;
        var width = vector?.Size ?? 1;
        if (item is KeyDataViewType key)
        {
            string[]? values = null;
            if (vector is null && column.Annotations.Schema.GetColumnOrNull("KeyValues") is { Type: VectorDataViewType { ItemType: TextDataViewType } })
            {
                var buffer = default(VBuffer<ReadOnlyMemory<char>>);
                column.GetKeyValues(ref buffer);
                values = buffer.DenseValues().Select(v => v.ToString()).ToArray();
            }
            return key.RawType == typeof(uint) ? new Output(column.Name, column.Type, values is null ? OnnxDataType.Int64 : OnnxDataType.String, width, values) : null;
        }
        OnnxDataType? onnx = item switch
        {
            _ when item == NumberDataViewType.Single => OnnxDataType.Float,
            _ when item == NumberDataViewType.Double => OnnxDataType.Double,
            _ when item == NumberDataViewType.Int32 => OnnxDataType.Int32,
            _ when item == NumberDataViewType.Int64 => OnnxDataType.Int64,
            BooleanDataViewType => OnnxDataType.Bool,
            TextDataViewType => OnnxDataType.String,
            _ => null,
        };
        return onnx is { } type ? new Output(column.Name, column.Type, type, width, null) : null;
    }

    /// <summary>Reads the outputs of <paramref name="transformed"/> (<paramref name="rows"/> rows) as tensors.</summary>
    public IReadOnlyDictionary<string, OnnxValue> Read(IDataView transformed, int rows)
    {
        var columns = _outputs.Select(o => transformed.Schema[o.Name]).ToArray();
        var readers = _outputs.Select((o, i) => Reader.For(o, columns[i], rows)).ToArray();
        using (var cursor = transformed.GetRowCursor(columns))
        {
            var bound = readers.Select(r => r.Bind(cursor)).ToArray();
            var row = 0;
            while (cursor.MoveNext())
            {
                if (row == rows)
                {
                    throw new InvalidOperationException("The model gave more rows than it was given.");
                }
                foreach (var read in bound)
                {
                    read(row);
                }
                row++;
            }
            if (row != rows)
            {
                throw new InvalidOperationException($"The model gave {row} rows for {rows}.");
            }
        }
        var result = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        for (var i = 0; i < _outputs.Length; i++)
        {
            result[_outputs[i].Name] = readers[i].Tensor();
        }
        return result;
    }

    /// <summary>Collects one output column into the array of its tensor.</summary>
    private abstract class Reader
    {
        public abstract Action<int> Bind(DataViewRow row);

        public abstract Tensor Tensor();

        public static Reader For(Output output, DataViewSchema.Column column, int rows)
        {
            if (output.Type is KeyDataViewType)
            {
                return output.KeyValues is { } values
                    ? new Converted<uint, string>(column, rows, 1, k => k == 0 || k > values.Length ? "" : values[k - 1])
                    : new Converted<uint, long>(column, rows, 1, k => k);
            }
            var vector = output.Type is VectorDataViewType;
            return output.OnnxType switch
            {
                OnnxDataType.Float => new Direct<float>(column, rows, output.Width, vector),
                OnnxDataType.Double => new Direct<double>(column, rows, output.Width, vector),
                OnnxDataType.Int32 => new Direct<int>(column, rows, output.Width, vector),
                OnnxDataType.Int64 => new Direct<long>(column, rows, output.Width, vector),
                OnnxDataType.Bool => new Direct<bool>(column, rows, output.Width, vector),
                _ => vector
                    ? throw new InvalidOperationException($"Output '{output.Name}' is a vector of text, which is not read.")
                    : new Converted<ReadOnlyMemory<char>, string>(column, rows, 1, t => t.ToString()),
            };
        }
    }

    private sealed class Direct<T>(DataViewSchema.Column column, int rows, int width, bool vector) : Reader
    {
        private readonly T[] _data = new T[rows * width];

        public override Action<int> Bind(DataViewRow row)
        {
            if (!vector)
            {
                var get = row.GetGetter<T>(column);
                return r => get(ref _data[r]);
            }
            var getVector = row.GetGetter<VBuffer<T>>(column);
            var buffer = default(VBuffer<T>);
            return r =>
            {
                getVector(ref buffer);
                buffer.CopyTo(_data.AsSpan(r * width, width));
            };
        }

        public override Tensor Tensor() => vector ? MlOps.Onnx.Evaluation.Tensor.Create(_data, rows, width) : MlOps.Onnx.Evaluation.Tensor.Create(_data, rows);
    }

    private sealed class Converted<TIn, TOut>(DataViewSchema.Column column, int rows, int width, Func<TIn, TOut> convert) : Reader
    {
        private readonly TOut[] _data = new TOut[rows * width];

        public override Action<int> Bind(DataViewRow row)
        {
            var get = row.GetGetter<TIn>(column);
            var value = default(TIn)!;
            return r =>
            {
                get(ref value);
                _data[r] = convert(value);
            };
        }

        public override Tensor Tensor() => MlOps.Onnx.Evaluation.Tensor.Create(_data, rows);
    }
}
