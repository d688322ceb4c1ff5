namespace MlOps.Governance.Statistics;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast generator whose stream is fixed by the algorithm
/// (unlike System.Random's), so a seeded bootstrap gives the same numbers on every runtime.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An exact Binomial(<paramref name="n"/>, <paramref name="p"/>) draw by inversion, visiting outcomes from the
    /// mode outwards (expected cost O(√(np(1−p)))), with the probabilities computed in log space.
    /// </summary>
    public long NextBinomial(long n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }
        if (p >= 1)
        {
            return n;
        }
        var mode = Math.Min(n, (long)Math.Floor((n + 1) * p));
        var logP = Math.Log(p);
        var logQ = Math.Log(1 - p);
        var logNFact = SpecialFunctions.LogGamma(n + 1.0);
        double LogPmf(long k) => logNFact - SpecialFunctions.LogGamma(k + 1.0) - SpecialFunctions.LogGamma(n - k + 1.0) + k * logP + (n - k) * logQ;
        var u = NextDouble();
        var pmfMode = Math.Exp(LogPmf(mode));
        var cumulative = pmfMode;
        if (u < cumulative)
        {
            return mode;
        }
        // Walk down and up alternately; pmf ratios avoid recomputing gamma functions.
        long lo = mode, hi = mode;
        double pLo = pmfMode, pHi = pmfMode;
        var odds = p / (1 - p);
        while (lo > 0 || hi < n)
        {
            if (lo > 0)
            {
                pLo *= lo / ((n - lo + 1.0) * odds);
                lo--;
                cumulative += pLo;
                if (u < cumulative)
                {
                    return lo;
                }
            }
            if (hi < n)
            {
                pHi *= (n - hi) * odds / (hi + 1.0);
                hi++;
                cumulative += pHi;
                if (u < cumulative)
                {
                    return hi;
                }
            }
            if (pLo < 1e-300 && pHi < 1e-300)
            {
                break;
            }
        }
        return mode; // u fell in the rounding slack (probability below 1e-12).
    }

    /// <summary>A multinomial draw of <paramref name="n"/> trials over cells with the given weights (conditional binomials).</summary>
    public void NextMultinomial(long n, ReadOnlySpan<double> weights, Span<long> result)
    {
        var remainingWeight = 0.0;
        foreach (var w in weights)
        {
            remainingWeight += w;
        }
        var remaining = n;
        for (var i = 0; i < weights.Length; i++)
        {
            if (i == weights.Length - 1 || remainingWeight <= 0)
            {
                result[i] = remainingWeight > 0 ? remaining : 0;
                remaining -= result[i];
                continue;
            }
            var draw = NextBinomial(remaining, Math.Min(1.0, weights[i] / remainingWeight));
            result[i] = draw;
            remaining -= draw;
            remainingWeight -= weights[i];
        }
    }

    private static readonly double ExpMinusOne = Math.Exp(-1);

    /// <summary>
    /// An exact Poisson(<paramref name="mean"/>) draw by inversion: from 0 upwards for a small mean, from the mode
    /// outwards for a large one (expected cost O(√mean)), as <see cref="NextBinomial"/>. The bootstrap's per-row weight
    /// is Poisson(1), so that mean needs no exponential.
    /// </summary>
    public long NextPoisson(double mean)
    {
        if (!(mean > 0))
        {
            return 0;
        }
        var u = NextDouble();
        if (mean <= 30)
        {
            var p = mean == 1 ? ExpMinusOne : Math.Exp(-mean);
            var cumulative = p;
            long k = 0;
            while (u > cumulative && p > 0)
            {
                k++;
                p *= mean / k;
                cumulative += p;
            }
            return k;
        }
        var mode = (long)Math.Floor(mean);
        var pmfMode = Math.Exp(mode * Math.Log(mean) - mean - SpecialFunctions.LogGamma(mode + 1.0));
        var total = pmfMode;
        if (u < total)
        {
            return mode;
        }
        long lo = mode, hi = mode;
        double pLo = pmfMode, pHi = pmfMode;
        while (true)
        {
            if (lo > 0)
            {
                pLo *= lo / mean;
                lo--;
                total += pLo;
                if (u < total)
                {
                    return lo;
                }
            }
            hi++;
            pHi *= mean / hi;
            total += pHi;
            if (u < total)
            {
                return hi;
            }
            if (pLo < 1e-300 && pHi < 1e-300)
            {
                return mode; // u fell in the rounding slack (probability below 1e-12).
            }
        }
    }
}
