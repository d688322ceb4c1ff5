using System.Runtime.CompilerServices;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>ai.onnx.ml linear models and the helpers the ai.onnx.ml kernels share.</summary>
internal static partial class MlKernels
{
    /// <summary>Rows and features of an ML operator input: [N, F], or [F] as one row.</summary>
    internal static (int Rows, int Features) RowsOf(Tensor x)
    {
        return x.Rank switch
        {
            1 => (1, x.Shape[0]),
            2 => (x.Shape[0], x.Shape[1]),
            0 => throw new EvaluationException($"input must be [N,F] or [F] but is {x.Describe()}"),
            _ => (x.Shape[0], x.Length / Math.Max(1, x.Shape[0])),
        };
    }

    /// <summary>Rows of an ML operator input that must have exactly <paramref name="features"/> features.</summary>
    /// <param name="x">The input, [N, F] or [F].</param>
    /// <param name="features">The feature count the operator's attributes fix.</param>
    /// <param name="expectedBy">Who fixes it, for the message ("the coefficients expect", "the model expects").</param>
    internal static int RowsOf(Tensor x, int features, string expectedBy)
    {
        var (rows, f) = RowsOf(x);
        if (f != features)
        {
            throw new EvaluationException($"input has {f} features but {expectedBy} {features}");
        }
        return rows;
    }

    /// <summary>Class labels: int64 or string (exactly one of the two attributes).</summary>
    internal sealed class ClassLabels
    {
        public ClassLabels(NodeContext ctx, string intsName, string stringsName)
        {
            Ints = ctx.Ints(intsName);
            Strings = ctx.Strings(stringsName);
            if (Ints.Length > 0 && Strings.Length > 0)
            {
                throw ctx.Fail($"sets both {intsName} and {stringsName}; exactly one is allowed.");
            }
            UseStrings = Strings.Length > 0;
        }

        public long[] Ints { get; }

        public string[] Strings { get; }

        public bool UseStrings { get; }

        public int Count => UseStrings ? Strings.Length : Ints.Length;

        public OnnxDataType Type => UseStrings ? OnnxDataType.String : OnnxDataType.Int64;

        /// <summary>Builds the label tensor from class indices (used for string labels and label lookups).</summary>
        public Tensor FromIndices(int[] indices, int[] shape) => UseStrings
            ? new Tensor<string>(Array.ConvertAll(indices, i => Strings[i]), shape)
            : new Tensor<long>(Array.ConvertAll(indices, i => Ints[i]), shape);
    }

    internal static Kernel LinearClassifier(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var labels = new ClassLabels(ctx, "classlabels_ints", "classlabels_strings");
        var coefficients = ctx.Floats("coefficients");
        var intercepts = ctx.Floats("intercepts");
        var transform = PostTransform.Parse(ctx);
        // ONNX Runtime takes the class count from the intercepts; without them, from the labels.
        var classCount = intercepts.Length > 0 ? intercepts.Length : Math.Max(1, labels.Count);
        if (coefficients.Length == 0 || coefficients.Length % classCount != 0)
        {
            throw ctx.Fail($"has {coefficients.Length} coefficients, which is not a multiple of the {classCount} classes.");
        }
        var features = coefficients.Length / classCount;
        if (intercepts.Length == 0)
        {
            intercepts = new float[classCount];
        }
        if (classCount > 1 && labels.Count != classCount)
        {
            throw ctx.Fail($"has {classCount} score rows but {labels.Count} class labels.");
        }
        var addSecondClass = classCount == 1 && labels.Count == 2;
        var outputWidth = addSecondClass ? 2 : classCount;
        var weightsT = MatrixMultiply.Transpose<float>(coefficients, classCount, features); // [F, C]
        ctx.OutputTypes = [labels.Type, OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var rows = RowsOf(x, features, "the coefficients expect");
            var input = TensorConversion.ToFloats(x);
            var raw = Buffers.Rent<float>(rows * classCount); // every element is written; the scores output when classCount > 1
            if (classCount > 1 && !labels.UseStrings)
            {
                var ints = Buffers.Rent<long>(rows); // every element is written
                ClassifyInBlocks(input, weightsT, intercepts, transform, labels.Ints, raw, ints, features);
                return [new Tensor<long>(ints, [rows]), new Tensor<float>(raw, [rows, outputWidth])];
            }
            MatrixMultiply.Multiply<float>(input, weightsT, raw, rows, features, classCount, intercepts, relu: false);
            Tensor labelTensor;
            if (classCount == 1)
            {
                // One score row: positive when the score is above zero; labels default to 1/0 (or "1"/"0").
                var positive = new bool[rows];
                for (var r = 0; r < rows; r++)
                {
                    positive[r] = raw[r] > 0;
                }
                labelTensor = labels.Count == 2
                    ? labels.FromIndices(Array.ConvertAll(positive, p => p ? 1 : 0), [rows])
                    : labels.UseStrings
                        ? new Tensor<string>(Array.ConvertAll(positive, p => p ? "1" : "0"), [rows])
                        : new Tensor<long>(Array.ConvertAll(positive, p => p ? 1L : 0L), [rows]);
            }
            else
            {
                // String labels (integer labels took the blocked path above): the first class with the highest score wins.
                var strings = new string[rows];
                var winners = ArgMaxRows(raw, rows, classCount);
                for (var r = 0; r < rows; r++)
                {
                    strings[r] = labels.Strings[winners[r]];
                }
                labelTensor = new Tensor<string>(strings, [rows]);
            }
            float[] scores;
            if (classCount == 1)
            {
                scores = new float[rows * outputWidth];
                for (var r = 0; r < rows; r++)
                {
                    // ONNX Runtime applies PROBIT or LOGISTIC to the single score, then writes [1 - s, s] for two labels.
                    var s = transform switch
                    {
                        PostTransformKind.Probit => PostTransform.Probit(raw[r]),
                        PostTransformKind.Logistic => PostTransform.Logistic(raw[r]),
                        _ => raw[r],
                    };
                    if (addSecondClass && transform != PostTransformKind.Probit)
                    {
                        scores[2 * r] = 1f - s;
                        scores[(2 * r) + 1] = s;
                    }
                    else
                    {
                        scores[r * outputWidth] = s;
                    }
                }
            }
            else
            {
                scores = raw;
                PostTransform.ApplyRows(scores, classCount, transform);
            }
            return [labelTensor, new Tensor<float>(scores, [rows, outputWidth])];
        });
    }

    // Rows per block of the multi-class LinearClassifier: 2,048 rows of two scores are 16 KB, half an L1 cache.
    private const int LinearBlockRows = 2048;

    /// <summary>
    /// A classifier with integer labels and two or more score rows: scores, labels, then the post-transform, block
    /// by block, so that the label and the post-transform read scores still in the L1 cache (a linear model does
    /// little else than these passes). A row's scores do not depend on the block it is in.
    /// </summary>
    /// <remarks>
    /// Optimised from the first call: a session runs a few large batches, too few calls for tiered compilation to
    /// replace the first, unoptimised code of a loop that runs once per block.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClassifyInBlocks(float[] input, float[] weightsT, float[] intercepts, PostTransformKind transform, long[] table,
        float[] scores, long[] labels, int features)
    {
        var classCount = table.Length;
        var rows = labels.Length;
        for (var start = 0; start < rows; start += LinearBlockRows)
        {
            var count = Math.Min(LinearBlockRows, rows - start);
            var block = scores.AsSpan(start * classCount, count * classCount);
            MatrixMultiply.Multiply<float>(input.AsSpan(start * features, count * features), weightsT, block, count, features, classCount, intercepts, relu: false);
            IntLabels(block, labels.AsSpan(start, count), classCount, table);
            PostTransform.ApplyRows(block, classCount, transform);
        }
    }

    /// <summary>Per row of <paramref name="scores"/> (raw, before the post-transform), the label of the first class with the highest score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void IntLabels(ReadOnlySpan<float> scores, Span<long> labels, int classCount, long[] table)
    {
        if (classCount == 2)
        {
            // Two classes: a select, not a branch (which would mispredict on every other row).
            long negative = table[0], positive = table[1];
            for (var r = 0; r < labels.Length; r++)
            {
                var second = scores[(2 * r) + 1] > scores[2 * r] ? 1L : 0L;
                labels[r] = negative + ((positive - negative) * second);
            }
            return;
        }
        for (var r = 0; r < labels.Length; r++)
        {
            var row = scores.Slice(r * classCount, classCount);
            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            labels[r] = table[best];
        }
    }

    /// <summary>Per row, the index of the first largest score (two classes without a data-dependent branch).</summary>
    private static int[] ArgMaxRows(float[] scores, int rows, int width)
    {
        var winners = new int[rows];
        if (width == 2)
        {
            for (var r = 0; r < rows; r++)
            {
                winners[r] = scores[(2 * r) + 1] > scores[2 * r] ? 1 : 0;
            }
            return winners;
        }
        for (var r = 0; r < rows; r++)
        {
            var start = r * width;
            var best = 0;
            var max = scores[start];
            for (var c = 1; c < width; c++)
            {
                if (scores[start + c] > max)
                {
                    max = scores[start + c];
                    best = c;
                }
            }
            winners[r] = best;
        }
        return winners;
    }

    internal static Kernel LinearRegressor(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var coefficients = ctx.Floats("coefficients");
        var targets = (int)ctx.Int("targets", 1);
        var intercepts = ctx.Floats("intercepts");
        var transform = PostTransform.Parse(ctx);
        if (targets < 1 || coefficients.Length == 0 || coefficients.Length % targets != 0)
        {
            throw ctx.Fail($"has {coefficients.Length} coefficients, which is not a multiple of targets={targets}.");
        }
        if (intercepts.Length != 0 && intercepts.Length != targets)
        {
            throw ctx.Fail($"has {intercepts.Length} intercepts but targets={targets}.");
        }
        var features = coefficients.Length / targets;
        var weightsT = MatrixMultiply.Transpose<float>(coefficients, targets, features);
        ctx.OutputTypes = [OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var x = inputs.T(0);
            var rows = RowsOf(x, features, "the coefficients expect");
            var y = Buffers.Rent<float>(rows * targets); // every element is written
            MatrixMultiply.Multiply<float>(TensorConversion.ToFloats(x), weightsT, y, rows, features, targets);
            if (intercepts.Length > 0)
            {
                for (var i = 0; i < y.Length; i++)
                {
                    y[i] += intercepts[i % targets];
                }
            }
            if (targets == 1)
            {
                if (transform == PostTransformKind.Probit)
                {
                    for (var i = 0; i < y.Length; i++)
                    {
                        y[i] = PostTransform.Probit(y[i]);
                    }
                }
            }
            else
            {
                PostTransform.ApplyRows(y, targets, transform);
            }
            return Args.One(new Tensor<float>(y, [rows, targets]));
        });
    }
}
