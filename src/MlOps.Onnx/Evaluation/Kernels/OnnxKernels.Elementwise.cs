using System.Numerics;
using System.Numerics.Tensors;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>ai.onnx element-wise operators.</summary>
internal static partial class OnnxKernels
{
    internal enum Arith { Add, Sub, Mul, Div }

    internal static Kernel Arithmetic(NodeContext ctx, Arith op)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.RequireSameType(0, 1);
        ctx.OutputTypes = [ctx.InputType(0) ?? ctx.InputType(1)];
        return new FuncKernel(inputs =>
        {
            var (a, b) = inputs.SameTypePair();
            return Args.One(a switch
            {
                Tensor<float> x => FloatArithmetic(x, (Tensor<float>)b, op),
                Tensor<double> x => Arithmetic(x, (Tensor<double>)b, op),
                Tensor<long> x => Arithmetic(x, (Tensor<long>)b, op),
                Tensor<int> x => Arithmetic(x, (Tensor<int>)b, op),
                _ => throw new EvaluationException($"{op} does not support {a.Describe()}"),
            });
        });
    }

    /// <summary>The variadic element-wise operators: Sum, Max, Min.</summary>
    internal enum Variadic { Sum, Max, Min }

    /// <summary>
    /// Sum, Max or Min of one or more tensors with broadcasting, folded left to right. ML.NET's LightGbm multiclass
    /// export needs them: it sums the per-class tree ensembles (Sum) and takes the largest score before its softmax (Max).
    /// </summary>
    internal static Kernel VariadicElementwise(NodeContext ctx, Variadic op)
    {
        ctx.RequireInputs(1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        for (var i = 1; i < ctx.InputCount; i++)
        {
            ctx.RequireSameType(0, i);
        }
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var result = inputs.T(0);
            for (var i = 1; i < inputs.Length; i++)
            {
                var next = inputs.T(i);
                if (next.ElementType != result.ElementType)
                {
                    throw new EvaluationException($"{op}'s inputs must have one element type, but input {i + 1} is {next.Describe()} and input 1 {result.Describe()}");
                }
                result = result switch
                {
                    Tensor<float> x when op == Variadic.Sum => FloatArithmetic(x, (Tensor<float>)next, Arith.Add),
                    Tensor<float> x => Fold(x, (Tensor<float>)next, op),
                    Tensor<double> x => Fold(x, (Tensor<double>)next, op),
                    Tensor<long> x => Fold(x, (Tensor<long>)next, op),
                    Tensor<int> x => Fold(x, (Tensor<int>)next, op),
                    _ => throw new EvaluationException($"{op} does not support {result.Describe()}"),
                };
            }
            return Args.One(result);
        });
    }

    private static Tensor<T> Fold<T>(Tensor<T> a, Tensor<T> b, Variadic op) where T : INumber<T> => op switch
    {
        Variadic.Sum => Broadcast.Binary<T, T, AddOp<T>>(a, b),
        Variadic.Max => Broadcast.Binary<T, T, MaxOp<T>>(a, b),
        _ => Broadcast.Binary<T, T, MinOp<T>>(a, b),
    };

    private static Tensor<T> Arithmetic<T>(Tensor<T> a, Tensor<T> b, Arith op) where T : INumber<T> => op switch
    {
        Arith.Add => Broadcast.Binary<T, T, AddOp<T>>(a, b),
        Arith.Sub => Broadcast.Binary<T, T, SubOp<T>>(a, b),
        Arith.Mul => Broadcast.Binary<T, T, MulOp<T>>(a, b),
        _ => Broadcast.Binary<T, T, DivOp<T>>(a, b),
    };

    /// <summary>Float fast paths with TensorPrimitives (element-wise IEEE operations, so bit-identical to the scalar loop).</summary>
    private static Tensor<float> FloatArithmetic(Tensor<float> a, Tensor<float> b, Arith op)
    {
        var shape = Broadcast.Shape(a.Shape, b.Shape);
        var n = Tensor.ElementCount(shape);
        if (a.Length == n && (b.Length == n || b.Length == 1 || (b.Length > 0 && Broadcast.IsTrailing(b.Shape, shape))))
        {
            var result = Buffers.Rent<float>(n); // every element is written below
            if (b.Length == n)
            {
                Apply(a.Data, b.Data, result, op);
            }
            else if (b.Length == 1)
            {
                var s = b.Data[0];
                switch (op)
                {
                    case Arith.Add: TensorPrimitives.Add(a.Data, s, result); break;
                    case Arith.Sub: TensorPrimitives.Subtract(a.Data, s, result); break;
                    case Arith.Mul: TensorPrimitives.Multiply(a.Data, s, result); break;
                    default: TensorPrimitives.Divide(a.Data, s, result); break;
                }
            }
            else
            {
                var w = b.Length;
                for (var r = 0; r < n; r += w)
                {
                    Apply(a.Data.AsSpan(r, w), b.Data, result.AsSpan(r, w), op);
                }
            }
            return new Tensor<float>(result, shape);
        }
        return Arithmetic(a, b, op);
    }

    private static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> result, Arith op)
    {
        switch (op)
        {
            case Arith.Add: TensorPrimitives.Add(x, y, result); break;
            case Arith.Sub: TensorPrimitives.Subtract(x, y, result); break;
            case Arith.Mul: TensorPrimitives.Multiply(x, y, result); break;
            default: TensorPrimitives.Divide(x, y, result); break;
        }
    }

    internal static Kernel Pow(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var a = inputs.T(0);
            var e = inputs.T(1);
            var shape = Broadcast.Shape(a.Shape, e.Shape);
            var exponent = new Tensor<double>(Broadcast.Expand(new Tensor<double>(TensorConversion.ToDoubles(e), e.Shape), shape), shape);
            return Args.One(a switch
            {
                Tensor<float> x when e is Tensor<float> ef => Broadcast.Binary<float, float, PowFloat>(x, ef),
                Tensor<float> x => Map(Expand(x, shape), exponent, (b, p) => MathF.Pow(b, (float)p)),
                Tensor<double> x => Map(Expand(x, shape), exponent, Math.Pow),
                Tensor<long> x => Map(Expand(x, shape), exponent, (b, p) => (long)Math.Pow(b, p)),
                Tensor<int> x => Map(Expand(x, shape), exponent, (b, p) => (int)Math.Pow(b, p)),
                _ => throw new EvaluationException($"Pow does not support {a.Describe()}"),
            });
        });

        static Tensor<T> Expand<T>(Tensor<T> t, int[] shape) => new(Broadcast.Expand(t, shape), shape);

        static Tensor<T> Map<T>(Tensor<T> x, Tensor<double> p, Func<T, double, T> f)
        {
            var r = new T[x.Length];
            for (var i = 0; i < r.Length; i++)
            {
                r[i] = f(x.Data[i], p.Data[i]);
            }
            return new Tensor<T>(r, x.Shape);
        }
    }

    private struct PowFloat : IBinaryOp<float, float> { public static float Apply(float a, float b) => MathF.Pow(a, b); }

    internal static Kernel FloatUnary(NodeContext ctx, Func<float, float> f, Func<double, double> d, bool allowIntegers = false,
        Func<long, long>? l = null, Func<int, int>? i = null)
    {
        ctx.RequireInputs(1, 1);
        if (allowIntegers)
        {
            ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        }
        else
        {
            ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double);
        }
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            return Args.One(x switch
            {
                Tensor<float> t => new Tensor<float>(Array.ConvertAll(t.Data, v => f(v)), t.Shape),
                Tensor<double> t => new Tensor<double>(Array.ConvertAll(t.Data, v => d(v)), t.Shape),
                Tensor<long> t when l is not null => new Tensor<long>(Array.ConvertAll(t.Data, v => l(v)), t.Shape),
                Tensor<int> t when i is not null => new Tensor<int>(Array.ConvertAll(t.Data, v => i(v)), t.Shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });
    }

    internal static Kernel LeakyRelu(NodeContext ctx)
    {
        var alpha = ctx.Float("alpha", 0.01f);
        return FloatUnary(ctx, x => x >= 0 ? x : alpha * x, x => x >= 0 ? x : alpha * x);
    }

    internal static Kernel Relu(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            return Args.One(x switch
            {
                Tensor<float> t => ReluFloat(t),
                Tensor<double> t => new Tensor<double>(Array.ConvertAll(t.Data, v => v < 0 ? 0 : v), t.Shape),
                Tensor<long> t => new Tensor<long>(Array.ConvertAll(t.Data, v => v < 0 ? 0 : v), t.Shape),
                Tensor<int> t => new Tensor<int>(Array.ConvertAll(t.Data, v => v < 0 ? 0 : v), t.Shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });

        static Tensor<float> ReluFloat(Tensor<float> t)
        {
            var r = Buffers.Rent<float>(t.Length);
            TensorPrimitives.Max(t.Data, 0f, r);
            return new Tensor<float>(r, t.Shape);
        }
    }

    internal static Kernel Clip(NodeContext ctx)
    {
        ctx.RequireInputs(1, 3);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.OutputTypes = [ctx.InputType(0)];
        // Opset 6-10: min/max attributes; opset 11+: optional scalar inputs.
        var attrMin = ctx.Opset < 11 ? ctx.Float("min", float.MinValue) : float.MinValue;
        var attrMax = ctx.Opset < 11 ? ctx.Float("max", float.MaxValue) : float.MaxValue;
        var useInputs = ctx.Opset >= 11;
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var lo = useInputs && inputs.Optional(1) is { } mn ? mn.ScalarDouble("min") : double.NegativeInfinity;
            var hi = useInputs && inputs.Optional(2) is { } mx ? mx.ScalarDouble("max") : double.PositiveInfinity;
            if (!useInputs)
            {
                lo = attrMin;
                hi = attrMax;
            }
            return Args.One(x switch
            {
                Tensor<float> t => new Tensor<float>(Array.ConvertAll(t.Data, v => v < (float)lo ? (float)lo : v > (float)hi ? (float)hi : v), t.Shape),
                Tensor<double> t => new Tensor<double>(Array.ConvertAll(t.Data, v => v < lo ? lo : v > hi ? hi : v), t.Shape),
                Tensor<long> t => new Tensor<long>(Array.ConvertAll(t.Data, v => v < lo ? (long)lo : v > hi ? (long)hi : v), t.Shape),
                Tensor<int> t => new Tensor<int>(Array.ConvertAll(t.Data, v => v < lo ? (int)lo : v > hi ? (int)hi : v), t.Shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });
    }

    internal enum Compare { Equal, Greater, Less }

    internal static Kernel Comparison(NodeContext ctx, Compare op)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireSameType(0, 1);
        ctx.OutputTypes = [OnnxDataType.Bool];
        return new FuncKernel(inputs =>
        {
            var (a, b) = inputs.SameTypePair();
            return Args.One(op switch
            {
                Compare.Equal => a switch
                {
                    Tensor<float> x => Broadcast.Binary<float, bool, EqualOp<float>>(x, (Tensor<float>)b),
                    Tensor<double> x => Broadcast.Binary<double, bool, EqualOp<double>>(x, (Tensor<double>)b),
                    Tensor<long> x => Broadcast.Binary<long, bool, EqualOp<long>>(x, (Tensor<long>)b),
                    Tensor<int> x => Broadcast.Binary<int, bool, EqualOp<int>>(x, (Tensor<int>)b),
                    Tensor<bool> x => Broadcast.Binary<bool, bool, EqualOp<bool>>(x, (Tensor<bool>)b),
                    Tensor<string> x => Broadcast.Binary<string, bool, EqualOp<string>>(x, (Tensor<string>)b),
                    _ => throw new EvaluationException($"unsupported input {a.Describe()}"),
                },
                Compare.Greater => a switch
                {
                    Tensor<float> x => Broadcast.Binary<float, bool, GreaterOp<float>>(x, (Tensor<float>)b),
                    Tensor<double> x => Broadcast.Binary<double, bool, GreaterOp<double>>(x, (Tensor<double>)b),
                    Tensor<long> x => Broadcast.Binary<long, bool, GreaterOp<long>>(x, (Tensor<long>)b),
                    Tensor<int> x => Broadcast.Binary<int, bool, GreaterOp<int>>(x, (Tensor<int>)b),
                    _ => throw new EvaluationException($"unsupported input {a.Describe()}"),
                },
                _ => a switch
                {
                    Tensor<float> x => Broadcast.Binary<float, bool, LessOp<float>>(x, (Tensor<float>)b),
                    Tensor<double> x => Broadcast.Binary<double, bool, LessOp<double>>(x, (Tensor<double>)b),
                    Tensor<long> x => Broadcast.Binary<long, bool, LessOp<long>>(x, (Tensor<long>)b),
                    Tensor<int> x => Broadcast.Binary<int, bool, LessOp<int>>(x, (Tensor<int>)b),
                    _ => throw new EvaluationException($"unsupported input {a.Describe()}"),
                },
            });
        });
    }

    internal static Kernel Logical(NodeContext ctx, bool and)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireType(0, OnnxDataType.Bool);
        ctx.RequireType(1, OnnxDataType.Bool);
        ctx.OutputTypes = [OnnxDataType.Bool];
        return new FuncKernel(inputs =>
        {
            var a = inputs.T(0).As<bool>("input A");
            var b = inputs.T(1).As<bool>("input B");
            return Args.One(and ? Broadcast.Binary<bool, bool, AndOp>(a, b) : Broadcast.Binary<bool, bool, OrOp>(a, b));
        });
    }

    internal static Kernel Not(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Bool);
        ctx.OutputTypes = [OnnxDataType.Bool];
        return new FuncKernel(inputs => Args.One(Broadcast.Unary<bool, bool, NotOp>(inputs.T(0).As<bool>("input X"))));
    }

    internal static Kernel Where(NodeContext ctx)
    {
        ctx.RequireInputs(3, 3);
        ctx.RequireType(0, OnnxDataType.Bool);
        ctx.RequireSameType(1, 2);
        ctx.OutputTypes = [ctx.InputType(1) ?? ctx.InputType(2)];
        return new FuncKernel(inputs =>
        {
            var condition = inputs.T(0).As<bool>("condition");
            var x = inputs.T(1);
            var y = inputs.T(2);
            if (x.ElementType != y.ElementType)
            {
                throw new EvaluationException($"X and Y must have the same element type but are {x.Describe()} and {y.Describe()}");
            }
            var shape = Broadcast.Shape(Broadcast.Shape(condition.Shape, x.Shape), y.Shape);
            var c = Broadcast.Expand(condition, shape);
            return Args.One(x switch
            {
                Tensor<float> t => Select(c, t, (Tensor<float>)y, shape),
                Tensor<double> t => Select(c, t, (Tensor<double>)y, shape),
                Tensor<long> t => Select(c, t, (Tensor<long>)y, shape),
                Tensor<int> t => Select(c, t, (Tensor<int>)y, shape),
                Tensor<bool> t => Select(c, t, (Tensor<bool>)y, shape),
                Tensor<string> t => Select(c, t, (Tensor<string>)y, shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });

        static Tensor<T> Select<T>(bool[] c, Tensor<T> x, Tensor<T> y, int[] shape)
        {
            var xs = Broadcast.Expand(x, shape);
            var ys = Broadcast.Expand(y, shape);
            for (var i = 0; i < xs.Length; i++)
            {
                if (!c[i])
                {
                    xs[i] = ys[i];
                }
            }
            return new Tensor<T>(xs, shape);
        }
    }

    internal static float Sigmoid(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));

    internal static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
}
