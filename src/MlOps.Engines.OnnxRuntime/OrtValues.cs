using MlOps.Diagnostics;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace MlOps.Engines.OnnxRuntime;

/// <summary>
/// Converts the toolkit's ONNX values to ONNX Runtime's <see cref="OrtValue"/> and back: tensors of the element types
/// the CSV binding feeds (float, double, int64, int32, bool, string) and ZipMap's sequence of maps.
/// </summary>
internal static class OrtValues
{
    /// <summary>An OrtValue over <paramref name="value"/>: numeric and bool data are pinned, not copied; strings are copied.</summary>
    public static OrtValue ToOrt(string name, OnnxValue value, string? source)
    {
        if (value is not Tensor tensor)
        {
            throw new MlOpsException($"Input '{name}' must be a tensor but is {value?.Describe() ?? "null"}.", source,
                fix: $"Pass a tensor for '{name}'.");
        }
        var shape = tensor.Dimensions.Select(d => (long)d).ToArray();
        return tensor switch
        {
            Tensor<float> t => OrtValue.CreateTensorValueFromMemory(t.Data, shape),
            Tensor<double> t => OrtValue.CreateTensorValueFromMemory(t.Data, shape),
            Tensor<long> t => OrtValue.CreateTensorValueFromMemory(t.Data, shape),
            Tensor<int> t => OrtValue.CreateTensorValueFromMemory(t.Data, shape),
            Tensor<bool> t => OrtValue.CreateTensorValueFromMemory(t.Data, shape),
            Tensor<string> t => Strings(t.Data, shape),
            _ => throw new MlOpsException($"Input '{name}' is {tensor.Describe()}, which ONNX Runtime scoring does not pass on.", source,
                fix: "Pass float, double, int64, int32, bool or string values."),
        };
    }

    /// <summary>
    /// The toolkit's value for ONNX Runtime output <paramref name="name"/>. A sequence of maps keeps the key order of
    /// the <paramref name="zipMap"/> node that made it (ONNX Runtime returns its maps sorted by key), so output columns
    /// come out in the same order as on the managed evaluator.
    /// </summary>
    public static OnnxValue FromOrt(string name, OrtValue value, OnnxNode? zipMap, string? source) => value.OnnxType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => FromTensor(name, value, source),
        OnnxValueType.ONNX_TYPE_SEQUENCE => FromMapSequence(name, value, zipMap, source),
        _ => throw Unreadable(name, value.OnnxType.ToString(), source),
    };

    private static OrtValue Strings(string[] data, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < data.Length; i++)
        {
            value.StringTensorSetElementAt(data[i].AsSpan(), i);
        }
        return value;
    }

    private static Tensor FromTensor(string name, OrtValue value, string? source)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape.Select(d => checked((int)d)).ToArray();
        return info.ElementDataType switch
        {
            TensorElementType.Float => Tensor.Create(value.GetTensorDataAsSpan<float>().ToArray(), shape),
            TensorElementType.Double => Tensor.Create(value.GetTensorDataAsSpan<double>().ToArray(), shape),
            TensorElementType.Int64 => Tensor.Create(value.GetTensorDataAsSpan<long>().ToArray(), shape),
            TensorElementType.Int32 => Tensor.Create(value.GetTensorDataAsSpan<int>().ToArray(), shape),
            TensorElementType.Bool => Tensor.Create(value.GetTensorDataAsSpan<bool>().ToArray(), shape),
            TensorElementType.String => Tensor.Create(value.GetStringTensorAsArray(), shape),
            // Image and text models often end in narrow types; widen them to the nearest type the toolkit writes.
            TensorElementType.Float16 => Tensor.Create(Widen(value.GetTensorDataAsSpan<Float16>(), h => (float)h), shape),
            TensorElementType.UInt8 => Tensor.Create(Widen(value.GetTensorDataAsSpan<byte>(), b => (int)b), shape),
            TensorElementType.Int8 => Tensor.Create(Widen(value.GetTensorDataAsSpan<sbyte>(), b => (int)b), shape),
            TensorElementType.Int16 => Tensor.Create(Widen(value.GetTensorDataAsSpan<short>(), s => (int)s), shape),
            TensorElementType.UInt16 => Tensor.Create(Widen(value.GetTensorDataAsSpan<ushort>(), s => (int)s), shape),
            TensorElementType.UInt32 => Tensor.Create(Widen(value.GetTensorDataAsSpan<uint>(), u => (long)u), shape),
            _ => throw Unreadable(name, $"tensor({info.ElementDataType})", source),
        };
    }

    private static TOut[] Widen<TIn, TOut>(ReadOnlySpan<TIn> data, Func<TIn, TOut> widen)
    {
        var result = new TOut[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = widen(data[i]);
        }
        return result;
    }

    private static MapSequence FromMapSequence(string name, OrtValue sequence, OnnxNode? zipMap, string? source)
    {
        var allocator = OrtAllocator.DefaultInstance;
        var count = sequence.GetValueCount();
        string[]? stringKeys = null;
        long[]? int64Keys = null;
        int[]? order = null;
        float[] values = [];
        for (var row = 0; row < count; row++)
        {
            using var map = sequence.GetValue(row, allocator);
            if (map.OnnxType != OnnxValueType.ONNX_TYPE_MAP)
            {
                throw Unreadable(name, $"seq({map.OnnxType})", source);
            }
            using var keys = map.GetValue(0, allocator);
            using var mapValues = map.GetValue(1, allocator);
            var valueInfo = mapValues.GetTensorTypeAndShape();
            if (valueInfo.ElementDataType != TensorElementType.Float)
            {
                throw Unreadable(name, $"seq(map(?,{valueInfo.ElementDataType}))", source);
            }
            var rowValues = mapValues.GetTensorDataAsSpan<float>();
            if (row == 0)
            {
                (stringKeys, int64Keys, order) = Keys(name, keys, zipMap, source);
                values = new float[checked(count * order.Length)];
            }
            else if (!SameKeys(keys, stringKeys, int64Keys, order!))
            {
                throw Unreadable(name, "a sequence of maps with different keys", source);
            }
            for (var k = 0; k < order!.Length; k++)
            {
                values[(row * order.Length) + k] = rowValues[order[k]];
            }
        }
        if (count == 0)
        {
            // No rows: the keys still come from the ZipMap node, so the output columns are the same.
            (stringKeys, int64Keys) = (zipMap?.Attribute("classlabels_strings")?.Strings.ToArray(), zipMap?.Attribute("classlabels_int64s")?.Ints.ToArray());
            if (stringKeys is null && int64Keys is null)
            {
                int64Keys = [];
            }
        }
        return stringKeys is not null ? new MapSequence(stringKeys, values, count) : new MapSequence(int64Keys!, values, count);
    }

    // The keys in ZipMap's class-label order when the node is known (else ONNX Runtime's), and where each sits in ORT's map.
    private static (string[]? Strings, long[]? Int64s, int[] Order) Keys(string name, OrtValue keys, OnnxNode? zipMap, string? source)
    {
        var type = keys.GetTensorTypeAndShape().ElementDataType;
        if (type == TensorElementType.String)
        {
            var ort = keys.GetStringTensorAsArray();
            var wanted = zipMap?.Attribute("classlabels_strings")?.Strings is { } labels && labels.Count == ort.Length && labels.Order(StringComparer.Ordinal).SequenceEqual(ort.Order(StringComparer.Ordinal))
                ? labels.ToArray()
                : ort;
            return (wanted, null, wanted.Select(k => Array.IndexOf(ort, k)).ToArray());
        }
        if (type == TensorElementType.Int64)
        {
            var ort = keys.GetTensorDataAsSpan<long>().ToArray();
            var wanted = zipMap?.Attribute("classlabels_int64s")?.Ints is { } labels && labels.Count == ort.Length && labels.Order().SequenceEqual(ort.Order())
                ? labels.ToArray()
                : ort;
            return (null, wanted, wanted.Select(k => Array.IndexOf(ort, k)).ToArray());
        }
        throw Unreadable(name, $"seq(map({type},float))", source);
    }

    private static bool SameKeys(OrtValue keys, string[]? stringKeys, long[]? int64Keys, int[] order)
    {
        if (stringKeys is not null)
        {
            var ort = keys.GetStringTensorAsArray();
            return ort.Length == order.Length && order.Select((o, k) => ort[o] == stringKeys[k]).All(same => same);
        }
        var ints = keys.GetTensorDataAsSpan<long>();
        if (ints.Length != order.Length)
        {
            return false;
        }
        for (var k = 0; k < order.Length; k++)
        {
            if (ints[order[k]] != int64Keys![k])
            {
                return false;
            }
        }
        return true;
    }

    private static MlOpsException Unreadable(string name, string kind, string? source) =>
        new($"Output '{name}' of the model is {kind}, which the toolkit cannot read from ONNX Runtime (it reads tensors and ZipMap's sequence of maps).", source,
            fix: "Export the model so that its outputs are tensors, or ZipMap maps from class label to probability.",
            diagnostic: DiagnosticCatalog.OnnxRuntimeRunFailed, inputs: [UserInputs.Model]);
}
