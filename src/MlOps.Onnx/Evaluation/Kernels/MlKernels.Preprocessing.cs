using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>ai.onnx.ml preprocessing operators and ZipMap.</summary>
internal static partial class MlKernels
{
    internal static Kernel Scaler(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var offset = ctx.Floats("offset");
        var scale = ctx.Floats("scale");
        ctx.OutputTypes = [OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var (_, features) = RowsOf(x);
            Check(offset, "offset");
            Check(scale, "scale");
            var data = TensorConversion.ToFloats(x);
            var y = Buffers.Rent<float>(data.Length); // every element is written
            Scale(data, y, Math.Max(1, features), offset, scale);
            return Args.One(new Tensor<float>(y, x.Shape));

            void Check(float[] values, string name)
            {
                if (values.Length > 1 && values.Length != features)
                {
                    throw new EvaluationException($"{name} has {values.Length} values but the input has {features} features");
                }
            }
        });
    }

    /// <summary>y = (x - offset[feature]) * scale[feature]; an empty attribute is 0 (offset) or 1 (scale), a single value applies to every feature.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(float[] data, float[] y, int features, float[] offset, float[] scale)
    {
        // Per feature once, not per element: the same values the per-element choice gives.
        var offsets = new float[features];
        var scales = new float[features];
        for (var j = 0; j < features; j++)
        {
            offsets[j] = offset.Length == 0 ? 0f : offset.Length == 1 ? offset[0] : offset[j];
            scales[j] = scale.Length == 0 ? 1f : scale.Length == 1 ? scale[0] : scale[j];
        }
        for (var start = 0; start < y.Length; start += features)
        {
            var row = data.AsSpan(start, Math.Min(features, data.Length - start));
            var output = y.AsSpan(start, row.Length);
            for (var j = 0; j < row.Length; j++)
            {
                output[j] = (row[j] - offsets[j]) * scales[j];
            }
        }
    }

    internal static Kernel Normalizer(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var norm = ctx.String("norm", "MAX");
        if (norm is not ("MAX" or "L1" or "L2"))
        {
            throw ctx.Fail($"norm '{norm}' is unknown (MAX, L1, L2).");
        }
        ctx.OutputTypes = [OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var (rows, features) = RowsOf(x);
            var data = TensorConversion.ToFloats(x);
            var y = new float[data.Length];
            for (var r = 0; r < rows; r++)
            {
                var row = data.AsSpan(r * features, features);
                var output = y.AsSpan(r * features, features);
                switch (norm)
                {
                    case "MAX":
                        var max = float.MinValue;
                        foreach (var v in row)
                        {
                            max = Math.Max(max, v);
                        }
                        for (var i = 0; i < features; i++)
                        {
                            output[i] = row[i] / max;
                        }
                        break;
                    case "L1":
                        var l1 = 0f;
                        foreach (var v in row)
                        {
                            l1 += MathF.Abs(v);
                        }
                        for (var i = 0; i < features; i++)
                        {
                            output[i] = row[i] / l1;
                        }
                        break;
                    default:
                        var l2 = 0f;
                        foreach (var v in row)
                        {
                            l2 += v * v;
                        }
                        l2 = MathF.Sqrt(l2);
                        for (var i = 0; i < features; i++)
                        {
                            output[i] = row[i] / l2;
                        }
                        break;
                }
            }
            return Args.One(new Tensor<float>(y, x.Shape));
        });
    }

    internal static Kernel Binarizer(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var threshold = ctx.Float("threshold", 0f);
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            return Args.One(x switch
            {
                Tensor<float> t => new Tensor<float>(Array.ConvertAll(t.Data, v => v > threshold ? 1f : 0f), t.Shape),
                Tensor<double> t => new Tensor<double>(Array.ConvertAll(t.Data, v => v > threshold ? 1.0 : 0.0), t.Shape),
                Tensor<long> t => new Tensor<long>(Array.ConvertAll(t.Data, v => v > threshold ? 1L : 0L), t.Shape),
                Tensor<int> t => new Tensor<int>(Array.ConvertAll(t.Data, v => v > threshold ? 1 : 0), t.Shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });
    }

    internal static Kernel Imputer(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var floats = ctx.Floats("imputed_value_floats");
        var ints = ctx.Ints("imputed_value_int64s");
        var replacedFloat = ctx.Float("replaced_value_float", 0f);
        var replacedInt = ctx.Int("replaced_value_int64", 0);
        if (floats.Length == 0 && ints.Length == 0)
        {
            throw ctx.Fail("has no imputed values (imputed_value_floats or imputed_value_int64s).");
        }
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var (_, features) = RowsOf(x);
            switch (x)
            {
                case Tensor<float> or Tensor<double>:
                    if (floats.Length == 0)
                    {
                        throw new EvaluationException("a float input needs imputed_value_floats");
                    }
                    CheckCount(floats.Length, features);
                    var data = TensorConversion.ToFloats(x);
                    var y = new float[data.Length];
                    for (var i = 0; i < y.Length; i++)
                    {
                        var v = data[i];
                        var replace = float.IsNaN(replacedFloat) ? float.IsNaN(v) : v == replacedFloat;
                        y[i] = replace ? floats.Length == 1 ? floats[0] : floats[i % features] : v;
                    }
                    return Args.One(new Tensor<float>(y, x.Shape));
                default:
                    if (ints.Length == 0)
                    {
                        throw new EvaluationException("an integer input needs imputed_value_int64s");
                    }
                    CheckCount(ints.Length, features);
                    var longs = TensorConversion.ToInt64s(x);
                    var z = new long[longs.Length];
                    for (var i = 0; i < z.Length; i++)
                    {
                        z[i] = longs[i] == replacedInt ? ints.Length == 1 ? ints[0] : ints[i % features] : longs[i];
                    }
                    return Args.One(new Tensor<long>(z, x.Shape));
            }
        });

        static void CheckCount(int count, int features)
        {
            if (count != 1 && count != features)
            {
                throw new EvaluationException($"there are {count} imputed values but the input has {features} features");
            }
        }
    }

    internal static Kernel OneHotEncoder(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        var ints = ctx.Ints("cats_int64s");
        var strings = ctx.Strings("cats_strings");
        var zeros = ctx.Int("zeros", 1) != 0;
        if ((ints.Length == 0) == (strings.Length == 0))
        {
            throw ctx.Fail("needs exactly one of cats_int64s and cats_strings.");
        }
        var intIndex = new Dictionary<long, int>();
        for (var i = 0; i < ints.Length; i++)
        {
            intIndex.TryAdd(ints[i], i);
        }
        var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < strings.Length; i++)
        {
            stringIndex.TryAdd(strings[i], i);
        }
        var k = Math.Max(ints.Length, strings.Length);
        var dense = DenseCategories.TryCreate(ints);
        ctx.OutputTypes = [OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var shape = x.Shape.Append(k).ToArray();
            var y = Buffers.Rent<float>(x.Length * k);
            Array.Clear(y); // the pool's arrays hold old values; one-hot rows are mostly zeros
            if (x is Tensor<long> longs && dense is not null)
            {
                // Integer categories in a small range (ML.NET's key indices 1..n): a table lookup per element.
                if (dense.Encode(longs.Data, y, k) is var missing and >= 0 && !zeros)
                {
                    throw new EvaluationException($"element {missing} is not one of the categories and zeros=0");
                }
                return Args.One(new Tensor<float>(y, shape));
            }
            for (var i = 0; i < x.Length; i++)
            {
                var index = -1;
                bool found;
                if (x is Tensor<string> s)
                {
                    found = stringIndex.TryGetValue(s.Data[i], out index);
                }
                else
                {
                    var v = x switch
                    {
                        Tensor<long> l => l.Data[i],
                        Tensor<int> n => n.Data[i],
                        Tensor<float> f => (long)f.Data[i],
                        Tensor<double> d => (long)d.Data[i],
                        _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
                    };
                    found = intIndex.TryGetValue(v, out index);
                }
                if (found)
                {
                    y[(i * k) + index] = 1f;
                }
                else if (!zeros)
                {
                    throw new EvaluationException($"element {i} is not one of the categories and zeros=0");
                }
            }
            return Args.One(new Tensor<float>(y, shape));
        });
    }

    internal static Kernel LabelEncoder(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        if (ctx.Opset < 2)
        {
            // v1: classes_strings; string -> index (default_int64) or int64 -> string (default_string).
            var classes = ctx.Strings("classes_strings");
            var defaultInt = ctx.Int("default_int64", -1);
            var defaultString = ctx.String("default_string", "_Unused");
            var index = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < classes.Length; i++)
            {
                index.TryAdd(classes[i], i);
            }
            ctx.OutputTypes = [ctx.InputType(0) == OnnxDataType.String ? OnnxDataType.Int64 : OnnxDataType.String];
            return new FuncKernel(inputs =>
            {
                var x = inputs.T(0);
                return Args.One(x switch
                {
                    Tensor<string> s => new Tensor<long>(Array.ConvertAll(s.Data, v => index.TryGetValue(v, out var i) ? i : defaultInt), s.Shape),
                    Tensor<long> l => new Tensor<string>(Array.ConvertAll(l.Data, v => v >= 0 && v < classes.Length ? classes[v] : defaultString), l.Shape),
                    _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
                });
            });
        }

        var keys = ReadKeyValues(ctx, "keys");
        var values = ReadKeyValues(ctx, "values");
        if (keys is null || values is null)
        {
            throw ctx.Fail("needs keys_* and values_* attributes (or keys_tensor and values_tensor).");
        }
        if (keys.Length != values.Length)
        {
            throw ctx.Fail($"has {keys.Length} keys but {values.Length} values.");
        }
        Tensor defaultValue;
        if (ctx.Opset >= 4 && ctx.TensorAttribute("default_tensor") is { } dt)
        {
            defaultValue = TensorConversion.FromOnnx(dt, ctx);
        }
        else
        {
            defaultValue = values.ElementType switch
            {
                OnnxDataType.String => Tensor.Scalar(ctx.String("default_string", "_Unused")),
                OnnxDataType.Int64 => Tensor.Scalar(ctx.Int("default_int64", -1)),
                OnnxDataType.Double => Tensor.Scalar((double)ctx.Float("default_float", -0f)),
                _ => Tensor.Scalar(ctx.Float("default_float", -0f)),
            };
        }
        if (defaultValue.ElementType != values.ElementType || defaultValue.Length < 1)
        {
            throw ctx.Fail("default value type does not match the values' type.");
        }
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyText = KeyTexts(keys);
        for (var i = 0; i < keyText.Length; i++)
        {
            first.TryAdd(keyText[i], i);
        }
        // Frozen: looked up once per element, and a frozen set of a few short keys hashes less than a Dictionary.
        var map = first.ToFrozenDictionary(StringComparer.Ordinal);
        var keyType = keys.ElementType;
        ctx.OutputTypes = [values.ElementType];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            if (x.ElementType != keyType && !(keyType == OnnxDataType.Float && x.ElementType == OnnxDataType.Double))
            {
                throw new EvaluationException($"input is {x.Describe()} but the keys are {ElementTypes.Name(keyType)}");
            }
            var texts = KeyTexts(x);
            return Args.One(values switch
            {
                Tensor<string> v => new Tensor<string>(Lookup(texts, map, v.Data, ((Tensor<string>)defaultValue).Data[0]), x.Shape),
                Tensor<long> v => new Tensor<long>(Lookup(texts, map, v.Data, ((Tensor<long>)defaultValue).Data[0]), x.Shape),
                Tensor<float> v => new Tensor<float>(Lookup(texts, map, v.Data, ((Tensor<float>)defaultValue).Data[0]), x.Shape),
                Tensor<double> v => new Tensor<double>(Lookup(texts, map, v.Data, ((Tensor<double>)defaultValue).Data[0]), x.Shape),
                Tensor<int> v => new Tensor<int>(Lookup(texts, map, v.Data, ((Tensor<int>)defaultValue).Data[0]), x.Shape),
                _ => throw new EvaluationException("unsupported value type"),
            });
        });

        // Keys compare by their invariant text (so float keys match by value; NaN matches NaN as in ORT).
        static string[] KeyTexts(Tensor t) => t switch
        {
            Tensor<string> s => s.Data,
            Tensor<long> l => Array.ConvertAll(l.Data, v => v.ToString(CultureInfo.InvariantCulture)),
            Tensor<int> n => Array.ConvertAll(n.Data, v => ((long)v).ToString(CultureInfo.InvariantCulture)),
            Tensor<float> f => Array.ConvertAll(f.Data, v => ((double)v).ToString("R", CultureInfo.InvariantCulture)),
            Tensor<double> d => Array.ConvertAll(d.Data, v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ => throw new EvaluationException($"unsupported key type {t.Describe()}"),
        };
    }

    /// <summary>output[i] = values[index of keys[i]], or <paramref name="fallback"/> for a key not in <paramref name="map"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T[] Lookup<T>(string[] keys, FrozenDictionary<string, int> map, T[] values, T fallback)
    {
        var output = Buffers.Rent<T>(keys.Length); // every element is written
        for (var i = 0; i < keys.Length; i++)
        {
            output[i] = map.TryGetValue(keys[i], out var k) ? values[k] : fallback;
        }
        return output;
    }

    private static Tensor? ReadKeyValues(NodeContext ctx, string prefix)
    {
        if (ctx.Opset >= 4 && ctx.TensorAttribute(prefix + "_tensor") is { } tensor)
        {
            return TensorConversion.FromOnnx(tensor, ctx);
        }
        if (ctx.Has(prefix + "_strings"))
        {
            var s = ctx.Strings(prefix + "_strings");
            return Tensor.Create(s, s.Length);
        }
        if (ctx.Has(prefix + "_int64s"))
        {
            var l = ctx.Ints(prefix + "_int64s");
            return Tensor.Create(l, l.Length);
        }
        if (ctx.Has(prefix + "_floats"))
        {
            var f = ctx.Floats(prefix + "_floats");
            return Tensor.Create(f, f.Length);
        }
        return null;
    }

    internal static Kernel ArrayFeatureExtractor(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireType(1, OnnxDataType.Int64);
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var indices = inputs.T(1).Longs("Y");
            if (x.Rank == 0)
            {
                throw new EvaluationException("X must have at least one dimension");
            }
            var last = x.Shape[^1];
            var outer = x.Length / Math.Max(1, last);
            var shape = x.Rank == 1 ? new[] { 1, indices.Length } : x.Shape[..^1].Append(indices.Length).ToArray();
            var map = new int[outer * indices.Length];
            for (var o = 0; o < outer; o++)
            {
                for (var j = 0; j < indices.Length; j++)
                {
                    if (indices[j] < 0 || indices[j] >= last)
                    {
                        throw new EvaluationException($"index {indices[j]} is out of range for the last dimension of size {last}");
                    }
                    map[(o * indices.Length) + j] = (o * last) + (int)indices[j];
                }
            }
            return Args.One(Elements.Gather(x, map, shape));
        });
    }

    internal static Kernel FeatureVectorizer(NodeContext ctx)
    {
        ctx.RequireInputs(1);
        var dims = ctx.Ints("inputdimensions");
        if (dims.Length != ctx.InputCount || dims.Any(d => d < 0))
        {
            throw ctx.Fail($"has {ctx.InputCount} inputs but {dims.Length} inputdimensions.");
        }
        var total = checked((int)dims.Sum());
        ctx.OutputTypes = [OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var rows = -1;
            var parts = new float[inputs.Length][];
            var widths = new int[inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                var t = inputs.T(i);
                var r = t.Rank <= 1 ? 1 : t.Shape[0];
                if (rows >= 0 && r != rows)
                {
                    throw new EvaluationException($"input {i + 1} has {r} rows but input 1 has {rows}");
                }
                rows = r;
                parts[i] = TensorConversion.ToFloats(t);
                widths[i] = r == 0 ? 0 : parts[i].Length / r;
            }
            var y = Buffers.Rent<float>(rows * total);
            var offset = 0;
            for (var i = 0; i < inputs.Length; i++)
            {
                CopyColumns(parts[i], widths[i], y, total, offset, (int)dims[i], rows);
                offset += (int)dims[i];
            }
            return Args.One(new Tensor<float>(y, [rows, total]));
        });
    }

    /// <summary>
    /// Copies each row's first <paramref name="dimension"/> values of one input (zeros where the input is narrower)
    /// to columns <paramref name="offset"/>.. of <paramref name="y"/>: input by input rather than row by row, so that
    /// a one-value or few-value input is a tight loop instead of an Array.Copy call per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyColumns(float[] part, int width, float[] y, int total, int offset, int dimension, int rows)
    {
        var copy = Math.Min(dimension, width);
        for (var r = 0; r < rows; r++)
        {
            var source = part.AsSpan(r * width, copy);
            var target = y.AsSpan((r * total) + offset, dimension);
            if (copy <= 16)
            {
                // One-hot and numeric inputs are a few values wide: cheaper copied here than through a memmove call.
                for (var j = 0; j < source.Length; j++)
                {
                    target[j] = source[j];
                }
            }
            else
            {
                source.CopyTo(target);
            }
            if (copy < dimension)
            {
                target[copy..].Clear();
            }
        }
    }

    internal static Kernel ZipMap(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float);
        var labels = new ClassLabels(ctx, "classlabels_int64s", "classlabels_strings");
        if (labels.Count == 0)
        {
            throw ctx.Fail("needs classlabels_int64s or classlabels_strings.");
        }
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0).As<float>("X");
            var (rows, width) = RowsOf(x);
            if (width != labels.Count)
            {
                throw new EvaluationException($"input has {width} columns but there are {labels.Count} class labels");
            }
            var values = (float[])x.Data.Clone();
            return Args.One(labels.UseStrings ? new MapSequence(labels.Strings, values, rows) : new MapSequence(labels.Ints, values, rows));
        });
    }
}

/// <summary>
/// OneHotEncoder's integer categories when they are a small range of values (ML.NET's exports: key indices 1..n,
/// 0 for missing): an array lookup per element instead of a hash lookup.
/// </summary>
internal sealed class DenseCategories
{
    private const int MaxRange = 4096;
    private readonly long _min;
    private readonly int[] _index;

    private DenseCategories(long min, int[] index)
    {
        _min = min;
        _index = index;
    }

    /// <summary>The table for <paramref name="categories"/>, or null when they are absent or span more than 4,096 values.</summary>
    public static DenseCategories? TryCreate(long[] categories)
    {
        if (categories.Length == 0)
        {
            return null;
        }
        var (min, max) = (categories.Min(), categories.Max());
        if (max - min >= MaxRange)
        {
            return null;
        }
        var index = new int[max - min + 1];
        Array.Fill(index, -1);
        // The first of duplicated categories wins, as in the dictionary the encoder otherwise uses.
        for (var i = categories.Length - 1; i >= 0; i--)
        {
            index[categories[i] - min] = i;
        }
        return new DenseCategories(min, index);
    }

    /// <summary>Sets y[i * k + category of x[i]] to 1 (y is zeroed); returns the first element that is no category, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Encode(long[] x, float[] y, int k)
    {
        var missing = -1;
        for (var i = 0; i < x.Length; i++)
        {
            // Unsigned: values below the minimum wrap to a large offset and fail the range test too.
            var offset = (ulong)(x[i] - _min);
            if (offset < (ulong)_index.Length && _index[offset] is var category and >= 0)
            {
                y[(i * k) + category] = 1f;
            }
            else if (missing < 0)
            {
                missing = i;
            }
        }
        return missing;
    }
}
