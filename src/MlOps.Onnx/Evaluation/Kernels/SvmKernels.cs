namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>SVMClassifier and SVMRegressor with ONNX Runtime's conventions (libsvm one-vs-one voting, Platt scaling).</summary>
internal static class SvmKernels
{
    private enum KernelType { Linear, Poly, Rbf, Sigmoid }

    private sealed class SvmKernel
    {
        public SvmKernel(NodeContext ctx)
        {
            var text = ctx.String("kernel_type", "LINEAR");
            Type = text switch
            {
                "LINEAR" => KernelType.Linear,
                "POLY" => KernelType.Poly,
                "RBF" => KernelType.Rbf,
                "SIGMOID" => KernelType.Sigmoid,
                _ => throw ctx.Fail($"kernel_type '{text}' is unknown (LINEAR, POLY, RBF, SIGMOID)."),
            };
            var p = ctx.Floats("kernel_params");
            if (p.Length is not (0 or 3))
            {
                throw ctx.Fail($"kernel_params must hold gamma, coef0 and degree (3 values) but has {p.Length}.");
            }
            if (p.Length == 3)
            {
                Gamma = p[0];
                Coef0 = p[1];
                Degree = p[2];
            }
        }

        public KernelType Type { get; set; }

        public float Gamma { get; }

        public float Coef0 { get; }

        public float Degree { get; }

        /// <summary>out[r, v] = K(x_r, vector_v) (+ <paramref name="constant"/> for the linear kernel).</summary>
        public float[] Apply(float[] x, int rows, float[] vectors, int count, int features, float constant)
        {
            var result = new float[rows * count];
            if (Type == KernelType.Rbf)
            {
                for (var r = 0; r < rows; r++)
                {
                    for (var v = 0; v < count; v++)
                    {
                        var sum = 0f;
                        for (var f = 0; f < features; f++)
                        {
                            var d = x[(r * features) + f] - vectors[(v * features) + f];
                            sum += d * d;
                        }
                        result[(r * count) + v] = MathF.Exp(-Gamma * sum);
                    }
                }
                return result;
            }
            var transposed = MatrixMultiply.Transpose<float>(vectors, count, features);
            MatrixMultiply.Multiply<float>(x, transposed, result, rows, features, count);
            var alpha = Type == KernelType.Linear ? 1f : Gamma;
            var c = Type == KernelType.Linear ? constant : Coef0;
            for (var i = 0; i < result.Length; i++)
            {
                var dot = (alpha * result[i]) + c;
                result[i] = Type switch
                {
                    KernelType.Poly => Degree == 2 ? dot * dot : Degree == 3 ? dot * dot * dot : MathF.Pow(dot, Degree),
                    KernelType.Sigmoid => MathF.Tanh(dot),
                    _ => dot,
                };
            }
            return result;
        }
    }

    public static Kernel Classifier(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var kernel = new SvmKernel(ctx);
        var vectorsPerClass = ctx.Ints("vectors_per_class");
        var probA = ctx.Floats("prob_a");
        var probB = ctx.Floats("prob_b");
        var supportVectors = ctx.Floats("support_vectors");
        var rho = ctx.Floats("rho");
        var coefficients = ctx.Floats("coefficients");
        var transform = PostTransform.Parse(ctx);
        var labels = new MlKernels.ClassLabels(ctx, "classlabels_ints", "classlabels_strings");
        if (probA.Length != probB.Length)
        {
            throw ctx.Fail($"prob_a has {probA.Length} values but prob_b has {probB.Length}.");
        }
        if (labels.Count == 0)
        {
            throw ctx.Fail("has no class labels (classlabels_ints or classlabels_strings).");
        }
        if (coefficients.Length == 0 || rho.Length == 0)
        {
            throw ctx.Fail("needs coefficients and rho.");
        }
        var classes = labels.Count;
        var starts = new int[vectorsPerClass.Length];
        var vectorCount = 0;
        for (var i = 0; i < vectorsPerClass.Length; i++)
        {
            if (vectorsPerClass[i] < 0)
            {
                throw ctx.Fail($"vectors_per_class[{i}] is negative.");
            }
            starts[i] = vectorCount;
            vectorCount = checked(vectorCount + (int)vectorsPerClass[i]);
        }
        var svc = vectorCount > 0;
        int features;
        var classifiers = classes * (classes - 1) / 2;
        if (svc)
        {
            if (vectorsPerClass.Length != classes || supportVectors.Length % vectorCount != 0)
            {
                throw ctx.Fail($"vectors_per_class ({vectorsPerClass.Length} classes, {vectorCount} vectors) does not match {classes} labels and {supportVectors.Length} support-vector values.");
            }
            features = supportVectors.Length / vectorCount;
            if (coefficients.Length < (classes - 1) * vectorCount || rho.Length < classifiers || (probA.Length > 0 && probA.Length < classifiers))
            {
                throw ctx.Fail($"needs {(classes - 1) * vectorCount} coefficients and {classifiers} rho values for {classes} classes and {vectorCount} support vectors.");
            }
        }
        else
        {
            kernel.Type = KernelType.Linear;
            if (coefficients.Length % classes != 0)
            {
                throw ctx.Fail($"has {coefficients.Length} coefficients, not a multiple of the {classes} classes.");
            }
            features = coefficients.Length / classes;
        }
        var haveProba = probA.Length > 0;
        var allPositive = coefficients.All(c => c >= 0f);
        var finalWidth = svc && !haveProba ? (classes > 2 ? classifiers : 2) : classes;
        ctx.OutputTypes = [labels.Type, OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var xt = inputs.T(0);
            var rows = MlKernels.RowsOf(xt, features, "the model expects");
            var x = TensorConversion.ToFloats(xt);
            var z = new float[rows * finalWidth];
            var labelIndex = new int[rows];
            var literal = new bool[rows];
            if (!svc)
            {
                var scores = kernel.Apply(x, rows, coefficients, classes, features, rho[0]);
                for (var r = 0; r < rows; r++)
                {
                    var row = scores.AsSpan(r * classes, classes);
                    var best = 0;
                    for (var c = 1; c < classes; c++)
                    {
                        if (row[c] > row[best])
                        {
                            best = c;
                        }
                    }
                    (labelIndex[r], literal[r]) = ChooseClass(classifiers, classes, row[best], best, haveProba, allPositive);
                    row.CopyTo(z.AsSpan(r * finalWidth, classes));
                    UpdateScores(z.AsSpan(r * finalWidth, finalWidth), classes, transform, -1);
                }
            }
            else
            {
                var kernels = kernel.Apply(x, rows, supportVectors, vectorCount, features, 0f);
                var pairScores = new float[classifiers];
                var votes = new long[classes];
                var probs = new float[classes * classes];
                var write = !haveProba && classes <= 2 ? (transform == PostTransformKind.None ? 2 : 0) : -1;
                for (var r = 0; r < rows; r++)
                {
                    Array.Clear(votes);
                    var k = kernels.AsSpan(r * vectorCount, vectorCount);
                    var index = 0;
                    for (var i = 0; i < classes - 1; i++)
                    {
                        for (var j = i + 1; j < classes; j++)
                        {
                            double sum = 0;
                            for (var m = 0; m < vectorsPerClass[i]; m++)
                            {
                                sum += coefficients[((j - 1) * vectorCount) + starts[i] + m] * k[starts[i] + m];
                            }
                            for (var m = 0; m < vectorsPerClass[j]; m++)
                            {
                                sum += coefficients[(i * vectorCount) + starts[j] + m] * k[starts[j] + m];
                            }
                            sum += rho[index];
                            pairScores[index++] = (float)sum;
                            votes[sum > 0 ? i : j]++;
                        }
                    }
                    var outRow = z.AsSpan(r * finalWidth, finalWidth);
                    if (haveProba)
                    {
                        Array.Clear(probs);
                        index = 0;
                        for (var i = 0; i < classes - 1; i++)
                        {
                            var p1 = (i * classes) + i + 1;
                            var p2 = ((i + 1) * classes) + i;
                            for (var j = i + 1; j < classes; j++, index++)
                            {
                                var val1 = 1f - PostTransform.Logistic((pairScores[index] * probA[index]) + probB[index]);
                                var val2 = Math.Min(Math.Max(val1, 1.0e-7f), 1 - 1.0e-7f);
                                probs[p1] = val2;
                                probs[p2] = 1 - val2;
                                p1++;
                                p2 += classes;
                            }
                        }
                        MulticlassProbability(classes, probs, outRow);
                    }
                    else
                    {
                        pairScores.AsSpan().CopyTo(outRow);
                    }
                    var maxClass = 0;
                    for (var c = 1; c < classes; c++)
                    {
                        if (votes[c] > votes[maxClass])
                        {
                            maxClass = c;
                        }
                    }
                    (labelIndex[r], literal[r]) = ChooseClass(classifiers, classes, 0f, maxClass, haveProba, allPositive);
                    UpdateScores(outRow, haveProba ? classes : classifiers, transform, write);
                }
            }
            Tensor labelTensor;
            if (labels.UseStrings)
            {
                labelTensor = new Tensor<string>(labelIndex.Select((c, r) => literal[r] ? (c == 1 ? "1" : "0") : labels.Strings[c]).ToArray(), [rows]);
            }
            else
            {
                labelTensor = new Tensor<long>(labelIndex.Select((c, r) => literal[r] ? c : labels.Ints[c]).ToArray(), [rows]);
            }
            return [labelTensor, new Tensor<float>(z, [rows, finalWidth])];
        });
    }

    /// <returns>The class index, or a literal 1/0 label when <c>Literal</c> is true.</returns>
    private static (int Index, bool Literal) ChooseClass(int classifiers, int classes, float maxWeight, int maxClass, bool haveProba, bool allPositive)
    {
        if (classifiers != 1)
        {
            return (maxClass, false);
        }
        if (classes == 2)
        {
            if (!haveProba)
            {
                if (allPositive && maxWeight >= 0.5f)
                {
                    return (1, false);
                }
                if (maxWeight > 0 && !allPositive)
                {
                    return (1, false);
                }
            }
            return (maxClass, false);
        }
        return (maxWeight > 0 ? 1 : 0, true);
    }

    /// <summary>ONNX Runtime's batched_update_scores_inplace for one row of <paramref name="width"/> scores.</summary>
    private static void UpdateScores(Span<float> row, int width, PostTransformKind transform, int addSecondClass)
    {
        if (width > 1)
        {
            PostTransform.ApplyRows(row[..width], width, transform);
            return;
        }
        if (transform == PostTransformKind.Probit)
        {
            row[0] = PostTransform.Probit(row[0]);
            return;
        }
        if (addSecondClass < 0)
        {
            return;
        }
        var s = row[0];
        if (addSecondClass is 0 or 1)
        {
            row[0] = 1f - s;
            row[1] = s;
        }
        else if (transform == PostTransformKind.Logistic)
        {
            row[0] = PostTransform.Logistic(-s);
            row[1] = PostTransform.Logistic(s);
        }
        else
        {
            row[0] = -s;
            row[1] = s;
        }
    }

    /// <summary>Pairwise coupling (Wu, Lin and Weng 2004) as in libsvm and ONNX Runtime, in single precision.</summary>
    private static void MulticlassProbability(int k, float[] r, Span<float> p)
    {
        var q = new float[k * k];
        var qp = new float[k];
        var eps = 0.005f / k;
        for (var i = 0; i < k; i++)
        {
            p[i] = 1.0f / k;
            for (var j = 0; j < i; j++)
            {
                q[(i * k) + i] += r[(j * k) + i] * r[(j * k) + i];
                q[(i * k) + j] = q[(j * k) + i];
            }
            for (var j = i + 1; j < k; j++)
            {
                q[(i * k) + i] += r[(j * k) + i] * r[(j * k) + i];
                q[(i * k) + j] = -r[(j * k) + i] * r[(i * k) + j];
            }
        }
        for (var loop = 0; loop < 100; loop++)
        {
            var pqp = 0f;
            for (var i = 0; i < k; i++)
            {
                qp[i] = 0;
                for (var j = 0; j < k; j++)
                {
                    qp[i] += q[(i * k) + j] * p[j];
                }
                pqp += p[i] * qp[i];
            }
            var maxError = 0f;
            for (var i = 0; i < k; i++)
            {
                var error = MathF.Abs(qp[i] - pqp);
                if (error > maxError)
                {
                    maxError = error;
                }
            }
            if (maxError < eps)
            {
                break;
            }
            for (var i = 0; i < k; i++)
            {
                var diff = (-qp[i] + pqp) / q[(i * k) + i];
                p[i] += diff;
                pqp = (pqp + (diff * ((diff * q[(i * k) + i]) + (2 * qp[i])))) / (1 + diff) / (1 + diff);
                for (var j = 0; j < k; j++)
                {
                    qp[j] = (qp[j] + (diff * q[(i * k) + j])) / (1 + diff);
                    p[j] /= 1 + diff;
                }
            }
        }
    }

    public static Kernel Regressor(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, OnnxDataType.Float, OnnxDataType.Double, OnnxDataType.Int64, OnnxDataType.Int32);
        var kernel = new SvmKernel(ctx);
        var supports = (int)ctx.Int("n_supports", 0);
        var oneClass = ctx.Int("one_class", 0) != 0;
        var rho = ctx.Floats("rho");
        var coefficients = ctx.Floats("coefficients");
        var supportVectors = ctx.Floats("support_vectors");
        var transform = PostTransform.Parse(ctx);
        if (rho.Length == 0 || coefficients.Length == 0)
        {
            throw ctx.Fail("needs coefficients and rho.");
        }
        var svc = supports > 0;
        int features;
        if (svc)
        {
            if (supportVectors.Length % supports != 0 || coefficients.Length < supports)
            {
                throw ctx.Fail($"n_supports={supports} does not match {supportVectors.Length} support-vector values and {coefficients.Length} coefficients.");
            }
            features = supportVectors.Length / supports;
        }
        else
        {
            kernel.Type = KernelType.Linear;
            features = coefficients.Length;
        }
        ctx.OutputTypes = [OnnxDataType.Float];
        return new FuncKernel(inputs =>
        {
            var xt = inputs.T(0);
            var rows = MlKernels.RowsOf(xt, features, "the model expects");
            var x = TensorConversion.ToFloats(xt);
            float[] y;
            if (svc)
            {
                var k = kernel.Apply(x, rows, supportVectors, supports, features, 0f);
                y = new float[rows];
                for (var r = 0; r < rows; r++)
                {
                    var sum = 0f;
                    for (var v = 0; v < supports; v++)
                    {
                        sum += coefficients[v] * k[(r * supports) + v];
                    }
                    y[r] = sum + rho[0];
                }
            }
            else
            {
                y = kernel.Apply(x, rows, coefficients, 1, features, rho[0]);
            }
            for (var r = 0; r < rows; r++)
            {
                if (oneClass)
                {
                    y[r] = y[r] > 0 ? 1f : -1f;
                }
                if (transform == PostTransformKind.Probit)
                {
                    y[r] = PostTransform.Probit(y[r]);
                }
            }
            return Args.One(new Tensor<float>(y, [rows, 1]));
        });
    }
}
