using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// A vectorised single-precision logistic function that gives the same bits for a value whether it is
/// computed in a vector lane or in the scalar tail, on every CPU: exp is a range reduction by ln 2 and a
/// degree-6 polynomial built only from IEEE multiplies and adds (no fused multiply-add, no table), then a
/// power-of-two scaling. Relative error below 2e-7, well inside the 1e-5 agreement with ONNX Runtime.
/// </summary>
internal static class FastMath
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float C2 = 0.5f;
    private const float C3 = 0.166666672f;
    private const float C4 = 0.0416666716f;
    private const float C5 = 0.00833336823f;
    private const float C6 = 0.00138889f;

    /// <summary>scores[i] = 1 / (1 + exp(-|x|)), mirrored for negative x (the ai.onnx.ml LOGISTIC transform).</summary>
    /// <remarks>Optimised from the first call: kernels call it once per block, too few calls for tiered compilation to catch up.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Logistic(Span<float> scores)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i + w <= scores.Length; i += w)
            {
                var x = new Vector<float>(scores.Slice(i, w));
                var e = ExpOfNegativeAbs(x);
                var v = Vector<float>.One / (Vector<float>.One + e);
                var result = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), Vector<float>.One - v, v);
                // NaN stays NaN (the comparisons above are false for NaN, and exp(NaN) is NaN).
                result.CopyTo(scores.Slice(i, w));
            }
        }
        for (; i < scores.Length; i++)
        {
            var x = scores[i];
            var v = 1f / (1f + ExpOfNegativeAbs(x));
            scores[i] = x < 0 ? 1f - v : v;
        }
    }

    /// <summary>The scalar logistic, bit-identical to a lane of <see cref="Logistic(Span{float})"/>.</summary>
    public static float Logistic(float x)
    {
        var v = 1f / (1f + ExpOfNegativeAbs(x));
        return x < 0 ? 1f - v : v;
    }

    /// <summary>exp(-|x|) for a vector, bit-identical to the scalar overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpOfNegativeAbs(Vector<float> x)
    {
        // -|x| clamped to where exp is still a normal float; below that the logistic is 0 or 1 in float anyway.
        var t = Vector.Max(-Vector.Abs(x), new Vector<float>(-87f));
        var n = Vector.Floor((t * new Vector<float>(Log2E)) + new Vector<float>(0.5f));
        var r = t - (n * new Vector<float>(Ln2Hi)) - (n * new Vector<float>(Ln2Lo));
        var p = new Vector<float>(C6);
        p = (p * r) + new Vector<float>(C5);
        p = (p * r) + new Vector<float>(C4);
        p = (p * r) + new Vector<float>(C3);
        p = (p * r) + new Vector<float>(C2);
        p = (p * r) + Vector<float>.One;
        p = (p * r) + Vector<float>.One;
        var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23));
        var e = p * scale;
        return Vector.ConditionalSelect(Vector.Equals(x, x), e, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ExpOfNegativeAbs(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }
        var t = Math.Max(-Math.Abs(x), -87f);
        var n = MathF.Floor((t * Log2E) + 0.5f);
        var r = t - (n * Ln2Hi) - (n * Ln2Lo);
        var p = C6;
        p = (p * r) + C5;
        p = (p * r) + C4;
        p = (p * r) + C3;
        p = (p * r) + C2;
        p = (p * r) + 1f;
        p = (p * r) + 1f;
        var scale = BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
        return p * scale;
    }
}
