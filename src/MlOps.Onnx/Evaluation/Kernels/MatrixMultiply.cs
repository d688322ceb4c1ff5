using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// Dense matrix product C = A·B (+ bias, then ReLU, when fused) for row-major float/double matrices,
/// written for determinism first: every output element is accumulated in ascending k order starting from
/// zero; the bias is added after the last term. SIMD runs across output columns only, so a row's result does
/// not depend on the batch it is in or on thread count. Vector columns use fused multiply-add where the CPU
/// has it (every x64 CPU since 2013); the last columns that do not fill a vector use a separate multiply and add.
/// </summary>
internal static class MatrixMultiply
{
    /// <summary>C[m,n] = A[m,k] · B[k,n].</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, INumber<T> => Multiply(a, b, c, m, k, n, default, relu: false);

    /// <summary>C[m,n] = A[m,k] · B[k,n] + bias[n] (when given), then max(·, 0) when <paramref name="relu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, ReadOnlySpan<T> bias, bool relu)
        where T : unmanaged, INumber<T>
    {
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new EvaluationException($"bias has {bias.Length} values for {n} columns");
        }
        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length)
        {
            throw new EvaluationException("matrix sizes do not match the buffers");
        }
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            c[..(m * n)].Clear();
            Epilogue(c[..(m * n)], n, bias, relu);
            return;
        }
        var epilogue = !bias.IsEmpty || relu;
        fixed (T* pa = a, pb = b, pc = c)
        {
            var w = Vector.IsHardwareAccelerated ? Vector<T>.Count : int.MaxValue;
            var i = 0;
            if (n <= 2 && n < w)
            {
                // Narrow outputs (linear models: one or two scores per row): all columns of four rows per pass over A.
                Narrow(pa, pb, pc, m, k, n);
                i = m - (m % 4);
                if (epilogue)
                {
                    Epilogue(new Span<T>(pc, i * n), n, bias, relu);
                }
            }
            for (; i + 4 <= m && !(n <= 2 && n < w); i += 4)
            {
                var j = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; j + (2 * w) <= n; j += 2 * w)
                    {
                        Block4x2(pa + ((long)i * k), pb + j, pc + ((long)i * n) + j, k, n);
                    }
                    for (; j + w <= n; j += w)
                    {
                        Block4x1(pa + ((long)i * k), pb + j, pc + ((long)i * n) + j, k, n);
                    }
                }
                for (; j < n; j++)
                {
                    Scalar4(pa + ((long)i * k), pb + j, pc + ((long)i * n) + j, k, n);
                }
                if (epilogue)
                {
                    // While the four rows are still in cache: bias after the complete sum, then ReLU.
                    Epilogue(new Span<T>(pc + ((long)i * n), 4 * n), n, bias, relu);
                }
            }
            for (; i < m; i++)
            {
                var j = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; j + w <= n; j += w)
                    {
                        Block1x1(pa + ((long)i * k), pb + j, pc + ((long)i * n) + j, k, n);
                    }
                }
                for (; j < n; j++)
                {
                    var s = T.Zero;
                    var pr = pa + ((long)i * k);
                    for (var p = 0; p < k; p++)
                    {
                        s += pr[p] * pb[((long)p * n) + j];
                    }
                    pc[((long)i * n) + j] = s;
                }
                if (epilogue)
                {
                    Epilogue(new Span<T>(pc + ((long)i * n), n), n, bias, relu);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Epilogue<T>(Span<T> c, int n, ReadOnlySpan<T> bias, bool relu) where T : unmanaged, INumber<T>
    {
        var w = Vector<T>.Count;
        fixed (T* pc = c, pbias = bias)
        {
            for (var r = 0; r < c.Length; r += n)
            {
                var row = pc + r;
                var j = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; j + w <= n; j += w)
                    {
                        var v = Load(row + j);
                        if (pbias != null)
                        {
                            v += Load(pbias + j);
                        }
                        if (relu)
                        {
                            // Branch-free: half the values are negative after a layer, a branch would mispredict.
                            v = Vector.ConditionalSelect(Vector.LessThan(v, Vector<T>.Zero), Vector<T>.Zero, v);
                        }
                        Store(row + j, v);
                    }
                }
                for (; j < n; j++)
                {
                    var v = row[j];
                    if (pbias != null)
                    {
                        v += pbias[j];
                    }
                    row[j] = relu && v < T.Zero ? T.Zero : v;
                }
            }
        }
    }

    /// <summary>c + a·b, fused on CPUs with FMA (one rounding), else multiply then add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MulAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, INumber<T>
    {
        if (Fma.IsSupported && Vector<byte>.Count == 32)
        {
            if (typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(a.AsVector256().AsSingle(), b.AsVector256().AsSingle(), c.AsVector256().AsSingle()).As<float, T>().AsVector();
            }
            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(a.AsVector256().AsDouble(), b.AsVector256().AsDouble(), c.AsVector256().AsDouble()).As<double, T>().AsVector();
            }
        }
        return (a * b) + c;
    }


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<T> Load<T>(T* p) where T : unmanaged => Unsafe.ReadUnaligned<Vector<T>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<T>(T* p, Vector<T> v) where T : unmanaged => Unsafe.WriteUnaligned(p, v);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block4x2<T>(T* a, T* b, T* c, int k, int n) where T : unmanaged, INumber<T>
    {
        var w = Vector<T>.Count;
        Vector<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        T* a0 = a, a1 = a + k, a2 = a + (2 * k), a3 = a + (3 * k);
        for (var p = 0; p < k; p++)
        {
            var row = b + ((long)p * n);
            var b0 = Load(row);
            var b1 = Load(row + w);
            var x = new Vector<T>(a0[p]);
            c00 = MulAdd(x, b0, c00);
            c01 = MulAdd(x, b1, c01);
            x = new Vector<T>(a1[p]);
            c10 = MulAdd(x, b0, c10);
            c11 = MulAdd(x, b1, c11);
            x = new Vector<T>(a2[p]);
            c20 = MulAdd(x, b0, c20);
            c21 = MulAdd(x, b1, c21);
            x = new Vector<T>(a3[p]);
            c30 = MulAdd(x, b0, c30);
            c31 = MulAdd(x, b1, c31);
        }
        Store(c, c00);
        Store(c + w, c01);
        Store(c + n, c10);
        Store(c + n + w, c11);
        Store(c + (2 * n), c20);
        Store(c + (2 * n) + w, c21);
        Store(c + (3 * n), c30);
        Store(c + (3 * n) + w, c31);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block4x1<T>(T* a, T* b, T* c, int k, int n) where T : unmanaged, INumber<T>
    {
        Vector<T> c0 = default, c1 = default, c2 = default, c3 = default;
        for (var p = 0; p < k; p++)
        {
            var b0 = Load(b + ((long)p * n));
            c0 = MulAdd(new Vector<T>(a[p]), b0, c0);
            c1 = MulAdd(new Vector<T>(a[k + p]), b0, c1);
            c2 = MulAdd(new Vector<T>(a[(2 * k) + p]), b0, c2);
            c3 = MulAdd(new Vector<T>(a[(3 * k) + p]), b0, c3);
        }
        Store(c, c0);
        Store(c + n, c1);
        Store(c + (2 * n), c2);
        Store(c + (3 * n), c3);
    }

    private static unsafe void Block1x1<T>(T* a, T* b, T* c, int k, int n) where T : unmanaged, INumber<T>
    {
        Vector<T> c0 = default;
        for (var p = 0; p < k; p++)
        {
            c0 = MulAdd(new Vector<T>(a[p]), Load(b + ((long)p * n)), c0);
        }
        Store(c, c0);
    }

    /// <summary>Rows in blocks of four, one or two columns, eight independent k-ordered chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Narrow<T>(T* a, T* b, T* c, int m, int k, int n) where T : unmanaged, INumber<T>
    {
        var i = 0;
        if (typeof(T) == typeof(float) && Avx2.IsSupported && (long)k * 7 <= int.MaxValue)
        {
            i = NarrowEightRows((float*)a, (float*)b, (float*)c, m, k, n);
        }
        for (; i + 4 <= m; i += 4)
        {
            var a0 = a + ((long)i * k);
            var a1 = a0 + k;
            var a2 = a1 + k;
            var a3 = a2 + k;
            var o = c + ((long)i * n);
            if (n == 1)
            {
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    var bv = b[p];
                    s0 += a0[p] * bv;
                    s1 += a1[p] * bv;
                    s2 += a2[p] * bv;
                    s3 += a3[p] * bv;
                }
                o[0] = s0;
                o[1] = s1;
                o[2] = s2;
                o[3] = s3;
            }
            else
            {
                T s00 = T.Zero, s01 = T.Zero, s10 = T.Zero, s11 = T.Zero, s20 = T.Zero, s21 = T.Zero, s30 = T.Zero, s31 = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    var b0 = b[2 * p];
                    var b1 = b[(2 * p) + 1];
                    s00 += a0[p] * b0;
                    s01 += a0[p] * b1;
                    s10 += a1[p] * b0;
                    s11 += a1[p] * b1;
                    s20 += a2[p] * b0;
                    s21 += a2[p] * b1;
                    s30 += a3[p] * b0;
                    s31 += a3[p] * b1;
                }
                o[0] = s00;
                o[1] = s01;
                o[2] = s10;
                o[3] = s11;
                o[4] = s20;
                o[5] = s21;
                o[6] = s30;
                o[7] = s31;
            }
        }
    }

    /// <summary>
    /// <see cref="Narrow{T}"/> for float, eight rows per pass with one row in each vector lane. Each lane adds its
    /// row's products in ascending k order with a separate multiply and add, exactly the operations of the scalar
    /// chains, so the results are the same bits; the vector only runs eight chains at once. Linear classifiers spend
    /// their time here: 20 features and two scores per row leave nothing to vectorise across columns. Returns the
    /// rows done (a multiple of eight).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int NarrowEightRows(float* a, float* b, float* c, int m, int k, int n)
    {
        var i = 0;
        for (; i + 8 <= m; i += 8)
        {
            var rows = a + ((long)i * k);
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            var p = 0;
            if (n == 1)
            {
                for (; p + 4 <= k; p += 4)
                {
                    // Columns p..p+3 of the eight rows, transposed so that vector j holds column p+j of rows 0..7
                    // (gathers would do the same but are microcoded and slower than these shuffles on AMD CPUs).
                    var (x0, x1, x2, x3) = Transpose8x4(rows + p, k);
                    s0 = Avx.Add(s0, Avx.Multiply(x0, Vector256.Create(b[p])));
                    s0 = Avx.Add(s0, Avx.Multiply(x1, Vector256.Create(b[p + 1])));
                    s0 = Avx.Add(s0, Avx.Multiply(x2, Vector256.Create(b[p + 2])));
                    s0 = Avx.Add(s0, Avx.Multiply(x3, Vector256.Create(b[p + 3])));
                }
                for (; p < k; p++)
                {
                    s0 = Avx.Add(s0, Avx.Multiply(Column(rows + p, k), Vector256.Create(b[p])));
                }
                Avx.Store(c + i, s0);
                continue;
            }
            for (; p + 4 <= k; p += 4)
            {
                var (x0, x1, x2, x3) = Transpose8x4(rows + p, k);
                var w = b + (2 * p);
                s0 = Avx.Add(s0, Avx.Multiply(x0, Vector256.Create(w[0])));
                s1 = Avx.Add(s1, Avx.Multiply(x0, Vector256.Create(w[1])));
                s0 = Avx.Add(s0, Avx.Multiply(x1, Vector256.Create(w[2])));
                s1 = Avx.Add(s1, Avx.Multiply(x1, Vector256.Create(w[3])));
                s0 = Avx.Add(s0, Avx.Multiply(x2, Vector256.Create(w[4])));
                s1 = Avx.Add(s1, Avx.Multiply(x2, Vector256.Create(w[5])));
                s0 = Avx.Add(s0, Avx.Multiply(x3, Vector256.Create(w[6])));
                s1 = Avx.Add(s1, Avx.Multiply(x3, Vector256.Create(w[7])));
            }
            for (; p < k; p++)
            {
                var x = Column(rows + p, k);
                s0 = Avx.Add(s0, Avx.Multiply(x, Vector256.Create(b[2 * p])));
                s1 = Avx.Add(s1, Avx.Multiply(x, Vector256.Create(b[(2 * p) + 1])));
            }
            // Back to row-major [row][score]: interleave within 128-bit halves, then put the halves in row order.
            var low = Avx.UnpackLow(s0, s1);   // rows 0, 1 | rows 4, 5
            var high = Avx.UnpackHigh(s0, s1); // rows 2, 3 | rows 6, 7
            Avx.Store(c + (2L * i), Avx.Permute2x128(low, high, 0x20));
            Avx.Store(c + (2L * i) + 8, Avx.Permute2x128(low, high, 0x31));
        }
        return i;
    }

    /// <summary>One value of each of eight rows (stride <paramref name="k"/>): the columns left after the groups of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Column(float* p, int k) =>
        Vector256.Create(p[0], p[k], p[2L * k], p[3L * k], p[4L * k], p[5L * k], p[6L * k], p[7L * k]);

    /// <summary>Four consecutive values of eight rows (stride <paramref name="k"/>), as four vectors of one column each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Transpose8x4(float* p, int k)
    {
        // Row r in the low half, row r+4 in the high half; a 4x4 transpose inside each half then gives rows 0..7 in order.
        var r0 = Vector256.Create(Sse.LoadVector128(p), Sse.LoadVector128(p + (4L * k)));
        var r1 = Vector256.Create(Sse.LoadVector128(p + k), Sse.LoadVector128(p + (5L * k)));
        var r2 = Vector256.Create(Sse.LoadVector128(p + (2L * k)), Sse.LoadVector128(p + (6L * k)));
        var r3 = Vector256.Create(Sse.LoadVector128(p + (3L * k)), Sse.LoadVector128(p + (7L * k)));
        var t0 = Avx.UnpackLow(r0, r1).AsDouble();  // a0 b0 a1 b1
        var t1 = Avx.UnpackHigh(r0, r1).AsDouble(); // a2 b2 a3 b3
        var t2 = Avx.UnpackLow(r2, r3).AsDouble();  // c0 d0 c1 d1
        var t3 = Avx.UnpackHigh(r2, r3).AsDouble(); // c2 d2 c3 d3
        return (Avx.UnpackLow(t0, t2).AsSingle(), Avx.UnpackHigh(t0, t2).AsSingle(),
                Avx.UnpackLow(t1, t3).AsSingle(), Avx.UnpackHigh(t1, t3).AsSingle());
    }

    private static unsafe void Scalar4<T>(T* a, T* b, T* c, int k, int n) where T : unmanaged, INumber<T>
    {
        // Four independent accumulation chains (one per row) keep the adder busy; each is still in k order.
        T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
        for (var p = 0; p < k; p++)
        {
            var bv = b[(long)p * n];
            s0 += a[p] * bv;
            s1 += a[k + p] * bv;
            s2 += a[(2 * k) + p] * bv;
            s3 += a[(3 * k) + p] * bv;
        }
        c[0] = s0;
        c[n] = s1;
        c[2 * n] = s2;
        c[3 * n] = s3;
    }

    /// <summary>Generic (any numeric type, no SIMD) product, for int32/int64 MatMul.</summary>
    public static void MultiplyScalar<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n) where T : INumber<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    s += a[(i * k) + p] * b[(p * n) + j];
                }
                c[(i * n) + j] = s;
            }
        }
    }

    /// <summary>Transposes a row-major [rows, cols] matrix.</summary>
    public static T[] Transpose<T>(ReadOnlySpan<T> source, int rows, int cols)
    {
        var result = new T[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                result[(c * rows) + r] = source[(r * cols) + c];
            }
        }
        return result;
    }
}
