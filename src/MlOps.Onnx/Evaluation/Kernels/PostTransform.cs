namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>The ai.onnx.ml score transforms (post_transform), computed in single precision like ONNX Runtime.</summary>
internal enum PostTransformKind
{
    None,
    Logistic,
    Softmax,
    SoftmaxZero,
    Probit,
}

internal static class PostTransform
{
    public static PostTransformKind Parse(NodeContext ctx)
    {
        var text = ctx.String("post_transform", "NONE");
        return text switch
        {
            "NONE" => PostTransformKind.None,
            "LOGISTIC" => PostTransformKind.Logistic,
            "SOFTMAX" => PostTransformKind.Softmax,
            "SOFTMAX_ZERO" => PostTransformKind.SoftmaxZero,
            "PROBIT" => PostTransformKind.Probit,
            _ => throw ctx.Fail($"post_transform '{text}' is unknown (NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT)."),
        };
    }

    public static float Logistic(float x) => FastMath.Logistic(x);

    /// <summary>The Winitzki approximation of erf⁻¹ that ONNX Runtime uses, so PROBIT agrees with it.</summary>
    public static float ErfInv(float x)
    {
        var sgn = x < 0 ? -1f : 1f;
        x = (1 - x) * (1 + x);
        var log = MathF.Log(x);
        var v = (2 / (MathF.PI * 0.147f)) + (0.5f * log);
        var v2 = 1 / 0.147f * log;
        var v3 = -v + MathF.Sqrt((v * v) - v2);
        return sgn * MathF.Sqrt(v3);
    }

    public static float Probit(float x) => 1.41421356f * ErfInv((2 * x) - 1);

    /// <summary>Softmax of one row, in place: max, exp(x - max) summed in ascending order, divide.</summary>
    public static void Softmax(Span<float> values)
    {
        var max = -float.MaxValue;
        foreach (var v in values)
        {
            if (v > max)
            {
                max = v;
            }
        }
        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    /// <summary>Softmax that leaves (near-)zero scores at zero weight, as ai.onnx.ml SOFTMAX_ZERO specifies.</summary>
    public static void SoftmaxZero(Span<float> values)
    {
        var max = -float.MaxValue;
        foreach (var v in values)
        {
            if (v > max)
            {
                max = v;
            }
        }
        var expNegMax = MathF.Exp(-max);
        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > 0.0000001f || values[i] < -0.0000001f)
            {
                values[i] = MathF.Exp(values[i] - max);
                sum += values[i];
            }
            else
            {
                values[i] *= expNegMax;
            }
        }
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    /// <summary>Applies <paramref name="kind"/> to each row of width <paramref name="width"/> (two or more scores per row).</summary>
    public static void ApplyRows(Span<float> scores, int width, PostTransformKind kind)
    {
        switch (kind)
        {
            case PostTransformKind.Probit:
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = Probit(scores[i]);
                }
                break;
            case PostTransformKind.Logistic:
                FastMath.Logistic(scores);
                break;
            case PostTransformKind.Softmax:
                for (var r = 0; r + width <= scores.Length; r += width)
                {
                    Softmax(scores.Slice(r, width));
                }
                break;
            case PostTransformKind.SoftmaxZero:
                for (var r = 0; r + width <= scores.Length; r += width)
                {
                    SoftmaxZero(scores.Slice(r, width));
                }
                break;
        }
    }
}
