namespace MlOps.Governance.Statistics;

/// <summary>The chi-square distribution and Pearson's goodness-of-fit test (as scipy.stats.chisquare).</summary>
public static class ChiSquare
{
    /// <summary>P(X &gt; <paramref name="x"/>) for a chi-square variable with <paramref name="degreesOfFreedom"/>.</summary>
    public static double Survival(double x, double degreesOfFreedom)
    {
        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }
        return SpecialFunctions.RegularizedGammaQ(degreesOfFreedom / 2.0, x / 2.0);
    }

    /// <summary>
    /// Pearson's statistic Σ (o - e)² / e and its p-value with k - 1 degrees of freedom. A category with an
    /// expected count of 0 and an observed count above 0 makes the statistic infinite and the p-value 0 (as scipy).
    /// </summary>
    public static (double Statistic, double PValue) GoodnessOfFit(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length)
        {
            throw new ArgumentException("observed and expected differ in length.", nameof(expected));
        }
        if (observed.Length < 2)
        {
            // One category: nothing can differ.
            return (0.0, 1.0);
        }
        var statistic = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var diff = observed[i] - expected[i];
            if (expected[i] == 0)
            {
                statistic += diff == 0 ? 0 : double.PositiveInfinity;
                continue;
            }
            statistic += diff * diff / expected[i];
        }
        return (statistic, Survival(statistic, observed.Length - 1));
    }
}
