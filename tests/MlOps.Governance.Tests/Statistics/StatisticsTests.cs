using MlOps.Governance.Statistics;

namespace MlOps.Governance.Tests.Statistics;

public class StatisticsTests
{
    // Values from scipy 1.10: chi2.sf(x, df).
    [Theory]
    [InlineData(3.841458820694124, 1, 0.04999999999999989)]
    [InlineData(10.0, 4, 0.04042768199451279)]
    [InlineData(0.5, 3, 0.9188914116546758)]
    [InlineData(100.0, 30, 1.8568023365102314e-09)]
    public void ChiSquareSurvivalMatchesScipy(double x, double df, double expected)
    {
        Assert.Equal(expected, ChiSquare.Survival(x, df), expected * 1e-9 + 1e-15);
    }

    [Fact]
    public void GoodnessOfFitWithANewCategoryHasPValueZero()
    {
        var (stat, p) = ChiSquare.GoodnessOfFit([5, 5, 1], [6, 5, 0]);
        Assert.True(double.IsPositiveInfinity(stat));
        Assert.Equal(0.0, p);
    }

    // scipy.special.erfc
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(2.0, 0.004677734981047266)]
    [InlineData(-1.0, 1.8427007929497148)]
    public void ErfcMatchesScipy(double x, double expected) => Assert.Equal(expected, SpecialFunctions.Erfc(x), 1e-14);

    [Fact]
    public void RunningMomentsMergeEqualsOnePass()
    {
        var rng = new SeededRandom(7);
        var all = new RunningMoments();
        var left = new RunningMoments();
        var right = new RunningMoments();
        for (var i = 0; i < 10_000; i++)
        {
            var x = 1e6 + rng.NextDouble() * 10; // a large offset: naive sum-of-squares would cancel catastrophically
            all.Add(x);
            (i < 3000 ? left : right).Add(x);
        }
        left.Merge(right);
        Assert.Equal(all.Mean, left.Mean, 1e-6);
        Assert.Equal(all.SampleVariance, left.SampleVariance, 1e-6);
        Assert.Equal(100.0 / 12, all.PopulationVariance, 0.3);
    }

    [Fact]
    public void JensenShannonIsZeroForEqualAndOneForDisjointDistributions()
    {
        Assert.Equal(0.0, DistributionDistance.JensenShannon([1, 2, 3], [2, 4, 6]), 1e-12);
        Assert.Equal(1.0, DistributionDistance.JensenShannon([1, 0], [0, 1]), 1e-12);
    }

    [Fact]
    public void PsiFloorsEmptyBinsAtOneTenThousandth()
    {
        // (0.0001 - 0.5) ln(0.0001/0.5) + (1 - 0.5) ln(1/0.5)
        var expected = (1e-4 - 0.5) * Math.Log(1e-4 / 0.5) + 0.5 * Math.Log(2);
        Assert.Equal(expected, DistributionDistance.PopulationStabilityIndex([0.5, 0.5], [0, 1]), 1e-12);
    }

    [Fact]
    public void DigestCdfIsWithinHalfAPercentOfTheExactCdf()
    {
        var rng = new SeededRandom(11);
        var values = new double[200_000];
        var sketch = new NumericSketch();
        for (var i = 0; i < values.Length; i++)
        {
            // log-normal: skewed, like incomes and weights
            var u1 = 1 - rng.NextDouble();
            var u2 = rng.NextDouble();
            values[i] = Math.Exp(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            sketch.Add(values[i]);
        }
        var digest = sketch.ToDistribution();
        Assert.False(digest.IsExact);
        Assert.InRange(digest.Points.Count, 20, 300);
        Array.Sort(values);
        var worst = 0.0;
        for (var k = 1; k < 100; k++)
        {
            var x = values[k * values.Length / 100];
            var exact = (double)(Array.BinarySearch(values, x) is var idx && idx >= 0 ? LastIndex(values, idx) + 1 : ~idx) / values.Length;
            worst = Math.Max(worst, Math.Abs(digest.Cdf(x) - exact));
        }
        Assert.True(worst < 0.005, $"max CDF error {worst}");
        Assert.Equal(values[values.Length / 2], digest.Quantile(0.5), 0.02);
    }

    private static int LastIndex(double[] sorted, int i)
    {
        while (i + 1 < sorted.Length && sorted[i + 1] == sorted[i])
        {
            i++;
        }
        return i;
    }

    [Fact]
    public void SketchIsExactForFewDistinctValuesAndQuantilesMatchNumpyLinear()
    {
        var sketch = new NumericSketch();
        foreach (var x in new double[] { 1, 2, 2, 3, 10 })
        {
            sketch.Add(x);
        }
        sketch.Add(double.NaN);
        var d = sketch.ToDistribution();
        Assert.True(d.IsExact);
        Assert.Equal(1, sketch.Missing);
        Assert.Equal(0.6, d.Cdf(2), 12);
        // numpy.quantile([1,2,2,3,10], 0.9) = 7.2
        Assert.Equal(7.2, d.Quantile(0.9), 12);
        Assert.Equal(2.0, d.Quantile(0.5), 12);
    }

    [Fact]
    public void DigestIsDeterministic()
    {
        static ValueDistribution Build()
        {
            var rng = new SeededRandom(3);
            var s = new NumericSketch();
            for (var i = 0; i < 50_000; i++)
            {
                s.Add(rng.NextDouble());
            }
            return s.ToDistribution();
        }
        Assert.Equal(Build().Points, Build().Points);
    }

    [Fact]
    public void BinomialDrawsHaveTheRightMeanAndVariance()
    {
        var rng = new SeededRandom(5);
        var moments = new RunningMoments();
        for (var i = 0; i < 20_000; i++)
        {
            moments.Add(rng.NextBinomial(1000, 0.3));
        }
        Assert.Equal(300, moments.Mean, 1.0);
        Assert.Equal(210, moments.SampleVariance, 10.0);
    }

    [PythonFact]
    public void KolmogorovSmirnovMatchesScipyExactAndAsymptotic()
    {
        foreach (var (n1, n2, shift) in new[] { (40, 60, 3.0), (200, 200, 2.0), (300, 1000, 1.0), (900, 700, 0.0), (2000, 15000, 0.5) })
        {
            var r = ReferencePython.RunJson("ks_reference.py", n1.ToString(), n2.ToString(), shift.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
            var a = Exact(r.GetProperty("a").EnumerateArray().Select(e => e.GetDouble()));
            var b = Exact(r.GetProperty("b").EnumerateArray().Select(e => e.GetDouble()));
            var d = DistributionDistance.KolmogorovSmirnovStatistic(a, b);
            Assert.Equal(r.GetProperty("statistic").GetDouble(), d, 1e-12);
            var expected = r.GetProperty("pValue").GetDouble();
            var p = KolmogorovSmirnov.TwoSamplePValue(d, n1, n2);
            Assert.True(Math.Abs(expected - p) <= 1e-6 + 1e-4 * expected, $"n1={n1} n2={n2}: scipy {expected}, ours {p}");
        }
    }

    private static ValueDistribution Exact(IEnumerable<double> values)
    {
        var s = new NumericSketch();
        foreach (var v in values)
        {
            s.Add(v);
        }
        return s.ToDistribution(int.MaxValue);
    }
}

public class RadixSortTests
{
    [Fact]
    public void RadixSortOrdersLikeArraySortIncludingNegativesAndInfinities()
    {
        var rng = new SeededRandom(9);
        var values = Enumerable.Range(0, 5000).Select(i => (rng.NextDouble() - 0.5) * Math.Pow(10, i % 12 - 6)).ToList();
        values.AddRange([double.NegativeInfinity, double.PositiveInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon, 42, 42]);
        var expected = values.ToArray();
        Array.Sort(expected);
        var actual = values.ToArray();
        ulong[]? a = null, b = null;
        MergingDigest.RadixSort(actual, ref a, ref b);
        Assert.Equal(expected.Select(x => x == 0 ? 0.0 : x), actual);
    }
}
