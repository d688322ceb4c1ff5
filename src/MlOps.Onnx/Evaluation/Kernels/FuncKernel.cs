namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>A kernel whose work is a closure built at load time over validated attributes and constants.</summary>
internal sealed class FuncKernel(Func<OnnxValue?[], OnnxValue?[]> run) : Kernel
{
    public override OnnxValue?[] Run(OnnxValue?[] inputs) => run(inputs);
}

/// <summary>Small helpers kernels use to read their inputs.</summary>
internal static class Args
{
    public static Tensor T(this OnnxValue?[] inputs, int i) =>
        i < inputs.Length && inputs[i] is Tensor t ? t
        : i < inputs.Length && inputs[i] is { } other ? throw new EvaluationException($"input {i + 1} must be a tensor but is {other.Describe()}")
        : throw new EvaluationException($"input {i + 1} is missing");

    /// <summary>The first two inputs, which binary operators require to share one element type.</summary>
    public static (Tensor A, Tensor B) SameTypePair(this OnnxValue?[] inputs)
    {
        var a = inputs.T(0);
        var b = inputs.T(1);
        if (a.ElementType != b.ElementType)
        {
            throw new EvaluationException($"inputs must have the same element type but are {a.Describe()} and {b.Describe()}");
        }
        return (a, b);
    }

    public static Tensor? Optional(this OnnxValue?[] inputs, int i) => i < inputs.Length ? inputs[i] as Tensor : null;

    public static Tensor<TElement> As<TElement>(this Tensor t, string what) =>
        t as Tensor<TElement> ?? throw new EvaluationException($"{what} must be tensor({ElementTypes.Name(ElementTypes.Of(typeof(TElement)))}) but is {t.Describe()}");

    /// <summary>An int64/int32 tensor as longs (shape-like inputs).</summary>
    public static long[] Longs(this Tensor t, string what) => t switch
    {
        Tensor<long> l => l.Data,
        Tensor<int> i => Array.ConvertAll(i.Data, v => (long)v),
        _ => throw new EvaluationException($"{what} must be an int64 tensor but is {t.Describe()}"),
    };

    /// <summary>A numeric scalar (first element) as a double.</summary>
    public static double ScalarDouble(this Tensor t, string what) => t.Length == 0
        ? throw new EvaluationException($"{what} is empty")
        : t switch
        {
            Tensor<float> f => f.Data[0],
            Tensor<double> d => d.Data[0],
            Tensor<long> l => l.Data[0],
            Tensor<int> i => i.Data[0],
            _ => throw new EvaluationException($"{what} must be numeric but is {t.Describe()}"),
        };

    public static OnnxValue?[] One(OnnxValue value) => [value];
}

/// <summary>Element copying for data-movement operators, typed once per call rather than per element.</summary>
internal static class Elements
{
    /// <summary>dst[i] = src[map[i]].</summary>
    public static Tensor Gather(Tensor source, int[] map, int[] shape) => source switch
    {
        Tensor<float> t => new Tensor<float>(Gather(t.Data, map), shape),
        Tensor<double> t => new Tensor<double>(Gather(t.Data, map), shape),
        Tensor<long> t => new Tensor<long>(Gather(t.Data, map), shape),
        Tensor<int> t => new Tensor<int>(Gather(t.Data, map), shape),
        Tensor<bool> t => new Tensor<bool>(Gather(t.Data, map), shape),
        Tensor<string> t => new Tensor<string>(Gather(t.Data, map), shape),
        _ => throw new EvaluationException($"unsupported tensor {source.Describe()}"),
    };

    private static T[] Gather<T>(T[] source, int[] map)
    {
        var result = new T[map.Length];
        for (var i = 0; i < map.Length; i++)
        {
            result[i] = source[map[i]];
        }
        return result;
    }

    /// <summary>The same elements under another shape (no copy).</summary>
    public static Tensor Reshape(Tensor source, int[] shape) => source switch
    {
        Tensor<float> t => t.Reshaped(shape),
        Tensor<double> t => t.Reshaped(shape),
        Tensor<long> t => t.Reshaped(shape),
        Tensor<int> t => t.Reshaped(shape),
        Tensor<bool> t => t.Reshaped(shape),
        Tensor<string> t => t.Reshaped(shape),
        _ => throw new EvaluationException($"unsupported tensor {source.Describe()}"),
    };

    /// <summary>Wraps an array of a supported element type.</summary>
    public static Tensor Wrap(Array data, int[] shape) => data switch
    {
        float[] a => new Tensor<float>(a, shape),
        double[] a => new Tensor<double>(a, shape),
        long[] a => new Tensor<long>(a, shape),
        int[] a => new Tensor<int>(a, shape),
        bool[] a => new Tensor<bool>(a, shape),
        string[] a => new Tensor<string>(a, shape),
        _ => throw new EvaluationException("unsupported element type"),
    };

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    public static int Product(ReadOnlySpan<int> dims)
    {
        long p = 1;
        foreach (var d in dims)
        {
            p *= d;
        }
        return checked((int)p);
    }
}
