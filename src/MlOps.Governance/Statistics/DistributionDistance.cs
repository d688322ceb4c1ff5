namespace MlOps.Governance.Statistics;

/// <summary>Distances between two numeric distributions, evaluated where either one changes.</summary>
public static class DistributionDistance
{
    /// <summary>The two-sample KS statistic sup |F_a − F_b| (exact when both distributions are exact, as scipy's ks_2samp).</summary>
    public static double KolmogorovSmirnovStatistic(ValueDistribution a, ValueDistribution b)
    {
        var d = 0.0;
        foreach (var x in ValueDistribution.UnionPoints(a, b))
        {
            d = Math.Max(d, Math.Abs(a.Cdf(x) - b.Cdf(x)));
        }
        return d;
    }

    /// <summary>
    /// The first Wasserstein distance ∫ |F_a − F_b| dx (scipy.stats.wasserstein_distance); exact for exact
    /// distributions (the CDFs are constant between points), midpoint rule on digest pieces.
    /// </summary>
    public static double Wasserstein(ValueDistribution a, ValueDistribution b)
    {
        var points = ValueDistribution.UnionPoints(a, b);
        var exact = a.IsExact && b.IsExact;
        var sum = 0.0;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var width = points[i + 1] - points[i];
            var x = exact ? points[i] : points[i] + width / 2;
            sum += Math.Abs(a.Cdf(x) - b.Cdf(x)) * width;
        }
        return sum;
    }

    /// <summary>
    /// Evidently's normed Wasserstein distance: W1 / max(std_ref, 0.001) with the population standard
    /// deviation (numpy's np.std) of the reference.
    /// </summary>
    public static double WassersteinNormed(ValueDistribution reference, ValueDistribution current, double referencePopulationStd)
        => Wasserstein(reference, current) / Math.Max(referencePopulationStd, 0.001);

    /// <summary>The floor Evidently applies to an empty bin's share before taking logarithms.</summary>
    public const double EmptyShareFloor = 1e-4;

    /// <summary>
    /// The population stability index Σ (cur − ref) · ln(cur / ref) over bins, with each share floored at
    /// <see cref="EmptyShareFloor"/> when zero.
    /// </summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        var psi = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            var r = referenceShares[i] == 0 ? EmptyShareFloor : referenceShares[i];
            var c = currentShares[i] == 0 ? EmptyShareFloor : currentShares[i];
            psi += (c - r) * Math.Log(c / r);
        }
        return psi;
    }

    /// <summary>
    /// The Jensen–Shannon distance with base-2 logarithms (scipy.spatial.distance.jensenshannon(p, q, base=2)):
    /// the square root of the divergence, between 0 and 1. The inputs are normalised to sum to 1.
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sp = 0, sq = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sp += p[i];
            sq += q[i];
        }
        var divergence = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2;
            if (pi > 0)
            {
                divergence += pi * Math.Log(pi / m);
            }
            if (qi > 0)
            {
                divergence += qi * Math.Log(qi / m);
            }
        }
        divergence /= 2 * Math.Log(2);
        return Math.Sqrt(Math.Max(divergence, 0.0));
    }

    /// <summary>
    /// Evidently's two-proportion Z-test for a binary feature: p-value of the difference between the share
    /// of <paramref name="referenceHits"/> in the reference and <paramref name="currentHits"/> in the current sample.
    /// </summary>
    public static double ProportionsZTestPValue(double referenceHits, double referenceCount, double currentHits, double currentCount)
    {
        var p1 = referenceHits / referenceCount;
        var p2 = currentHits / currentCount;
        var pooled = (referenceHits + currentHits) / (referenceCount + currentCount);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1 / referenceCount + 1 / currentCount));
        if (se == 0)
        {
            return p1 == p2 ? 1.0 : 0.0;
        }
        var z = (p1 - p2) / se;
        return 2 * SpecialFunctions.NormalSurvival(Math.Abs(z));
    }
}
