using System.Numerics;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// TreeEnsembleClassifier and TreeEnsembleRegressor. Scores are accumulated in the precision of the
/// thresholds (single precision for the classic float attributes, double for <c>*_as_tensor</c> doubles)
/// in tree order, then finalised exactly as ONNX Runtime does (base values, averaging, the binary-class
/// conventions and the post transform).
/// </summary>
internal static class TreeEnsembleKernels
{
    public static Kernel Create(NodeContext ctx, bool classifier)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var useDouble = IsDouble(ctx, "nodes_values") || IsDouble(ctx, classifier ? "class_weights" : "target_weights") || IsDouble(ctx, "base_values");
        return useDouble ? Build<double>(ctx, classifier) : Build<float>(ctx, classifier);
    }

    private static bool IsDouble(NodeContext ctx, string name) =>
        ctx.TensorAttribute(name + "_as_tensor") is { DataType: OnnxDataType.Double };

    private static Kernel Build<T>(NodeContext ctx, bool classifier) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var prefix = classifier ? "class" : "target";
        var thresholds = Convert<T>(ctx.FloatsOrTensor("nodes_values"));
        var weights = Convert<T>(ctx.FloatsOrTensor(prefix + "_weights"));
        var baseValues = Convert<T>(ctx.FloatsOrTensor("base_values"));
        var transform = PostTransform.Parse(ctx);
        var ensemble = new TreeEnsemble<T>(ctx, prefix, thresholds, weights);

        if (!classifier)
        {
            var targets = (int)ctx.Int("n_targets", 1);
            if (targets < 1 || ensemble.MaxTarget >= targets)
            {
                throw ctx.Fail($"n_targets={targets} but a leaf writes target {ensemble.MaxTarget}.");
            }
            var aggregateText = ctx.String("aggregate_function", "SUM");
            var aggregate = aggregateText switch
            {
                "SUM" => Aggregate.Sum,
                "AVERAGE" => Aggregate.Average,
                "MIN" => Aggregate.Min,
                "MAX" => Aggregate.Max,
                _ => throw ctx.Fail($"aggregate_function '{aggregateText}' is unknown (SUM, AVERAGE, MIN, MAX)."),
            };
            ctx.OutputTypes = [OnnxDataType.Float];
            return new FuncKernel(inputs =>
            {
                var (x, rows, stride) = Input<T>(inputs.T(0), ensemble);
                var scores = new T[rows * targets];
                var has = new bool[rows * targets];
                ensemble.Accumulate(x, rows, stride, targets, aggregate, scores, has);
                return Args.One(new Tensor<float>(FinalizeRegression(scores, has, rows, targets, aggregate, baseValues, ensemble.TreeCount, transform), [rows, targets]));
            });
        }

        var labels = new MlKernels.ClassLabels(ctx, "classlabels_int64s", "classlabels_strings");
        var classes = labels.Count;
        if (classes < 2)
        {
            throw ctx.Fail($"has {classes} class label(s); a classifier needs at least two.");
        }
        if (ensemble.MaxTarget >= classes)
        {
            throw ctx.Fail($"a leaf writes class id {ensemble.MaxTarget} but there are only {classes} class labels.");
        }
        var classIds = ctx.Ints("class_ids");
        var binaryCase = classes == 2 && classIds.Distinct().Count() == 1;
        var allPositive = weights.All(w => w >= T.Zero);
        ctx.OutputTypes = [labels.Type, OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var (x, rows, stride) = Input<T>(inputs.T(0), ensemble);
            var scores = new T[rows * classes];
            var has = new bool[rows * classes];
            ensemble.Accumulate(x, rows, stride, classes, Aggregate.Sum, scores, has);
            var z = new float[rows * classes];
            var labelIndex = new int[rows];
            var intLabel = new long[rows];
            var literal = new bool[rows];
            var row = new float[classes];
            var rowHas = new bool[classes];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < classes; c++)
                {
                    row[c] = float.CreateTruncating(scores[(r * classes) + c]);
                    rowHas[c] = has[(r * classes) + c];
                }
                // Scores are finalised in single precision like ONNX Runtime's float outputs.
                var (index, isLiteral) = FinalizeClassifierRow(row, rowHas, classes, baseValues, binaryCase, allPositive, transform, z.AsSpan(r * classes, classes));
                labelIndex[r] = index;
                literal[r] = isLiteral;
            }
            Tensor labelTensor;
            if (labels.UseStrings)
            {
                labelTensor = labels.FromIndices(labelIndex, [rows]);
            }
            else
            {
                // In the mixed-weights two-class case ONNX Runtime returns the literal labels 1 and 0.
                for (var r = 0; r < rows; r++)
                {
                    intLabel[r] = literal[r] ? labelIndex[r] : labels.Ints[labelIndex[r]];
                }
                labelTensor = new Tensor<long>(intLabel, [rows]);
            }
            return [labelTensor, new Tensor<float>(z, [rows, classes])];
        });
    }

    private static T[] Convert<T>(double[] values) where T : IFloatingPointIeee754<T> => Array.ConvertAll(values, T.CreateTruncating);

    private static (T[] X, int Rows, int Stride) Input<T>(Tensor x, TreeEnsemble<T> ensemble) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (rows, stride) = MlKernels.RowsOf(x);
        if (ensemble.MaxFeature >= stride)
        {
            throw new EvaluationException($"the trees read feature {ensemble.MaxFeature} but the input has only {stride} features");
        }
        T[] data = typeof(T) == typeof(float)
            ? (T[])(object)TensorConversion.ToFloats(x)
            : (T[])(object)TensorConversion.ToDoubles(x);
        return (data, rows, stride);
    }

    private static float[] FinalizeRegression<T>(T[] scores, bool[] has, int rows, int targets, Aggregate aggregate, T[] baseValues, int trees, PostTransformKind transform)
        where T : IFloatingPointIeee754<T>
    {
        var result = new float[rows * targets];
        var n = T.CreateTruncating(trees);
        if (targets == 1)
        {
            var origin = baseValues.Length == 1 ? baseValues[0] : T.Zero;
            for (var r = 0; r < rows; r++)
            {
                var s = scores[r];
                s = aggregate switch
                {
                    Aggregate.Sum => s + origin,
                    Aggregate.Average => (s / n) + origin,
                    _ => has[r] ? s + origin : origin,
                };
                var f = float.CreateTruncating(s);
                result[r] = transform == PostTransformKind.Probit ? PostTransform.Probit(f) : f;
            }
            return result;
        }
        var useBase = baseValues.Length == targets;
        for (var i = 0; i < scores.Length; i++)
        {
            var j = i % targets;
            var s = scores[i];
            s = aggregate switch
            {
                Aggregate.Sum => useBase ? s + baseValues[j] : s,
                Aggregate.Average => useBase ? (s / n) + baseValues[j] : s / n,
                _ => (useBase ? baseValues[j] : T.Zero) + (has[i] ? s : T.Zero),
            };
            result[i] = float.CreateTruncating(s);
        }
        PostTransform.ApplyRows(result, targets, transform);
        return result;
    }

    /// <summary>
    /// ONNX Runtime's classifier finalisation for one row: base values, the winning class, and the score
    /// layout for two classes when only one class carries weights.
    /// </summary>
    /// <returns>The label as a class index, or as a literal 1/0 when <c>Literal</c> is true.</returns>
    private static (int Index, bool Literal) FinalizeClassifierRow<T>(float[] p, bool[] has, int classes, T[] baseValues, bool binaryCase, bool allPositive,
        PostTransformKind transform, Span<float> z) where T : IFloatingPointIeee754<T>
    {
        if (classes > 2)
        {
            for (var k = 0; k < baseValues.Length && k < classes; k++)
            {
                var b = float.CreateTruncating(baseValues[k]);
                if (!has[k])
                {
                    has[k] = true;
                    p[k] = b;
                }
                else
                {
                    p[k] += b;
                }
            }
            var best = -1;
            var max = 0f;
            for (var k = 0; k < classes; k++)
            {
                if (has[k] && (best == -1 || p[k] > max))
                {
                    best = k;
                    max = p[k];
                }
            }
            p.CopyTo(z);
            PostTransform.ApplyRows(z, classes, transform);
            return (Math.Max(best, 0), false);
        }

        var size = 2;
        var additional = -1;
        if (baseValues.Length == 2)
        {
            if (has[1])
            {
                p[1] = float.CreateTruncating(baseValues[1]) + p[0];
                p[0] = -p[1];
                has[1] = true;
            }
            else
            {
                p[1] += float.CreateTruncating(baseValues[1]);
                p[0] += float.CreateTruncating(baseValues[0]);
            }
        }
        else if (baseValues.Length == 1)
        {
            p[0] += float.CreateTruncating(baseValues[0]);
            if (!has[1])
            {
                size = 1;
            }
        }
        else if (baseValues.Length == 0)
        {
            additional = 3;
            if (!has[1])
            {
                size = 1;
            }
        }

        // The "positive weight" decides the label.
        var positive = size == 2 && has[1] ? p[1] : has[0] ? p[0] : 0f;
        (int, bool) label;
        if (binaryCase)
        {
            if (allPositive)
            {
                additional = positive > 0.5f ? 0 : 1;
                label = (positive > 0.5f ? 1 : 0, false);
            }
            else
            {
                additional = positive > 0 ? 2 : 3;
                label = (positive > 0 ? 1 : 0, false);
            }
        }
        else
        {
            label = (positive > 0 ? 1 : 0, true);
        }

        if (size == 2)
        {
            z[0] = p[0];
            z[1] = p[1];
            PostTransform.ApplyRows(z, 2, transform);
            return label;
        }
        var s = p[0];
        if (transform == PostTransformKind.Probit)
        {
            z[0] = PostTransform.Probit(s);
            z[1] = 0f;
        }
        else
        {
            switch (additional)
            {
                case 0:
                case 1:
                    z[0] = 1f - s;
                    z[1] = s;
                    break;
                case 2:
                case 3:
                    if (transform == PostTransformKind.Logistic)
                    {
                        z[0] = PostTransform.Logistic(-s);
                        z[1] = PostTransform.Logistic(s);
                    }
                    else
                    {
                        z[0] = -s;
                        z[1] = s;
                    }
                    break;
                default:
                    z[0] = s;
                    z[1] = 0f;
                    break;
            }
        }
        return label;
    }
}
