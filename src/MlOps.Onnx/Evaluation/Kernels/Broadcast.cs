using System.Numerics;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>A binary element operation, resolved at compile time so the JIT inlines it into the loops.</summary>
internal interface IBinaryOp<T, TOut>
{
    static abstract TOut Apply(T a, T b);
}

/// <summary>A unary element operation.</summary>
internal interface IUnaryOp<T, TOut>
{
    static abstract TOut Apply(T x);
}

/// <summary>Numpy-style (multidirectional) broadcasting for element-wise operators.</summary>
internal static class Broadcast
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int[] Shape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            var db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new EvaluationException($"shapes {Tensor.Format(a)} and {Tensor.Format(b)} cannot be broadcast together");
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Element strides of <paramref name="shape"/> aligned to the output shape <paramref name="output"/> (0 where broadcast).</summary>
    public static int[] Strides(int[] shape, int[] output)
    {
        var rank = output.Length;
        var strides = new int[rank];
        var stride = 1;
        for (var i = rank - 1; i >= 0; i--)
        {
            var j = i - (rank - shape.Length);
            var d = j >= 0 ? shape[j] : 1;
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    public static Tensor<TOut> Binary<T, TOut, TOp>(Tensor<T> a, Tensor<T> b) where TOp : IBinaryOp<T, TOut>
    {
        var shape = Shape(a.Shape, b.Shape);
        var result = new TOut[Tensor.ElementCount(shape)];
        var x = a.Data;
        var y = b.Data;
        if (x.Length == result.Length && y.Length == result.Length)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = TOp.Apply(x[i], y[i]);
            }
        }
        else if (y.Length == 1 && x.Length == result.Length)
        {
            var s = y[0];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = TOp.Apply(x[i], s);
            }
        }
        else if (x.Length == 1 && y.Length == result.Length)
        {
            var s = x[0];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = TOp.Apply(s, y[i]);
            }
        }
        else if (x.Length == result.Length && y.Length > 0 && IsTrailing(b.Shape, shape))
        {
            // b repeats along the leading dimensions (a bias row): the common case in neural nets.
            var w = y.Length;
            for (var r = 0; r < result.Length; r += w)
            {
                for (var j = 0; j < w; j++)
                {
                    result[r + j] = TOp.Apply(x[r + j], y[j]);
                }
            }
        }
        else if (result.Length > 0)
        {
            General<T, TOut, TOp>(x, Strides(a.Shape, shape), y, Strides(b.Shape, shape), result, shape);
        }
        return new Tensor<TOut>(result, shape);
    }

    /// <summary>True when <paramref name="small"/> equals the trailing dimensions of <paramref name="shape"/> (ignoring leading 1s).</summary>
    public static bool IsTrailing(int[] small, int[] shape)
    {
        var k = small.Length;
        while (k > 0 && small[0] == 1 && k > 0)
        {
            small = small[1..];
            k--;
        }
        if (k > shape.Length)
        {
            return false;
        }
        for (var i = 0; i < k; i++)
        {
            if (small[i] != shape[shape.Length - k + i])
            {
                return false;
            }
        }
        return true;
    }

    private static void General<T, TOut, TOp>(T[] x, int[] sx, T[] y, int[] sy, TOut[] result, int[] shape) where TOp : IBinaryOp<T, TOut>
    {
        var rank = shape.Length;
        var index = new int[rank];
        int ix = 0, iy = 0;
        var inner = shape[rank - 1];
        var isx = sx[rank - 1];
        var isy = sy[rank - 1];
        for (var o = 0; o < result.Length; o += inner)
        {
            int px = ix, py = iy;
            for (var j = 0; j < inner; j++)
            {
                result[o + j] = TOp.Apply(x[px], y[py]);
                px += isx;
                py += isy;
            }
            // Advance the outer index (odometer over all but the last dimension).
            for (var d = rank - 2; d >= 0; d--)
            {
                index[d]++;
                ix += sx[d];
                iy += sy[d];
                if (index[d] < shape[d])
                {
                    break;
                }
                ix -= sx[d] * shape[d];
                iy -= sy[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>Expands <paramref name="source"/> to <paramref name="shape"/> (a copy), for three-way operators like Where.</summary>
    public static T[] Expand<T>(Tensor<T> source, int[] shape)
    {
        var result = new T[Tensor.ElementCount(shape)];
        if (source.Length == result.Length)
        {
            Array.Copy(source.Data, result, result.Length);
            return result;
        }
        if (result.Length == 0)
        {
            return result;
        }
        var strides = Strides(source.Shape, shape);
        var rank = shape.Length;
        var index = new int[rank];
        for (var o = 0; o < result.Length; o++)
        {
            var p = 0;
            for (var d = 0; d < rank; d++)
            {
                p += index[d] * strides[d];
            }
            result[o] = source.Data[p];
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
        return result;
    }

    public static Tensor<TOut> Unary<T, TOut, TOp>(Tensor<T> x) where TOp : IUnaryOp<T, TOut>
    {
        var data = x.Data;
        var result = new TOut[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = TOp.Apply(data[i]);
        }
        return new Tensor<TOut>(result, x.Shape);
    }
}

// Arithmetic
internal struct AddOp<T> : IBinaryOp<T, T> where T : INumber<T> { public static T Apply(T a, T b) => a + b; }
internal struct SubOp<T> : IBinaryOp<T, T> where T : INumber<T> { public static T Apply(T a, T b) => a - b; }
internal struct MulOp<T> : IBinaryOp<T, T> where T : INumber<T> { public static T Apply(T a, T b) => a * b; }
// T.Max and T.Min return NaN when either side is NaN (as ONNX Runtime's Max and Min do for floats).
internal struct MaxOp<T> : IBinaryOp<T, T> where T : INumber<T> { public static T Apply(T a, T b) => T.Max(a, b); }
internal struct MinOp<T> : IBinaryOp<T, T> where T : INumber<T> { public static T Apply(T a, T b) => T.Min(a, b); }
internal struct DivOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public static T Apply(T a, T b) => T.IsZero(b) && !(typeof(T) == typeof(float) || typeof(T) == typeof(double))
        ? throw new EvaluationException("integer division by zero")
        : a / b;
}

// Comparison and logic
internal struct EqualOp<T> : IBinaryOp<T, bool> where T : IEquatable<T> { public static bool Apply(T a, T b) => a is null ? b is null : a.Equals(b) && !IsNaN(a); private static bool IsNaN(T v) => v is float f ? float.IsNaN(f) : v is double d && double.IsNaN(d); }
internal struct GreaterOp<T> : IBinaryOp<T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a > b; }
internal struct LessOp<T> : IBinaryOp<T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a < b; }
internal struct AndOp : IBinaryOp<bool, bool> { public static bool Apply(bool a, bool b) => a & b; }
internal struct OrOp : IBinaryOp<bool, bool> { public static bool Apply(bool a, bool b) => a | b; }
internal struct NotOp : IUnaryOp<bool, bool> { public static bool Apply(bool x) => !x; }
