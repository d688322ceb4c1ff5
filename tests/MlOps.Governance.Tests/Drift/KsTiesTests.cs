using System.Globalization;
using MlOps.Governance.Drift;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Drift;

/// <summary>
/// Regression: the KS p-value was 0 for small integer-valued columns of German credit (duration_months,
/// credit_amount, age), where scipy's ks_2samp gives 0.63, 0.72 and 0.94, so 6 of 23 features looked drifted.
/// Small samples with many ties must keep their exact distribution through the baseline JSON and give scipy's
/// statistic and p-value. Expected values: scipy 1.10.1 <c>scipy.stats.ks_2samp(a, b)</c> (method 'auto').
/// </summary>
public sealed class KsTiesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-ks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv(string name, string column, IEnumerable<int> values)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, column + "\n" + string.Concat(values.Select(v => v.ToString(CultureInfo.InvariantCulture) + "\n")));
        return path;
    }

    /// <summary>Baseline from <paramref name="reference"/>, written and read back as evidence, then compared with <paramref name="current"/>.</summary>
    private FeatureDrift CompareThroughJson(string reference, string current)
    {
        var json = Path.Combine(_folder, "drift-baseline.json");
        DriftBaselineJson.Write(json, DriftBaselineBuilder.Build(reference));
        return DriftComparer.Compare(DriftBaselineJson.Read(json), current).Features.Single();
    }

    [Theory]
    // Months cycling through 6 values (70 vs 30 rows): exact small-sample p-value.
    [InlineData(70, 30, 0.1, 0.9717383094150833, false)]
    // The same cycles at 700 vs 300 rows: the asymptotic p-value, and here a real drift.
    [InlineData(700, 300, 0.1, 0.02808399210492856, true)]
    public void KsOnIntegerSamplesWithManyTiesMatchesScipy(int referenceRows, int currentRows, double statistic, double pValue, bool drifted)
    {
        int[] referenceCycle = [6, 12, 12, 18, 24, 24, 24, 36, 48, 12];
        int[] currentCycle = [12, 6, 24, 24, 36, 12, 18, 60, 12, 24];
        var reference = Csv("reference.csv", "months", Enumerable.Range(0, referenceRows).Select(i => referenceCycle[i % 10]));
        var current = Csv("current.csv", "months", Enumerable.Range(0, currentRows).Select(i => currentCycle[i % 10]));

        var f = CompareThroughJson(reference, current);

        Assert.Equal("ks", f.Method.Name);
        Assert.False(f.Approximate);
        Assert.Equal(statistic, f.KsStatistic!.Value, 12);
        Assert.True(Math.Abs(f.KsPValue!.Value - pValue) <= 1e-9 + 1e-6 * pValue, $"scipy {pValue}, ours {f.KsPValue}");
        Assert.Equal(drifted, f.Drifted);
    }

    [Fact]
    public void SmallReferenceWithMoreDistinctValuesThanTheStoredLimitKeepsItsExactDistribution()
    {
        // 500 distinct amounts in 800 rows (more than DriftBaselineBuilder.StoredExactValues, fewer rows than the
        // small-sample limit): a quantile summary here would lose the ties and give a wrong KS.
        var reference = Csv("reference.csv", "amount", Enumerable.Range(0, 800).Select(i => (i * 37) % 500 + 250));
        var current = Csv("current.csv", "amount", Enumerable.Range(0, 300).Select(i => (i * 53) % 520 + 270));

        var f = CompareThroughJson(reference, current);

        Assert.Equal("ks", f.Method.Name);
        Assert.False(f.Approximate);
        Assert.Equal(0.07666666666666666, f.KsStatistic!.Value, 12);
        Assert.True(Math.Abs(f.KsPValue!.Value - 0.14648607055570168) <= 1e-9 + 1e-6 * 0.14648607055570168, $"ours {f.KsPValue}");
        Assert.False(f.Drifted);
    }

    [PythonFact]
    public void GermanCreditSplitSeventyThirtyMatchesScipyAndDoesNotDrift()
    {
        // The pipeline's case: the training 70% against the evaluation 30% (every 10 rows: 7 and 3).
        var lines = File.ReadAllLines(EvidenceTestData.GermanCredit);
        var rows = lines.Skip(1).ToArray();
        var train = Path.Combine(_folder, "train.csv");
        var eval = Path.Combine(_folder, "eval.csv");
        File.WriteAllLines(train, rows.Where((_, i) => i % 10 < 7).Prepend(lines[0]));
        File.WriteAllLines(eval, rows.Where((_, i) => i % 10 >= 7).Prepend(lines[0]));
        var json = Path.Combine(_folder, "drift-baseline.json");
        DriftBaselineJson.Write(json, DriftBaselineBuilder.Build(train));
        var report = DriftComparer.Compare(DriftBaselineJson.Read(json), eval);
        var expected = ReferencePython.RunJson("drift_reference.py", train, eval);

        foreach (var name in new[] { "duration_months", "credit_amount", "age" })
        {
            var f = report.Features.Single(x => x.Name == name);
            Assert.Equal("ks", f.Method.Name);
            var e = expected.GetProperty(name);
            Assert.Equal(e.GetProperty("ksStatistic").GetDouble(), f.KsStatistic!.Value, 12);
            var p = e.GetProperty("ksPValue").GetDouble();
            Assert.True(Math.Abs(p - f.KsPValue!.Value) <= 1e-9 + 1e-6 * p, $"{name}: scipy {p}, ours {f.KsPValue}");
            Assert.Equal(p < 0.05, f.Drifted);
        }
        Assert.False(report.DatasetDrift);
    }
}
