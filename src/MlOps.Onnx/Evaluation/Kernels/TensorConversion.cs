using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>Conversions between stored tensors, evaluator tensors and element types.</summary>
internal static class TensorConversion
{
    /// <summary>Converts a stored (initializer or attribute) tensor into an evaluator tensor.</summary>
    public static Tensor FromOnnx(OnnxTensor tensor, NodeContext? context = null, string? source = null)
    {
        int[] shape;
        try
        {
            shape = new int[tensor.Dims.Length];
            for (var i = 0; i < shape.Length; i++)
            {
                if (tensor.Dims[i] < 0 || tensor.Dims[i] > Array.MaxLength)
                {
                    throw new ArgumentException($"dimension {tensor.Dims[i]} is invalid");
                }
                shape[i] = (int)tensor.Dims[i];
            }
            return tensor.DataType switch
            {
                OnnxDataType.Float => new Tensor<float>(tensor.ToFloatArray(), shape),
                OnnxDataType.Double => new Tensor<double>(tensor.ToDoubleArray(), shape),
                OnnxDataType.Int64 => new Tensor<long>(tensor.ToInt64Array(), shape),
                OnnxDataType.Int32 => new Tensor<int>(tensor.ToInt32Array(), shape),
                OnnxDataType.Bool => new Tensor<bool>(tensor.ToBoolArray(), shape),
                OnnxDataType.String => new Tensor<string>(tensor.ToStringArray(), shape),
                _ => throw new NotSupportedException($"element type {tensor.DataType} is not supported (supported: float, double, int64, int32, bool, string)"),
            };
        }
        catch (MlOpsException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            var message = $"tensor '{tensor.Name}' cannot be read: {e.Message}.";
            throw context is not null ? context.Fail(message) : new MlOpsException(char.ToUpperInvariant(message[0]) + message[1..], source,
                fix: "Re-export the model; the tensor's data does not match its declared type and shape.");
        }
    }

    public static double[] ToDoubles(Tensor tensor) => tensor switch
    {
        Tensor<double> d => d.Data,
        Tensor<float> f => Array.ConvertAll(f.Data, v => (double)v),
        Tensor<long> l => Array.ConvertAll(l.Data, v => (double)v),
        Tensor<int> i => Array.ConvertAll(i.Data, v => (double)v),
        Tensor<uint> u => Array.ConvertAll(u.Data, v => (double)v),
        Tensor<bool> b => Array.ConvertAll(b.Data, v => v ? 1.0 : 0.0),
        _ => throw new EvaluationException($"expected a numeric tensor but got {tensor.Describe()}"),
    };

    public static float[] ToFloats(Tensor tensor) => tensor switch
    {
        Tensor<float> f => f.Data,
        Tensor<double> d => Convert<double, float>(d.Data),
        Tensor<long> l => Convert<long, float>(l.Data),
        Tensor<int> i => Convert<int, float>(i.Data),
        Tensor<uint> u => Convert<uint, float>(u.Data),
        Tensor<bool> b => Array.ConvertAll(b.Data, v => v ? 1f : 0f),
        _ => throw new EvaluationException($"expected a numeric tensor but got {tensor.Describe()}"),
    };

    public static long[] ToInt64s(Tensor tensor) => tensor switch
    {
        Tensor<long> l => l.Data,
        Tensor<int> i => Convert<int, long>(i.Data),
        Tensor<uint> u => Convert<uint, long>(u.Data),
        _ => throw new EvaluationException($"expected an int64 or int32 tensor but got {tensor.Describe()}"),
    };

    /// <summary>Casts to <paramref name="to"/> with ONNX Cast semantics (float to int truncates; strings parse and print invariantly).</summary>
    public static Tensor Cast(Tensor input, OnnxDataType to)
    {
        if (input.ElementType == to)
        {
            return input;
        }
        var shape = input.Shape;
        return to switch
        {
            OnnxDataType.Float => new Tensor<float>(input is Tensor<string> s ? Array.ConvertAll(s.Data, v => (float)ParseDouble(v)) : ToFloats(input), shape),
            OnnxDataType.Double => new Tensor<double>(input is Tensor<string> s ? Array.ConvertAll(s.Data, ParseDouble) : ToDoubles(input), shape),
            OnnxDataType.Int64 => new Tensor<long>(input switch
            {
                Tensor<int> i => Convert<int, long>(i.Data),
                Tensor<uint> u => Convert<uint, long>(u.Data),
                Tensor<bool> b => Array.ConvertAll(b.Data, v => v ? 1L : 0L),
                Tensor<string> s => Array.ConvertAll(s.Data, v => (long)ParseDouble(v)),
                _ => Array.ConvertAll(ToDoubles(input), FloatToInt64),
            }, shape),
            OnnxDataType.Int32 => new Tensor<int>(input switch
            {
                Tensor<long> l => Convert<long, int>(l.Data),
                Tensor<bool> b => Array.ConvertAll(b.Data, v => v ? 1 : 0),
                Tensor<string> s => Array.ConvertAll(s.Data, v => (int)ParseDouble(v)),
                _ => Array.ConvertAll(ToDoubles(input), v => unchecked((int)FloatToInt64(v))),
            }, shape),
            // ML.NET's key type: category indices (0 = missing). Integers wrap as C casts do, as ONNX Runtime's Cast.
            OnnxDataType.UInt32 => new Tensor<uint>(input switch
            {
                Tensor<long> l => Convert<long, uint>(l.Data),
                Tensor<int> i => Convert<int, uint>(i.Data),
                Tensor<bool> b => Array.ConvertAll(b.Data, v => v ? 1u : 0u),
                Tensor<string> s => Array.ConvertAll(s.Data, v => unchecked((uint)(long)ParseDouble(v))),
                _ => Array.ConvertAll(ToDoubles(input), v => unchecked((uint)FloatToInt64(v))),
            }, shape),
            OnnxDataType.Bool => new Tensor<bool>(input switch
            {
                Tensor<string> s => Array.ConvertAll(s.Data, v => ParseDouble(v) != 0),
                Tensor<long> l => Array.ConvertAll(l.Data, v => v != 0),
                _ => Array.ConvertAll(ToDoubles(input), v => v != 0),
            }, shape),
            OnnxDataType.String => new Tensor<string>(input switch
            {
                Tensor<float> f => Array.ConvertAll(f.Data, FormatFloat),
                Tensor<double> d => Array.ConvertAll(d.Data, FormatDouble),
                Tensor<long> l => Array.ConvertAll(l.Data, v => v.ToString(CultureInfo.InvariantCulture)),
                Tensor<int> i => Array.ConvertAll(i.Data, v => v.ToString(CultureInfo.InvariantCulture)),
                Tensor<uint> u => Array.ConvertAll(u.Data, v => v.ToString(CultureInfo.InvariantCulture)),
                Tensor<bool> b => Array.ConvertAll(b.Data, v => v ? "1" : "0"),
                _ => throw new EvaluationException($"cannot cast {input.Describe()} to string"),
            }, shape),
            _ => throw new EvaluationException($"cannot cast to {to}"),
        };
    }

    /// <summary>
    /// Element-wise C# cast semantics (integers wrap, integers to floating point round to nearest) into an array
    /// from the run's pool; one typed loop, optimised from the first call (a session runs it only a few times).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TTo[] Convert<TFrom, TTo>(TFrom[] source)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        var result = Buffers.Rent<TTo>(source.Length); // every element is written
        for (var i = 0; i < source.Length; i++)
        {
            result[i] = TTo.CreateTruncating(source[i]);
        }
        return result;
    }

    private static long FloatToInt64(double v) =>
        double.IsNaN(v) ? long.MinValue : v >= 9.2233720368547758E+18 ? long.MinValue : v < -9.2233720368547758E+18 ? long.MinValue : (long)v;

    private static double ParseDouble(string text)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        if (t.Equals("nan", StringComparison.OrdinalIgnoreCase) || t.Equals("-nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }
        if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("+inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase) || t.Equals("+infinity", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }
        if (t.Equals("-inf", StringComparison.OrdinalIgnoreCase) || t.Equals("-infinity", StringComparison.OrdinalIgnoreCase))
        {
            return double.NegativeInfinity;
        }
        throw new EvaluationException($"cannot cast the string '{text}' to a number");
    }

    private static string FormatFloat(float v) => float.IsNaN(v) ? "NaN" : float.IsPositiveInfinity(v) ? "INF" : float.IsNegativeInfinity(v) ? "-INF" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatDouble(double v) => double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "INF" : double.IsNegativeInfinity(v) ? "-INF" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Allocates an empty tensor of element type <paramref name="type"/>.</summary>
    public static Tensor Allocate(OnnxDataType type, int[] shape) => type switch
    {
        OnnxDataType.Float => Tensor<float>.Allocate(shape),
        OnnxDataType.Double => Tensor<double>.Allocate(shape),
        OnnxDataType.Int64 => Tensor<long>.Allocate(shape),
        OnnxDataType.Int32 => Tensor<int>.Allocate(shape),
        OnnxDataType.Bool => Tensor<bool>.Allocate(shape),
        OnnxDataType.UInt32 => Tensor<uint>.Allocate(shape),
        OnnxDataType.String => new Tensor<string>(Filled(Tensor.ElementCount(shape), ""), shape),
        _ => throw new EvaluationException($"element type {type} is not supported"),
    };

    private static string[] Filled(int n, string value)
    {
        var a = new string[n];
        Array.Fill(a, value);
        return a;
    }
}

/// <summary>A run-time problem inside a kernel; the session adds the node's name and turns it into an <see cref="MlOpsException"/>.</summary>
internal sealed class EvaluationException(string message) : Exception(message);
