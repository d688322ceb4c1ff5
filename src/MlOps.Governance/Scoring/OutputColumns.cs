using MlOps.Diagnostics;
using MlOps.Governance.Tabular;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Scoring;

/// <summary>
/// Flattens model outputs into CSV columns, one row per input row: <c>&lt;output&gt;</c> for [N] or [N,1],
/// <c>&lt;output&gt;[j]</c> for [N,K], <c>&lt;output&gt;[&lt;key&gt;]</c> for ZipMap sequences of maps.
/// The layout is fixed by the first batch; later batches must match it.
/// </summary>
public sealed class OutputColumns
{
    private readonly (string Output, int Width)[] _layout;

    private OutputColumns((string Output, int Width)[] layout, IReadOnlyList<string> names)
    {
        _layout = layout;
        Names = names;
    }

    /// <summary>The column names, in model output order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The layout of <paramref name="outputs"/> (in <paramref name="order"/>).</summary>
    public static OutputColumns From(IReadOnlyDictionary<string, OnnxValue> outputs, IEnumerable<string> order)
    {
        var layout = new List<(string, int)>();
        var names = new List<string>();
        foreach (var name in order)
        {
            switch (outputs[name])
            {
                case MapSequence maps:
                    layout.Add((name, maps.KeyCount));
                    for (var k = 0; k < maps.KeyCount; k++)
                    {
                        names.Add($"{name}[{maps.KeyText(k)}]");
                    }
                    break;
                case Tensor tensor:
                    var width = Width(tensor, name);
                    layout.Add((name, width));
                    if (tensor.Rank <= 1 || (tensor.Rank == 2 && tensor.Dimensions[1] == 1))
                    {
                        names.Add(name);
                    }
                    else
                    {
                        for (var j = 0; j < width; j++)
                        {
                            names.Add($"{name}[{j}]");
                        }
                    }
                    break;
            }
        }
        return new OutputColumns(layout.ToArray(), names);
    }

    /// <summary>
    /// Where column <paramref name="column"/> (one of <see cref="Names"/>) lives: its model output, its offset within a
    /// row of that output, and the output's width per row (row r's value is at r × Width + Offset). Null when there is
    /// no such column.
    /// </summary>
    public (string Output, int Offset, int Width)? Locate(string column)
    {
        var first = 0;
        foreach (var (output, width) in _layout)
        {
            // A [N] or [N,1] output is one column named after the output; a wider one has one column per value.
            var count = Names.Count > first && Names[first] == output ? 1 : width;
            for (var k = 0; k < count; k++)
            {
                if (Names[first + k] == column)
                {
                    return (output, k, width);
                }
            }
            first += count;
        }
        return null;
    }

    private static int Width(Tensor tensor, string name)
    {
        if (tensor.Rank == 0)
        {
            throw new MlOpsException($"Model output '{name}' is a scalar, not one value per row.", fix: "Score this model from code with InferenceSession.Run.");
        }
        var rows = tensor.Dimensions[0];
        return rows == 0 ? (tensor.Rank == 1 ? 1 : tensor.Dimensions.Skip(1).Aggregate(1, (a, b) => a * b)) : tensor.Length / rows;
    }

    /// <summary>
    /// The first row (0-based, within the batch) for which a number output is NaN, and that output; null when every
    /// row has numbers. A NaN would be written as an empty field, which reads as "no prediction" without a word.
    /// </summary>
    public (int Row, string Output)? FirstRowWithoutNumber(IReadOnlyDictionary<string, OnnxValue> outputs, int rows)
    {
        for (var r = 0; r < rows; r++)
        {
            foreach (var (name, width) in _layout)
            {
                var span = outputs[name] switch
                {
                    MapSequence maps => maps.Values.AsSpan(r * width, width),
                    Tensor<float> t => t.Data.AsSpan(r * width, width),
                    _ => default,
                };
                if (HasNaN(span))
                {
                    return (r, name);
                }
                if (outputs[name] is Tensor<double> d && HasNaN(d.Data.AsSpan(r * width, width)))
                {
                    return (r, name);
                }
            }
        }
        return null;
    }

    private static bool HasNaN(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (float.IsNaN(v))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Copies column <paramref name="column"/> (one of <see cref="Names"/>) of the first <paramref name="rows"/> rows
    /// into <paramref name="into"/> as numbers, for stages that compare scores in memory rather than write them.
    /// </summary>
    /// <exception cref="MlOpsException">The column is not a number (a label or a string output).</exception>
    public void CopyNumbers(IReadOnlyDictionary<string, OnnxValue> outputs, string column, int rows, Span<double> into)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var (output, offset, width) = Locate(column) ?? throw new ArgumentException($"'{column}' is not one of the output columns.", nameof(column));
        CopyNumbers(outputs[output], column, offset, width, rows, into);
    }

    /// <summary>
    /// Copies the value at <paramref name="offset"/> of each of the first <paramref name="rows"/> rows of
    /// <paramref name="value"/> (<paramref name="width"/> values a row, as <see cref="Locate"/> gives them) into
    /// <paramref name="into"/>, for a caller that located its column once and reads it batch after batch.
    /// </summary>
    /// <exception cref="MlOpsException">The output is not a number, or has fewer values than the rows need.</exception>
    public static void CopyNumbers(OnnxValue value, string column, int offset, int width, int rows, Span<double> into)
    {
        switch (value)
        {
            case MapSequence m:
                Copy(m.Values, column, offset, width, rows, into);
                break;
            case Tensor<float> t:
                Copy(t.Data, column, offset, width, rows, into);
                break;
            case Tensor<double> t:
                Copy(t.Data, column, offset, width, rows, into);
                break;
            case Tensor<long> t:
                Copy(t.Data, column, offset, width, rows, into);
                break;
            case Tensor<int> t:
                Copy(t.Data, column, offset, width, rows, into);
                break;
            case Tensor<bool> t:
                Check(t.Data.Length, column, width, rows);
                for (var r = 0; r < rows; r++)
                {
                    into[r] = t.Data[(r * width) + offset] ? 1 : 0;
                }
                break;
            default:
                throw new MlOpsException($"Model output '{column}' is not a number; a score must be a number (the probability of the positive class).",
                    fix: "Name the model output that holds the positive class's probability.", inputs: [UserInputs.ModelOutputColumn]);
        }
    }

    private static void Copy<T>(T[] data, string column, int offset, int width, int rows, Span<double> into) where T : System.Numerics.INumberBase<T>
    {
        Check(data.Length, column, width, rows);
        for (var r = 0; r < rows; r++)
        {
            into[r] = double.CreateTruncating(data[(r * width) + offset]);
        }
    }

    private static void Check(int values, string column, int width, int rows)
    {
        if (values < rows * width)
        {
            throw new MlOpsException($"Model output '{column}' has {values} values for {rows} rows of {width}.",
                fix: "The model's outputs must have one row per input row.");
        }
    }

    /// <summary>Writes <paramref name="rows"/> rows of <paramref name="outputs"/>.</summary>
    public void Write(CsvWriter writer, IReadOnlyDictionary<string, OnnxValue> outputs, int rows)
    {
        foreach (var (name, width) in _layout)
        {
            var value = outputs[name];
            var count = value switch
            {
                MapSequence m => m.Count,
                Tensor t => t.Rank == 0 ? 1 : t.Dimensions[0],
                _ => -1,
            };
            var actualWidth = value switch
            {
                MapSequence m => m.KeyCount,
                Tensor t => Width(t, name),
                _ => -1,
            };
            if (count != rows || actualWidth != width)
            {
                throw new MlOpsException($"Model output '{name}' has {count} rows of {actualWidth} values for {rows} input rows; expected {width} per row.",
                    fix: "The model's outputs must have one row per input row.");
            }
        }
        for (var r = 0; r < rows; r++)
        {
            foreach (var (name, width) in _layout)
            {
                switch (outputs[name])
                {
                    case MapSequence maps:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField(maps.Values[(r * width) + k]);
                        }
                        break;
                    case Tensor<float> t:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField(t.Data[(r * width) + k]);
                        }
                        break;
                    case Tensor<double> t:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField(t.Data[(r * width) + k]);
                        }
                        break;
                    case Tensor<long> t:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField(t.Data[(r * width) + k]);
                        }
                        break;
                    case Tensor<int> t:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField((long)t.Data[(r * width) + k]);
                        }
                        break;
                    case Tensor<bool> t:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField(t.Data[(r * width) + k]);
                        }
                        break;
                    case Tensor<string> t:
                        for (var k = 0; k < width; k++)
                        {
                            writer.WriteField(t.Data[(r * width) + k]);
                        }
                        break;
                }
            }
            writer.EndRecord();
        }
    }
}
