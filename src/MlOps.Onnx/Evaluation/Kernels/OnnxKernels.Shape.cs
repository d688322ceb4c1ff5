namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>ai.onnx operators that move or reinterpret data.</summary>
internal static partial class OnnxKernels
{
    internal static Kernel Identity(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs => Args.One(inputs.T(0)));
    }

    internal static Kernel Dropout(NodeContext ctx)
    {
        ctx.RequireInputs(1, 3);
        ctx.OutputTypes = [ctx.InputType(0), OnnxDataType.Bool];
        // Inference: output = input; the optional mask is all true (nothing dropped).
        if (ctx.Opset >= 12 && ctx.ConstantInput(2) is { } training && training.Length > 0 && training is Tensor<bool> { Data: [true] })
        {
            throw ctx.Fail("training_mode is true; the evaluator runs inference only.", "Export the model in inference mode.");
        }
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var ratio = inputs.Optional(1) is { Length: > 0 } r ? r.ScalarDouble("ratio") : 0.5;
            if (inputs.Optional(2) is Tensor<bool> { Length: > 0 } mode && mode.Data[0] && ratio > 0)
            {
                // Training-mode dropout is random; refusing is better than silently returning inference results.
                throw new EvaluationException("training_mode is true; the evaluator runs inference only (pass false or omit it)");
            }
            var mask = new bool[x.Length];
            Array.Fill(mask, true);
            return [x, new Tensor<bool>(mask, x.Shape)];
        });
    }

    internal static Kernel Constant(NodeContext ctx)
    {
        ctx.RequireInputs(0, 0);
        Tensor value;
        if (ctx.TensorAttribute("value") is { } tensor)
        {
            value = TensorConversion.FromOnnx(tensor, ctx);
        }
        else if (ctx.Has("value_float"))
        {
            value = Tensor.Scalar(ctx.Float("value_float", 0));
        }
        else if (ctx.Has("value_floats"))
        {
            var f = ctx.Floats("value_floats");
            value = Tensor.Create(f, f.Length);
        }
        else if (ctx.Has("value_int"))
        {
            value = Tensor.Scalar(ctx.Int("value_int", 0));
        }
        else if (ctx.Has("value_ints"))
        {
            var v = ctx.Ints("value_ints");
            value = Tensor.Create(v, v.Length);
        }
        else if (ctx.Has("value_string"))
        {
            value = Tensor.Scalar(ctx.String("value_string", ""));
        }
        else if (ctx.Has("value_strings"))
        {
            var s = ctx.Strings("value_strings");
            value = Tensor.Create(s, s.Length);
        }
        else
        {
            throw ctx.Fail("has no supported value attribute (value, value_float(s), value_int(s), value_string(s)); sparse_value is not supported.");
        }
        ctx.OutputTypes = [value.ElementType];
        return new FuncKernel(_ => Args.One(value));
    }

    internal static Kernel Cast(NodeContext ctx, bool like)
    {
        ctx.RequireInputs(like ? 2 : 1, like ? 2 : 1);
        OnnxDataType? to = null;
        if (!like)
        {
            var code = ctx.RequiredInt("to");
            var type = (OnnxDataType)code;
            if (!ElementTypes.IsSupported(type))
            {
                throw ctx.Fail($"casts to element type {code} ({type}); the evaluator supports float, double, int64, int32, uint32, bool and string.");
            }
            to = type;
        }
        else
        {
            to = ctx.InputType(1);
        }
        ctx.OutputTypes = [to];
        return new FuncKernel(inputs =>
        {
            var target = like ? inputs.T(1).ElementType : to!.Value;
            return Args.One(TensorConversion.Cast(inputs.T(0), target));
        });
    }

    internal static Kernel ShapeOp(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.OutputTypes = [OnnxDataType.Int64];
        var start = ctx.Opset >= 15 ? ctx.Int("start", 0) : 0;
        long? end = ctx.Opset >= 15 && ctx.Has("end") ? ctx.Int("end", 0) : null;
        return new FuncKernel(inputs =>
        {
            var shape = inputs.T(0).Shape;
            var rank = shape.Length;
            var s = (int)Math.Clamp(start < 0 ? start + rank : start, 0, rank);
            var e = (int)Math.Clamp(end is { } en ? (en < 0 ? en + rank : en) : rank, 0, rank);
            var dims = new long[Math.Max(0, e - s)];
            for (var i = 0; i < dims.Length; i++)
            {
                dims[i] = shape[s + i];
            }
            return Args.One(Tensor.Create(dims, dims.Length));
        });
    }

    internal static Kernel Reshape(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        ctx.OutputTypes = [ctx.InputType(0)];
        var allowZero = ctx.Opset >= 14 && ctx.Int("allowzero", 0) != 0;
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var requested = inputs.T(1).Longs("shape");
            var shape = new int[requested.Length];
            var infer = -1;
            long known = 1;
            for (var i = 0; i < shape.Length; i++)
            {
                var d = requested[i];
                if (d == 0 && !allowZero)
                {
                    if (i >= x.Rank)
                    {
                        throw new EvaluationException($"shape entry {i} is 0 (copy) but the input has rank {x.Rank}");
                    }
                    d = x.Shape[i];
                }
                if (d == -1)
                {
                    if (infer >= 0)
                    {
                        throw new EvaluationException("the shape has more than one -1");
                    }
                    infer = i;
                    continue;
                }
                if (d < 0 || d > int.MaxValue)
                {
                    throw new EvaluationException($"shape entry {d} is invalid");
                }
                shape[i] = (int)d;
                known *= d;
            }
            if (infer >= 0)
            {
                if (known == 0 || x.Length % known != 0)
                {
                    throw new EvaluationException($"cannot reshape {x.Describe()} to [{string.Join(",", requested)}]");
                }
                shape[infer] = (int)(x.Length / known);
            }
            if (Tensor.ElementCount(shape) != x.Length)
            {
                throw new EvaluationException($"cannot reshape {x.Describe()} to [{string.Join(",", requested)}]");
            }
            return Args.One(Elements.Reshape(x, shape));
        });
    }

    internal static Kernel Flatten(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        var axis = ctx.Int("axis", 1);
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var a = axis < 0 ? axis + x.Rank : axis;
            if (a < 0 || a > x.Rank)
            {
                throw new EvaluationException($"axis {axis} is out of range for {x.Describe()}");
            }
            var outer = Elements.Product(x.Shape.AsSpan(0, (int)a));
            var inner = Elements.Product(x.Shape.AsSpan((int)a));
            return Args.One(Elements.Reshape(x, [outer, inner]));
        });
    }

    internal static Kernel Squeeze(NodeContext ctx)
    {
        ctx.RequireInputs(1, ctx.Opset >= 13 ? 2 : 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        var attrAxes = ctx.Opset < 13 ? ctx.IntsOrNull("axes") : null;
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var axes = ctx.Opset >= 13 ? inputs.Optional(1)?.Longs("axes") : attrAxes;
            var drop = new bool[x.Rank];
            if (axes is null || axes.Length == 0)
            {
                for (var i = 0; i < x.Rank; i++)
                {
                    drop[i] = x.Shape[i] == 1;
                }
            }
            else
            {
                foreach (var axis in axes)
                {
                    var a = axis < 0 ? axis + x.Rank : axis;
                    if (a < 0 || a >= x.Rank || x.Shape[a] != 1)
                    {
                        throw new EvaluationException($"cannot squeeze axis {axis} of {x.Describe()}");
                    }
                    drop[a] = true;
                }
            }
            var shape = x.Shape.Where((_, i) => !drop[i]).ToArray();
            return Args.One(Elements.Reshape(x, shape));
        });
    }

    internal static Kernel Unsqueeze(NodeContext ctx)
    {
        ctx.RequireInputs(ctx.Opset >= 13 ? 2 : 1, ctx.Opset >= 13 ? 2 : 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        var attrAxes = ctx.Opset < 13 ? ctx.Ints("axes") : null;
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var axes = attrAxes ?? inputs.T(1).Longs("axes");
            var rank = x.Rank + axes.Length;
            var insert = new bool[rank];
            foreach (var axis in axes)
            {
                var a = axis < 0 ? axis + rank : axis;
                if (a < 0 || a >= rank || insert[a])
                {
                    throw new EvaluationException($"axis {axis} is invalid or repeated for output rank {rank}");
                }
                insert[a] = true;
            }
            var shape = new int[rank];
            var k = 0;
            for (var i = 0; i < rank; i++)
            {
                shape[i] = insert[i] ? 1 : x.Shape[k++];
            }
            return Args.One(Elements.Reshape(x, shape));
        });
    }

    internal static Kernel Concat(NodeContext ctx)
    {
        ctx.RequireInputs(1);
        var axis = ctx.RequiredInt("axis");
        for (var i = 1; i < ctx.InputCount; i++)
        {
            ctx.RequireSameType(0, i);
        }
        ctx.OutputTypes = [ctx.InputType(0)];
        return new FuncKernel(inputs =>
        {
            var parts = inputs.Select((_, i) => inputs.T(i)).ToArray();
            var first = parts[0];
            var rank = first.Rank;
            var a = (int)(axis < 0 ? axis + rank : axis);
            if (a < 0 || a >= rank)
            {
                throw new EvaluationException($"axis {axis} is out of range for rank {rank}");
            }
            var shape = (int[])first.Shape.Clone();
            shape[a] = 0;
            foreach (var p in parts)
            {
                if (p.Rank != rank || p.ElementType != first.ElementType)
                {
                    throw new EvaluationException($"cannot concatenate {first.Describe()} and {p.Describe()}");
                }
                for (var d = 0; d < rank; d++)
                {
                    if (d != a && p.Shape[d] != first.Shape[d])
                    {
                        throw new EvaluationException($"cannot concatenate {first.Describe()} and {p.Describe()} along axis {axis}");
                    }
                }
                shape[a] += p.Shape[a];
            }
            var outer = Elements.Product(shape.AsSpan(0, a));
            var inner = Elements.Product(shape.AsSpan(a + 1));
            var result = TensorConversion.Allocate(first.ElementType, shape);
            var offset = 0;
            var rowOut = shape[a] * inner;
            foreach (var p in parts)
            {
                var chunk = p.Shape[a] * inner;
                for (var o = 0; o < outer; o++)
                {
                    Array.Copy(p.Buffer, o * chunk, result.Buffer, (o * rowOut) + offset, chunk);
                }
                offset += chunk;
            }
            return Args.One(result);
        });
    }

    internal static Kernel Gather(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        ctx.RequireType(1, OnnxDataType.Int64, OnnxDataType.Int32);
        ctx.OutputTypes = [ctx.InputType(0)];
        var axis = ctx.Int("axis", 0);
        return new FuncKernel(inputs =>
        {
            var data = inputs.T(0);
            var indices = inputs.T(1).Longs("indices");
            var indexShape = inputs.T(1).Shape;
            var rank = data.Rank;
            var a = (int)(axis < 0 ? axis + rank : axis);
            if (a < 0 || a >= rank)
            {
                throw new EvaluationException($"axis {axis} is out of range for {data.Describe()}");
            }
            var outer = Elements.Product(data.Shape.AsSpan(0, a));
            var inner = Elements.Product(data.Shape.AsSpan(a + 1));
            var size = data.Shape[a];
            var shape = data.Shape[..a].Concat(indexShape).Concat(data.Shape[(a + 1)..]).ToArray();
            var map = new int[Tensor.ElementCount(shape)];
            var k = 0;
            for (var o = 0; o < outer; o++)
            {
                foreach (var index in indices)
                {
                    var idx = index < 0 ? index + size : index;
                    if (idx < 0 || idx >= size)
                    {
                        throw new EvaluationException($"index {index} is out of range for axis {axis} of size {size}");
                    }
                    var from = (((o * size) + (int)idx) * inner);
                    for (var i = 0; i < inner; i++)
                    {
                        map[k++] = from + i;
                    }
                }
            }
            return Args.One(Elements.Gather(data, map, shape));
        });
    }

    internal static Kernel Transpose(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.OutputTypes = [ctx.InputType(0)];
        var perm = ctx.IntsOrNull("perm");
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var rank = x.Rank;
            var p = perm?.Select(v => (int)v).ToArray() ?? Enumerable.Range(0, rank).Reverse().ToArray();
            if (p.Length != rank || p.Distinct().Count() != rank || p.Any(v => v < 0 || v >= rank))
            {
                throw new EvaluationException($"perm [{string.Join(",", p)}] does not fit {x.Describe()}");
            }
            var shape = p.Select(i => x.Shape[i]).ToArray();
            var inStrides = Elements.Strides(x.Shape);
            var map = new int[x.Length];
            var index = new int[rank];
            for (var o = 0; o < map.Length; o++)
            {
                var s = 0;
                for (var d = 0; d < rank; d++)
                {
                    s += index[d] * inStrides[p[d]];
                }
                map[o] = s;
                for (var d = rank - 1; d >= 0; d--)
                {
                    if (++index[d] < shape[d])
                    {
                        break;
                    }
                    index[d] = 0;
                }
            }
            return Args.One(Elements.Gather(x, map, shape));
        });
    }

    internal static Kernel Slice(NodeContext ctx)
    {
        ctx.OutputTypes = [ctx.InputType(0)];
        long[]? attrStarts = null, attrEnds = null, attrAxes = null;
        if (ctx.Opset < 10)
        {
            ctx.RequireInputs(1, 1);
            attrStarts = ctx.Ints("starts");
            attrEnds = ctx.Ints("ends");
            attrAxes = ctx.IntsOrNull("axes");
        }
        else
        {
            ctx.RequireInputs(3, 5);
        }
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var starts = attrStarts ?? inputs.T(1).Longs("starts");
            var ends = attrEnds ?? inputs.T(2).Longs("ends");
            var axes = attrAxes ?? inputs.Optional(3)?.Longs("axes");
            var steps = attrStarts is null ? inputs.Optional(4)?.Longs("steps") : null;
            if (ends.Length != starts.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
            {
                throw new EvaluationException("starts, ends, axes and steps must have the same length");
            }
            var rank = x.Rank;
            var begin = new long[rank];
            var step = new long[rank];
            var shape = (int[])x.Shape.Clone();
            for (var d = 0; d < rank; d++)
            {
                step[d] = 1;
            }
            var seen = new bool[rank];
            for (var i = 0; i < starts.Length; i++)
            {
                var axis = axes is null ? i : axes[i] < 0 ? axes[i] + rank : axes[i];
                if (axis < 0 || axis >= rank || seen[axis])
                {
                    throw new EvaluationException($"slice axis {(axes is null ? i : axes[i])} is invalid or repeated for {x.Describe()}");
                }
                seen[axis] = true;
                long dim = x.Shape[axis];
                var st = steps?[i] ?? 1;
                if (st == 0)
                {
                    throw new EvaluationException("slice step 0 is invalid");
                }
                var s = starts[i] < 0 ? starts[i] + dim : starts[i];
                var e = ends[i] < 0 ? ends[i] + dim : ends[i];
                long count;
                if (st > 0)
                {
                    s = Math.Clamp(s, 0, dim);
                    e = Math.Clamp(e, 0, dim);
                    count = e > s ? ((e - s + st - 1) / st) : 0;
                }
                else
                {
                    s = Math.Clamp(s, 0, dim - 1);
                    e = Math.Clamp(e, -1, dim - 1);
                    count = s > e ? ((s - e + (-st) - 1) / -st) : 0;
                }
                begin[axis] = s;
                step[axis] = st;
                shape[axis] = (int)count;
            }
            var strides = Elements.Strides(x.Shape);
            var map = new int[Tensor.ElementCount(shape)];
            var index = new int[rank];
            for (var o = 0; o < map.Length; o++)
            {
                long p = 0;
                for (var d = 0; d < rank; d++)
                {
                    p += (begin[d] + (index[d] * step[d])) * strides[d];
                }
                map[o] = (int)p;
                for (var d = rank - 1; d >= 0; d--)
                {
                    if (++index[d] < shape[d])
                    {
                        break;
                    }
                    index[d] = 0;
                }
            }
            return Args.One(Elements.Gather(x, map, shape));
        });
    }
}
