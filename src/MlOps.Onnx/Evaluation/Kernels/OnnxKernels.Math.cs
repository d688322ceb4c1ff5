using System.Numerics;
using System.Numerics.Tensors;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>ai.onnx linear algebra, reductions and normalisation.</summary>
internal static partial class OnnxKernels
{
    internal static Kernel Softmax(NodeContext ctx, bool log)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double);
        ctx.OutputTypes = [ctx.InputType(0)];
        // Before opset 13 the input is coerced to 2-D at `axis` (default 1) and normalised over the flattened
        // trailing block; from 13 the normalisation runs along the single `axis` (default -1).
        var legacy = ctx.Opset < 13;
        var axis = ctx.Int("axis", legacy ? 1 : -1);
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var rank = x.Rank;
            var a = (int)(axis < 0 ? axis + rank : axis);
            if (a < 0 || a >= Math.Max(rank, 1) && !(legacy && a == rank))
            {
                throw new EvaluationException($"axis {axis} is out of range for {x.Describe()}");
            }
            int outer, length, inner;
            if (legacy)
            {
                outer = Elements.Product(x.Shape.AsSpan(0, Math.Min(a, rank)));
                length = Elements.Product(x.Shape.AsSpan(Math.Min(a, rank)));
                inner = 1;
            }
            else
            {
                outer = Elements.Product(x.Shape.AsSpan(0, a));
                length = rank == 0 ? 1 : x.Shape[a];
                inner = Elements.Product(x.Shape.AsSpan(a + 1));
            }
            return Args.One(x switch
            {
                Tensor<float> t => new Tensor<float>(SoftmaxCore(t.Data, outer, length, inner, log), t.Shape),
                Tensor<double> t => new Tensor<double>(SoftmaxCore(t.Data, outer, length, inner, log), t.Shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });
    }

    /// <summary>Softmax over blocks [outer, length, inner]: max, then exp(x - max) summed in ascending order.</summary>
    internal static T[] SoftmaxCore<T>(T[] x, int outer, int length, int inner, bool log) where T : IFloatingPointIeee754<T>
    {
        var result = new T[x.Length];
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var start = (o * length * inner) + i;
                var max = T.NegativeInfinity;
                for (var k = 0; k < length; k++)
                {
                    var v = x[start + (k * inner)];
                    if (v > max || T.IsNaN(v))
                    {
                        max = v;
                    }
                }
                var sum = T.Zero;
                for (var k = 0; k < length; k++)
                {
                    var e = T.Exp(x[start + (k * inner)] - max);
                    result[start + (k * inner)] = e;
                    sum += e;
                }
                if (log)
                {
                    var logSum = T.Log(sum);
                    for (var k = 0; k < length; k++)
                    {
                        result[start + (k * inner)] = x[start + (k * inner)] - max - logSum;
                    }
                }
                else
                {
                    for (var k = 0; k < length; k++)
                    {
                        result[start + (k * inner)] /= sum;
                    }
                }
            }
        }
        return result;
    }

    internal static Kernel MatMul(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.RequireSameType(0, 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var (a, b) = inputs.SameTypePair();
            return Args.One(a switch
            {
                Tensor<float> x => BatchedMatMul(x, (Tensor<float>)b, MatrixMultiply.Multiply),
                Tensor<double> x => BatchedMatMul(x, (Tensor<double>)b, MatrixMultiply.Multiply),
                Tensor<long> x => BatchedMatMul(x, (Tensor<long>)b, MatrixMultiply.MultiplyScalar),
                Tensor<int> x => BatchedMatMul(x, (Tensor<int>)b, MatrixMultiply.MultiplyScalar),
                _ => throw new EvaluationException($"unsupported input {a.Describe()}"),
            });
        });
    }

    private delegate void Product<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n);

    /// <summary>numpy.matmul semantics: 1-D operands are promoted and the added dimension removed; batch dimensions broadcast.</summary>
    private static Tensor<T> BatchedMatMul<T>(Tensor<T> a, Tensor<T> b, Product<T> product)
    {
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new EvaluationException("MatMul inputs must have at least one dimension");
        }
        var aShape = a.Rank == 1 ? new[] { 1, a.Shape[0] } : a.Shape;
        var bShape = b.Rank == 1 ? new[] { b.Shape[0], 1 } : b.Shape;
        int m = aShape[^2], k = aShape[^1], n = bShape[^1];
        if (bShape[^2] != k)
        {
            throw new EvaluationException($"cannot multiply {a.Describe()} by {b.Describe()}: inner dimensions {k} and {bShape[^2]} differ");
        }
        var aBatch = aShape[..^2];
        var bBatch = bShape[..^2];
        var batch = Broadcast.Shape(aBatch, bBatch);
        var batchCount = Elements.Product(batch);
        var outShape = batch.Concat(new[] { m, n }).ToList();
        var result = new T[Tensor.ElementCount(outShape.ToArray())];
        var aStrides = Broadcast.Strides(aBatch, batch);
        var bStrides = Broadcast.Strides(bBatch, batch);
        var index = new int[batch.Length];
        for (var t = 0; t < batchCount; t++)
        {
            int ai = 0, bi = 0;
            for (var d = 0; d < batch.Length; d++)
            {
                ai += index[d] * aStrides[d];
                bi += index[d] * bStrides[d];
            }
            product(a.Data.AsSpan(ai * m * k, m * k), b.Data.AsSpan(bi * k * n, k * n), result.AsSpan(t * m * n, m * n), m, k, n);
            for (var d = batch.Length - 1; d >= 0; d--)
            {
                if (++index[d] < batch[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
        if (a.Rank == 1)
        {
            outShape.RemoveAt(outShape.Count - 2);
        }
        if (b.Rank == 1)
        {
            outShape.RemoveAt(outShape.Count - 1);
        }
        return new Tensor<T>(result, outShape.ToArray());
    }

    internal static Kernel Gemm(NodeContext ctx)
    {
        ctx.RequireInputs(2, 3);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.RequireSameType(0, 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        var alpha = ctx.Float("alpha", 1f);
        var beta = ctx.Float("beta", 1f);
        var transA = ctx.Int("transA", 0) != 0;
        var transB = ctx.Int("transB", 0) != 0;
        // A constant, transposed B is transposed once at load time instead of on every run.
        Tensor? pretransposed = null;
        if (transB && ctx.ConstantInput(1) is { Rank: 2 } constantB)
        {
            pretransposed = constantB switch
            {
                Tensor<float> f => new Tensor<float>(MatrixMultiply.Transpose<float>(f.Data, f.Shape[0], f.Shape[1]), [f.Shape[1], f.Shape[0]]),
                Tensor<double> d => new Tensor<double>(MatrixMultiply.Transpose<double>(d.Data, d.Shape[0], d.Shape[1]), [d.Shape[1], d.Shape[0]]),
                _ => null,
            };
        }
        return new FuncKernel(inputs =>
        {
            var a = inputs.T(0);
            var b = inputs.T(1);
            var c = inputs.Optional(2);
            if (a.Rank != 2 || b.Rank != 2)
            {
                throw new EvaluationException($"Gemm needs 2-D inputs but got {a.Describe()} and {b.Describe()}");
            }
            var bTransposed = transB;
            if (pretransposed is not null && ReferenceEquals(b, ctx.ConstantInput(1)))
            {
                b = pretransposed;
                bTransposed = false;
            }
            return Args.One(a switch
            {
                Tensor<float> x => GemmCore(x, (Tensor<float>)b, c, transA, bTransposed, alpha, beta, MatrixMultiply.Multiply),
                Tensor<double> x => GemmCore(x, (Tensor<double>)b, c, transA, bTransposed, alpha, beta, MatrixMultiply.Multiply),
                Tensor<long> x => GemmCore(x, (Tensor<long>)b, c, transA, bTransposed, alpha, beta, MatrixMultiply.MultiplyScalar),
                Tensor<int> x => GemmCore(x, (Tensor<int>)b, c, transA, bTransposed, alpha, beta, MatrixMultiply.MultiplyScalar),
                _ => throw new EvaluationException($"unsupported input {a.Describe()}"),
            });
        });
    }

    /// <summary>Y = alpha·(A'·B') + beta·C, the product accumulated first, then scaled, then C added.</summary>
    private static Tensor<T> GemmCore<T>(Tensor<T> a, Tensor<T> b, Tensor? c, bool transA, bool transB, float alpha, float beta, Product<T> product)
        where T : INumber<T>
    {
        var aData = transA ? MatrixMultiply.Transpose<T>(a.Data, a.Shape[0], a.Shape[1]) : a.Data;
        var bData = transB ? MatrixMultiply.Transpose<T>(b.Data, b.Shape[0], b.Shape[1]) : b.Data;
        int m = transA ? a.Shape[1] : a.Shape[0], k = transA ? a.Shape[0] : a.Shape[1];
        int kb = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            throw new EvaluationException($"Gemm inner dimensions differ: A gives {k}, B gives {kb}");
        }
        var y = new T[m * n];
        product(aData, bData, y, m, k, n);
        var alphaT = T.CreateTruncating(alpha);
        if (alpha != 1f)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] *= alphaT;
            }
        }
        if (c is not null && beta != 0f)
        {
            var cTensor = c as Tensor<T> ?? throw new EvaluationException($"C must have the same element type as A but is {c.Describe()}");
            var shape = new[] { m, n };
            if (!Broadcast.Shape(cTensor.Shape, shape).SequenceEqual(shape))
            {
                throw new EvaluationException($"C {cTensor.Describe()} does not broadcast to [{m},{n}]");
            }
            var cs = Broadcast.Expand(cTensor, shape);
            var betaT = T.CreateTruncating(beta);
            for (var i = 0; i < y.Length; i++)
            {
                y[i] += beta == 1f ? cs[i] : betaT * cs[i];
            }
        }
        return new Tensor<T>(y, [m, n]);
    }

    internal enum ReduceKind { Sum, Mean, Max }

    internal static Kernel Reduce(NodeContext ctx, ReduceKind kind)
    {
        // Axes moved from an attribute to an optional input in opset 13 (ReduceSum) and 18 (the others).
        var axesAsInput = ctx.Opset >= (kind == ReduceKind.Sum ? 13 : 18);
        ctx.RequireInputs(1, axesAsInput ? 2 : 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.OutputTypes = [ctx.InputType(0)];
        var keepDims = ctx.Int("keepdims", 1) != 0;
        var noopWithEmptyAxes = axesAsInput && ctx.Int("noop_with_empty_axes", 0) != 0;
        var attrAxes = axesAsInput ? null : ctx.IntsOrNull("axes");
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var axes = axesAsInput ? inputs.Optional(1)?.Longs("axes") : attrAxes;
            if ((axes is null || axes.Length == 0) && noopWithEmptyAxes)
            {
                return Args.One(x);
            }
            var reduce = new bool[x.Rank];
            if (axes is null || axes.Length == 0)
            {
                Array.Fill(reduce, true);
            }
            else
            {
                foreach (var axis in axes)
                {
                    var a = axis < 0 ? axis + x.Rank : axis;
                    if (a < 0 || a >= x.Rank)
                    {
                        throw new EvaluationException($"axis {axis} is out of range for {x.Describe()}");
                    }
                    reduce[a] = true;
                }
            }
            return Args.One(x switch
            {
                Tensor<float> t => ReduceCore(t, reduce, keepDims, kind),
                Tensor<double> t => ReduceCore(t, reduce, keepDims, kind),
                Tensor<long> t => ReduceCore(t, reduce, keepDims, kind),
                Tensor<int> t => ReduceCore(t, reduce, keepDims, kind),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });
    }

    /// <summary>Reduces in input (row-major) order, so every output accumulates its elements in ascending index order.</summary>
    private static Tensor<T> ReduceCore<T>(Tensor<T> x, bool[] reduce, bool keepDims, ReduceKind kind) where T : INumber<T>
    {
        var rank = x.Rank;
        var keptShape = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            keptShape[d] = reduce[d] ? 1 : x.Shape[d];
        }
        var outStrides = Broadcast.Strides(keptShape, x.Shape);
        var count = Elements.Product(keptShape);
        var result = new T[count];
        var seen = new bool[count];
        var index = new int[rank];
        for (var i = 0; i < x.Length; i++)
        {
            var o = 0;
            for (var d = 0; d < rank; d++)
            {
                o += index[d] * outStrides[d];
            }
            var v = x.Data[i];
            if (kind == ReduceKind.Max)
            {
                if (!seen[o] || v > result[o] || T.IsNaN(v))
                {
                    result[o] = v;
                }
                seen[o] = true;
            }
            else
            {
                result[o] += v;
            }
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < x.Shape[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
        if (kind == ReduceKind.Mean)
        {
            var n = count == 0 ? 0 : x.Length / count;
            var divisor = T.CreateTruncating(n);
            for (var o = 0; o < count; o++)
            {
                result[o] /= divisor;
            }
        }
        else if (kind == ReduceKind.Max && x.Length == 0)
        {
            throw new EvaluationException("ReduceMax of an empty tensor");
        }
        var shape = keepDims ? keptShape : x.Shape.Where((_, d) => !reduce[d]).ToArray();
        return new Tensor<T>(result, shape);
    }

    internal static Kernel ArgMax(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.OutputTypes = [OnnxDataType.Int64];
        var axis = ctx.Int("axis", 0);
        var keepDims = ctx.Int("keepdims", 1) != 0;
        var last = ctx.Opset >= 12 && ctx.Int("select_last_index", 0) != 0;
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            return Args.One(x switch
            {
                Tensor<float> t => ArgMaxCore(t, axis, keepDims, last),
                Tensor<double> t => ArgMaxCore(t, axis, keepDims, last),
                Tensor<long> t => ArgMaxCore(t, axis, keepDims, last),
                Tensor<int> t => ArgMaxCore(t, axis, keepDims, last),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });
    }

    private static Tensor<long> ArgMaxCore<T>(Tensor<T> x, long axis, bool keepDims, bool last) where T : INumber<T>
    {
        var rank = x.Rank;
        var a = (int)(axis < 0 ? axis + rank : axis);
        if (a < 0 || a >= rank)
        {
            throw new EvaluationException($"axis {axis} is out of range for {x.Describe()}");
        }
        var outer = Elements.Product(x.Shape.AsSpan(0, a));
        var length = x.Shape[a];
        var inner = Elements.Product(x.Shape.AsSpan(a + 1));
        if (length == 0)
        {
            throw new EvaluationException("ArgMax over an empty axis");
        }
        var result = new long[outer * inner];
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var start = (o * length * inner) + i;
                var best = 0;
                var max = x.Data[start];
                for (var k = 1; k < length; k++)
                {
                    var v = x.Data[start + (k * inner)];
                    if (v > max || (last && v == max))
                    {
                        max = v;
                        best = k;
                    }
                }
                result[(o * inner) + i] = best;
            }
        }
        var shape = (int[])x.Shape.Clone();
        shape[a] = 1;
        if (!keepDims)
        {
            shape = shape.Where((_, d) => d != a).ToArray();
        }
        return new Tensor<long>(result, shape);
    }

    internal static Kernel BatchNormalization(NodeContext ctx)
    {
        ctx.RequireInputs(5, 5);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double);
        if (ctx.Node.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            throw ctx.Fail("asks for the training outputs (running mean/variance); the evaluator runs inference only.", "Export the model in inference mode.");
        }
        if (ctx.Opset >= 14 && ctx.Int("training_mode", 0) != 0)
        {
            throw ctx.Fail("has training_mode=1; the evaluator runs inference only.", "Export the model in inference mode.");
        }
        ctx.OutputTypes = [ctx.InputType(0)];
        var epsilon = ctx.Float("epsilon", 1e-5f);
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            if (x.Rank < 2)
            {
                throw new EvaluationException($"X must be at least [N,C] but is {x.Describe()}");
            }
            var channels = x.Shape[1];
            var scale = TensorConversion.ToDoubles(inputs.T(1));
            var bias = TensorConversion.ToDoubles(inputs.T(2));
            var mean = TensorConversion.ToDoubles(inputs.T(3));
            var variance = TensorConversion.ToDoubles(inputs.T(4));
            if (scale.Length != channels || bias.Length != channels || mean.Length != channels || variance.Length != channels)
            {
                throw new EvaluationException($"scale, B, mean and var must have {channels} elements (the channel count of {x.Describe()})");
            }
            var inner = Elements.Product(x.Shape.AsSpan(2));
            return Args.One(x switch
            {
                Tensor<float> t => new Tensor<float>(Normalize(t.Data, channels, inner, scale, bias, mean, variance, epsilon), t.Shape),
                Tensor<double> t => new Tensor<double>(Normalize(t.Data, channels, inner, scale, bias, mean, variance, epsilon), t.Shape),
                _ => throw new EvaluationException($"unsupported input {x.Describe()}"),
            });
        });

        static T[] Normalize<T>(T[] x, int channels, int inner, double[] scale, double[] bias, double[] mean, double[] variance, float epsilon)
            where T : IFloatingPointIeee754<T>
        {
            var result = new T[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                var c = i / inner % channels;
                var s = T.CreateTruncating(scale[c]) / T.Sqrt(T.CreateTruncating(variance[c]) + T.CreateTruncating(epsilon));
                result[i] = ((x[i] - T.CreateTruncating(mean[c])) * s) + T.CreateTruncating(bias[c]);
            }
            return result;
        }
    }
}
