using MlOps.Governance.Tabular;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Scoring;

/// <summary>
/// How the columns of a CSV file feed a model's inputs, decided once from the header:
/// <list type="bullet">
/// <item>one [N,1] (or [N]) input per column with the same name, as scikit-learn exports with one input per feature; or</item>
/// <item>a single [N,F] input fed from F columns: the ones the model's <c>mlops.features</c> metadata names
/// (comma-separated), else every column in file order.</item>
/// </list>
/// Columns the binding does not use are ignored.
/// </summary>
public sealed class InputBinding
{
    /// <summary>The model metadata key listing the feature columns of a single [N,F] input, comma-separated.</summary>
    public const string FeaturesMetadataKey = "mlops.features";

    private readonly Feed[] _feeds;

    private sealed record Feed(string Input, OnnxDataType Type, int[] Columns, bool Flat);

    private InputBinding(Feed[] feeds, string description)
    {
        _feeds = feeds;
        Description = description;
    }

    /// <summary>A one-line description of the mapping, for logs.</summary>
    public string Description { get; }

    /// <summary>The CSV columns the binding reads, in input order.</summary>
    public IEnumerable<int> Columns => _feeds.SelectMany(f => f.Columns);

    /// <summary>Decides how <paramref name="reader"/>'s columns feed <paramref name="session"/>'s inputs.</summary>
    /// <exception cref="MlOpsException">The columns do not fit the inputs; the message lists what is missing and what is there.</exception>
    public static InputBinding Create(IModelSession session, ITableReader reader)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(reader);
        var inputs = session.Inputs;
        if (inputs.Count == 0)
        {
            throw new MlOpsException($"The model has no inputs to feed from the {reader.Format} file.", reader.Path, fix: "Score a model with at least one input.");
        }
        foreach (var input in inputs)
        {
            if (input.Type is not { Kind: OnnxTypeKind.Tensor } type || !IsScalarType(type.ElementType))
            {
                throw new MlOpsException($"Model input '{input.Name}' is {InferenceSession.Describe(input)}; CSV scoring feeds tensors of numbers, booleans or strings only.",
                    reader.Path, fix: "Score this model from code with InferenceSession.Run.");
            }
        }

        var available = string.Join(", ", reader.Header.Select(h => $"'{h}'"));
        var perColumn = inputs.All(i => IsColumnShaped(i) && reader.TryGetColumnIndex(i.Name, out _));
        if (perColumn)
        {
            var feeds = inputs.Select(i => new Feed(i.Name, i.Type!.ElementType, [reader.ColumnIndex(i.Name)], i.Type.Shape?.Count == 1)).ToArray();
            return new InputBinding(feeds, $"one column per input ({inputs.Count} inputs)");
        }
        if (inputs.Count > 1)
        {
            var missing = inputs.Where(i => !reader.TryGetColumnIndex(i.Name, out _)).Select(i => $"'{i.Name}'").ToArray();
            throw new MlOpsException(
                missing.Length > 0
                    ? $"The {reader.Format} file has no column for model input(s) {string.Join(", ", missing)}. Available columns: {available}."
                    : $"The model has {inputs.Count} inputs that are not all one column wide ([N,1]); CSV scoring cannot split columns between them.",
                reader.Path, reader.HeaderLineNumber, "Name one CSV column after each model input.");
        }

        var single = inputs[0];
        var shape = single.Type!.Shape;
        if (shape is not null && shape.Count != 2)
        {
            throw new MlOpsException($"Model input '{single.Name}' is {InferenceSession.Describe(single)}; CSV scoring needs [N,F] or one [N,1] input per column.",
                reader.Path, fix: "Score this model from code with InferenceSession.Run.");
        }
        var declared = shape?[1].Value;
        int[] columns;
        string how;
        var named = session.Metadata(FeaturesMetadataKey);
        if (!string.IsNullOrWhiteSpace(named))
        {
            var names = named.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var missing = names.Where(n => !reader.TryGetColumnIndex(n, out _)).Select(n => $"'{n}'").ToArray();
            if (missing.Length > 0)
            {
                throw new MlOpsException($"The model's feature columns {string.Join(", ", missing)} (metadata '{FeaturesMetadataKey}') are not in the {reader.Format} file. Available columns: {available}.",
                    reader.Path, reader.HeaderLineNumber, $"Add the missing columns to the {reader.Format} file.");
            }
            columns = names.Select(reader.ColumnIndex).ToArray();
            how = $"{columns.Length} columns named by the model's {FeaturesMetadataKey} metadata";
        }
        else if (reader.TryGetColumnIndex(single.Name, out var own) && declared == 1)
        {
            columns = [own];
            how = "one column per input (1 input)";
        }
        else
        {
            columns = Enumerable.Range(0, reader.Header.Count).ToArray();
            how = $"all {columns.Length} columns in file order";
        }
        if (declared is { } width && width != columns.Length)
        {
            throw new MlOpsException(
                $"Model input '{single.Name}' takes {width} features but the binding provides {columns.Length} ({how}). Available columns: {available}.",
                reader.Path, reader.HeaderLineNumber,
                $"Give the {reader.Format} file exactly the {width} feature columns, or record their names in the model's '{FeaturesMetadataKey}' metadata.");
        }
        return new InputBinding([new Feed(single.Name, single.Type.ElementType, columns, false)], $"input '{single.Name}' from {how}");
    }

    private static bool IsScalarType(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Int64
        or OnnxDataType.Int32 or OnnxDataType.Bool or OnnxDataType.String;

    private static bool IsColumnShaped(OnnxValueInfo input) =>
        input.Type?.Shape is not { } shape || shape.Count == 1 || (shape.Count == 2 && shape[1].Value is null or 1);

    /// <summary>Creates an empty batch buffer for up to <paramref name="capacity"/> rows.</summary>
    public InputBatch CreateBatch(int capacity) => new(this, capacity);

    /// <summary>Rows collected from a CSV file, turned into model inputs.</summary>
    public sealed class InputBatch
    {
        private readonly InputBinding _binding;
        private readonly Array[] _buffers;
        private readonly int _capacity;

        internal InputBatch(InputBinding binding, int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }
            _binding = binding;
            _capacity = capacity;
            _buffers = binding._feeds.Select(f => Allocate(f.Type, capacity * f.Columns.Length)).ToArray();
        }

        /// <summary>The number of rows collected.</summary>
        public int Count { get; private set; }

        /// <summary>True when no more rows fit.</summary>
        public bool IsFull => Count == _capacity;

        /// <summary>Appends the current record of <paramref name="reader"/>; bad values raise errors naming line and column.</summary>
        public void Add(ITableReader reader)
        {
            if (IsFull)
            {
                throw new InvalidOperationException("The batch is full.");
            }
            var feeds = _binding._feeds;
            for (var f = 0; f < feeds.Length; f++)
            {
                var columns = feeds[f].Columns;
                var offset = Count * columns.Length;
                switch (_buffers[f])
                {
                    case float[] floats:
                        for (var c = 0; c < columns.Length; c++)
                        {
                            floats[offset + c] = Single(reader, columns[c]);
                        }
                        break;
                    case double[] doubles:
                        for (var c = 0; c < columns.Length; c++)
                        {
                            doubles[offset + c] = reader.GetDouble(columns[c]);
                        }
                        break;
                    case long[] longs:
                        for (var c = 0; c < columns.Length; c++)
                        {
                            longs[offset + c] = Integer(reader, columns[c], long.MinValue, long.MaxValue);
                        }
                        break;
                    case int[] ints:
                        for (var c = 0; c < columns.Length; c++)
                        {
                            ints[offset + c] = (int)Integer(reader, columns[c], int.MinValue, int.MaxValue);
                        }
                        break;
                    case bool[] bools:
                        for (var c = 0; c < columns.Length; c++)
                        {
                            bools[offset + c] = Boolean(reader, columns[c]);
                        }
                        break;
                    case string[] strings:
                        for (var c = 0; c < columns.Length; c++)
                        {
                            strings[offset + c] = reader.GetString(columns[c]);
                        }
                        break;
                }
            }
            Count++;
        }

        /// <summary>Forgets the collected rows (the buffers are reused).</summary>
        public void Clear() => Count = 0;

        /// <summary>
        /// Forgets the collected rows and reads the next ones from <paramref name="reader"/> until the batch is full or the
        /// data ends; <paramref name="include"/> (when given) decides for each record whether it is taken at all, and
        /// <paramref name="perRow"/> sees each taken record (with its row in the batch) before it is added.
        /// </summary>
        /// <returns>False when the data has ended (the batch may still hold its last rows).</returns>
        public bool Refill(ITableReader reader, Action<ITableReader, int>? perRow = null, Func<ITableReader, bool>? include = null)
        {
            ArgumentNullException.ThrowIfNull(reader);
            Clear();
            var more = true;
            while (!IsFull && (more = reader.Read()))
            {
                if (include is not null && !include(reader))
                {
                    continue;
                }
                perRow?.Invoke(reader, Count);
                Add(reader);
            }
            return more;
        }

        // Cell access for the stages that perturb data (explanations, robustness): a cell is addressed by its row in the
        // batch and its column in the data file, as the binding's Columns name it.

        /// <summary>Whether the model reads data column <paramref name="dataColumn"/> as text (a string tensor) rather than a number.</summary>
        /// <exception cref="ArgumentException">The binding does not read that column.</exception>
        public bool IsText(int dataColumn) => _buffers[Locate(dataColumn).Feed] is string[];

        /// <summary>The value of a numeric (or boolean: 1/0) cell as the model receives it.</summary>
        public double GetNumber(int row, int dataColumn)
        {
            var (f, i) = Cell(row, dataColumn);
            return _buffers[f] switch
            {
                float[] a => a[i],
                double[] a => a[i],
                long[] a => a[i],
                int[] a => a[i],
                bool[] a => a[i] ? 1 : 0,
                _ => throw new InvalidOperationException($"Data column {dataColumn} is read as text."),
            };
        }

        /// <summary>Sets a numeric cell; integer and boolean inputs take the value rounded (booleans: non-zero is true).</summary>
        public void SetNumber(int row, int dataColumn, double value)
        {
            var (f, i) = Cell(row, dataColumn);
            switch (_buffers[f])
            {
                case float[] a: a[i] = (float)value; break;
                case double[] a: a[i] = value; break;
                case long[] a: a[i] = (long)Math.Round(value); break;
                case int[] a: a[i] = (int)Math.Round(value); break;
                case bool[] a: a[i] = value != 0; break;
                default: throw new InvalidOperationException($"Data column {dataColumn} is read as text.");
            }
        }

        /// <summary>The value of a text cell.</summary>
        public string GetText(int row, int dataColumn)
        {
            var (f, i) = Cell(row, dataColumn);
            return _buffers[f] is string[] a ? a[i] : throw new InvalidOperationException($"Data column {dataColumn} is read as a number.");
        }

        /// <summary>Sets a text cell.</summary>
        public void SetText(int row, int dataColumn, string value)
        {
            var (f, i) = Cell(row, dataColumn);
            if (_buffers[f] is not string[] a)
            {
                throw new InvalidOperationException($"Data column {dataColumn} is read as a number.");
            }
            a[i] = value;
        }

        /// <summary>Copies the collected rows into <paramref name="target"/>, a batch of the same binding with at least as much room.</summary>
        public void CopyTo(InputBatch target) => CopyTo(target, 0, Count);

        /// <summary>Copies <paramref name="count"/> rows from row <paramref name="start"/> on into <paramref name="target"/> (a batch of
        /// the same binding with room for them), which then holds just those rows.</summary>
        public void CopyTo(InputBatch target, int start, int count)
        {
            ArgumentNullException.ThrowIfNull(target);
            if (!ReferenceEquals(target._binding, _binding) || target._capacity < count)
            {
                throw new ArgumentException("The target batch belongs to another binding or is too small.", nameof(target));
            }
            if (start < 0 || count < 0 || start + count > Count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start} to {start + count} are not all in the batch of {Count}.");
            }
            var feeds = _binding._feeds;
            for (var f = 0; f < feeds.Length; f++)
            {
                var width = feeds[f].Columns.Length;
                Array.Copy(_buffers[f], start * width, target._buffers[f], 0, count * width);
            }
            target.Count = count;
        }

        private (int Feed, int Index) Cell(int row, int dataColumn)
        {
            if ((uint)row >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is not in the batch of {Count}.");
            }
            var (f, slot) = Locate(dataColumn);
            return (f, row * _binding._feeds[f].Columns.Length + slot);
        }

        private (int Feed, int Slot) Locate(int dataColumn)
        {
            var feeds = _binding._feeds;
            for (var f = 0; f < feeds.Length; f++)
            {
                var slot = Array.IndexOf(feeds[f].Columns, dataColumn);
                if (slot >= 0)
                {
                    return (f, slot);
                }
            }
            throw new ArgumentException($"The binding does not read data column {dataColumn}.", nameof(dataColumn));
        }

        /// <summary>The collected rows as model inputs (copies, so the batch can be refilled while they are in use).</summary>
        public IReadOnlyDictionary<string, OnnxValue> ToInputs()
        {
            var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
            var feeds = _binding._feeds;
            for (var f = 0; f < feeds.Length; f++)
            {
                var width = feeds[f].Columns.Length;
                int[] shape = feeds[f].Flat ? [Count] : [Count, width];
                inputs[feeds[f].Input] = _buffers[f] switch
                {
                    float[] a => new Tensor<float>(a[..(Count * width)], shape),
                    double[] a => new Tensor<double>(a[..(Count * width)], shape),
                    long[] a => new Tensor<long>(a[..(Count * width)], shape),
                    int[] a => new Tensor<int>(a[..(Count * width)], shape),
                    bool[] a => new Tensor<bool>(a[..(Count * width)], shape),
                    string[] a => new Tensor<string>(a[..(Count * width)], shape),
                    _ => throw new InvalidOperationException(),
                };
            }
            return inputs;
        }

        private static Array Allocate(OnnxDataType type, int length) => type switch
        {
            OnnxDataType.Float => new float[length],
            OnnxDataType.Double => new double[length],
            OnnxDataType.Int64 => new long[length],
            OnnxDataType.Int32 => new int[length],
            OnnxDataType.Bool => new bool[length],
            _ => new string[length],
        };

        // A finite double beyond float's range (1e39) would reach the model as infinity.
        private static float Single(ITableReader reader, int column)
        {
            var value = (float)reader.GetDouble(column);
            if (float.IsInfinity(value))
            {
                throw reader.NotANumber(column, $"Write a number within ±3.4e38 in column '{reader.Header[column]}'; the model input is a float tensor.");
            }
            return value;
        }

        private static long Integer(ITableReader reader, int column, long min, long max)
        {
            var value = reader.GetDouble(column);
            if (double.IsNaN(value) || value != Math.Floor(value) || value < min || value > max)
            {
                throw new MlOpsException($"Column '{reader.Header[column]}' on {reader.Position} must be a whole number but is '{reader.GetString(column)}'.",
                    reader.Path, reader.LineNumber, $"Write an integer in column '{reader.Header[column]}'; the model input is an integer tensor.", column: column + 1);
            }
            return (long)value;
        }

        private static bool Boolean(ITableReader reader, int column)
        {
            var text = reader.GetSpan(column).Trim();
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1"))
            {
                return true;
            }
            if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0"))
            {
                return false;
            }
            throw new MlOpsException($"Column '{reader.Header[column]}' on {reader.Position} must be true/false (or 1/0) but is '{reader.GetString(column)}'.",
                reader.Path, reader.LineNumber, $"Write true or false in column '{reader.Header[column]}'.", column: column + 1);
        }
    }
}
