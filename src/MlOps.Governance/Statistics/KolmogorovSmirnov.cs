namespace MlOps.Governance.Statistics;

/// <summary>
/// The two-sided two-sample Kolmogorov–Smirnov p-value, computed as scipy.stats.ks_2samp does with
/// method='auto': exact (lattice path counting) when both samples have at most 10,000 values, otherwise
/// the distribution of the one-sample statistic for n = round(n1·n2 / (n1 + n2)) (scipy's kstwo.sf).
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's MAX_AUTO_N: the largest sample size for which 'auto' computes the exact p-value.</summary>
    public const long ExactLimit = 10_000;

    /// <summary>The p-value of statistic <paramref name="d"/> for samples of sizes <paramref name="n1"/> and <paramref name="n2"/>.</summary>
    public static double TwoSamplePValue(double d, long n1, long n2)
    {
        if (n1 <= 0 || n2 <= 0 || double.IsNaN(d))
        {
            return double.NaN;
        }
        if (Math.Max(n1, n2) <= ExactLimit)
        {
            var exact = TryExact(d, n1, n2);
            if (exact is { } p)
            {
                return Math.Clamp(p, 0.0, 1.0);
            }
        }
        var m = (double)Math.Max(n1, n2);
        var n = (double)Math.Min(n1, n2);
        var en = m * n / (m + n);
        return Math.Clamp(OneSampleSurvival(Math.Round(en, MidpointRounding.ToEven), d), 0.0, 1.0);
    }

    private static double? TryExact(double d, long n1, long n2)
    {
        var g = Gcd(n1, n2);
        var lcm = n1 / g * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        if (h == 0)
        {
            return 1.0;
        }
        var p = n1 == n2 ? ProbabilityOutsideSquare(n1, h) : ProbabilityOutsideInside(n1, n2, g, h);
        return p is >= 0 and <= 1 && !double.IsNaN(p) ? p : null;
    }

    // Pr(D_{n,n} >= h/n): 2 * sum of alternating binomial ratios, Horner form (scipy _compute_prob_outside_square).
    private static double ProbabilityOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = n / h;
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    // The share of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| < h/lcm: one column of path
    // counts at a time over a sliding window, rescaled by powers of two to keep the huge counts in range, then
    // divided by C(m+n, n) (scipy _compute_outer_prob_inside_method).
    private static double ProbabilityOutsideInside(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }
        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min(CeilDiv(h, mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        for (var j = minj; j < maxj && j < lenA; j++)
        {
            a[j] = 1;
        }
        var exponent = 0;
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max(FloorDiv(ng * i - h, mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min(CeilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }
            // A(x, y) = A(x, y-1) + A(x-1, y): a running sum over the previous column's window (read ahead of the write).
            var offset = minj - lastminj;
            var sum = 0.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var idx = jj + offset;
                sum += idx < a.Length ? a[idx] : 0.0;
                a[jj] = sum;
            }
            curlen = maxj - minj;
            for (var k = curlen; k < lastlen && k < a.Length; k++)
            {
                a[k] = 0;
            }
            var top = FrexpExponent(a[curlen - 1]);
            if (top > 900)
            {
                var shift = top - 800;
                for (var k = 0; k < a.Length; k++)
                {
                    a[k] = Math.ScaleB(a[k], -shift);
                }
                exponent += shift;
            }
        }
        var val = a[maxj - minj - 1];
        for (long i = 1; i <= n; i++)
        {
            val = val * i / (m + i);
            var e = FrexpExponent(val);
            if (e < -128)
            {
                val = Math.ScaleB(val, -e);
                exponent += e;
            }
        }
        return 1 - Math.ScaleB(val, exponent);
    }

    // The exponent of frexp: x = f·2^e with 0.5 <= |f| < 1.
    private static int FrexpExponent(double x) => x == 0 || !double.IsFinite(x) ? 0 : Math.ILogB(x) + 1;

    /// <summary>
    /// P(D_n ≥ d) for the one-sample two-sided statistic (scipy's kstwo.sf, Simard &amp; L'Ecuyer's choice of
    /// method): exact end regions, 2·smirnov(n, d) where that is accurate, otherwise Pelz–Good's expansion.
    /// </summary>
    public static double OneSampleSurvival(double n, double d)
    {
        if (d >= 1.0)
        {
            return 0.0;
        }
        if (d <= 0.0)
        {
            return 1.0;
        }
        var t = n * d;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }
            // Ruben–Gambino: CDF = n!/n^n (2t - 1)^n.
            var logCdf = LogFactorialOverPower(n) + n * Math.Log(2 * t - 1);
            return 1.0 - Math.Exp(logCdf);
        }
        if (t >= n - 1)
        {
            return 2 * Math.Pow(1.0 - d, n);
        }
        if (d >= 0.5)
        {
            return Math.Min(1.0, 2 * SmirnovSurvival(n, d));
        }
        var nxSquared = t * d;
        if (nxSquared >= 370.0)
        {
            return 0.0;
        }
        if (nxSquared >= 2.2)
        {
            return Math.Min(1.0, 2 * SmirnovSurvival(n, d));
        }
        return 1.0 - PelzGoodCdf(n, d);
    }

    /// <summary>The exact one-sided P(D_n⁺ ≥ d) (Birnbaum–Tingey), summed in log space.</summary>
    public static double SmirnovSurvival(double n, double d)
    {
        var nn = (long)n;
        var last = (long)Math.Floor(n * (1 - d));
        var logBinomial = 0.0; // ln C(n, 0)
        var sum = 0.0;
        for (long j = 0; j <= last; j++)
        {
            if (j > 0)
            {
                logBinomial += Math.Log(nn - j + 1) - Math.Log(j);
            }
            var u = 1 - d - (double)j / n;
            var v = d + (double)j / n;
            if (u <= 0)
            {
                continue;
            }
            var logTerm = logBinomial + (n - j) * Math.Log(u) + (j - 1) * Math.Log(v);
            sum += Math.Exp(logTerm);
        }
        return d * sum;
    }

    private static double LogFactorialOverPower(double n) => SpecialFunctions.LogGamma(n + 1) - n * Math.Log(n);

    // Pelz & Good (1976): P(D_n <= x) ≈ K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 with z = x√n (as scipy _kolmogn_PelzGood).
    private static double PelzGoodCdf(double n, double x)
    {
        const double pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        var z = Math.Sqrt(n) * x;
        var z2 = z * z;
        var z3 = z2 * z;
        var z4 = z2 * z2;
        var z6 = z4 * z2;
        var qlog = -pi2 / 8 / z2;
        if (qlog < -708)
        {
            return 0.0;
        }
        var q = Math.Exp(qlog);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = 6 * z6 + 2 * z4;
        var k2b = (2 * z4 - 5 * z2) * pi2 / 4;
        var k2c = pi4 * (1 - 2 * z2) / 16;
        var k3d = pi6 * (5 - 30 * z2) / 64;
        var k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        var k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        var k3a = -30 * z6 - 90 * z4 * z4;
        Span<double> k = stackalloc double[4];
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var kk = maxk; kk > 0; kk--)
        {
            double m = 2 * kk - 1;
            var m2 = m * m;
            var m4 = m2 * m2;
            var m6 = m4 * m2;
            var qpower = Math.Pow(q, 8 * kk);
            k[0] = k[0] * qpower + 1.0;
            k[1] = k[1] * qpower + k1a + k1b * m2;
            k[2] = k[2] * qpower + k2a + k2b * m2 + k2c * m4;
            k[3] = k[3] * qpower + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }
        for (var i = 0; i < 4; i++)
        {
            k[i] *= q * sqrt2Pi;
        }
        k[0] /= z;
        k[1] /= 6 * z4;
        k[2] /= 72 * z6 * z;
        k[3] /= 6480 * z4 * z6;
        var q2 = Math.Exp(-pi2 / 2 / z2);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2extra = 0, k3extra = 0;
        for (var kk = maxk; kk > 0; kk--)
        {
            double ks2 = (double)kk * kk;
            var qp = Math.Pow(q2, ks2);
            k2extra += ks2 * qp;
            var kspi = Math.PI * kk;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
        }
        k[2] += k2extra * pi2 * sqrt2Pi / (-36 * z3);
        k[3] += k3extra * pi2 * sqrt2Pi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += k[i] / Math.Pow(n, i / 2.0);
        }
        return Math.Clamp(sum, 0.0, 1.0);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
