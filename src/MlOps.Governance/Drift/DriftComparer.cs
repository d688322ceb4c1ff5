using MlOps.Diagnostics;
using System.Globalization;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;
using MlOps.Hashing;

namespace MlOps.Governance.Drift;

/// <summary>
/// Tests a CSV file against a <see cref="DriftBaseline"/> in one streaming pass: per feature a value sketch
/// and the PSI bin counts on the reference deciles (numeric), or category counts (categorical).
/// </summary>
public static class DriftComparer
{
    /// <summary>Compares <paramref name="csvPath"/> with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The profile of the training data.</param>
    /// <param name="csvPath">The new data.</param>
    /// <param name="progress">Rows read so far, now and then.</param>
    /// <param name="csv">The CSV reader's limits; null for the defaults.</param>
    /// <exception cref="MlOpsException">A baseline column is missing, a row is ragged or too long, a numeric value is not a number.</exception>
    public static DriftReport Compare(DriftBaseline baseline, string csvPath, IProgress<long>? progress = null, CsvReaderOptions? csv = null)
    {
        csv ??= CsvReaderOptions.Default;
        using var reader = TableReader.Open(csvPath, csv);
        var count = baseline.Features.Count;
        var columns = new int[count];
        var absent = baseline.Features.Where(f => !reader.TryGetColumnIndex(f.Name, out _)).Select(f => $"'{f.Name}'").ToList();
        if (absent.Count > 0)
        {
            throw new MlOpsException(
                $"The data has no column{(absent.Count == 1 ? "" : "s")} {string.Join(", ", absent)} that the baseline profiles. Available columns: {string.Join(", ", reader.Header.Select(h => $"'{h}'"))}.",
                csvPath, reader.HeaderLineNumber, "Compare data with the same columns as the training data, or rebuild the baseline with only the columns both have.",
                inputs: [UserInputs.ProfiledColumns]);
        }
        for (var f = 0; f < count; f++)
        {
            columns[f] = reader.ColumnIndex(baseline.Features[f].Name);
        }
        var total = Segmented.Run(csvPath, csv, () => new CompareAccumulator(baseline), (a, r, p) => a.Consume(r, columns, p), (a, b) => a.Merge(b), progress);
        var sketches = total.Sketches;
        var bins = total.Bins;
        var counters = total.Counters;
        var missing = total.Missing;
        var rows = total.Rows;
        progress?.Report(rows);
        if (rows == 0)
        {
            throw new MlOpsException("The data file has a header but no rows: there is nothing to compare.", csvPath, 2,
                "Pass a data file with at least one row.");
        }
        var results = new FeatureDrift[count];
        for (var f = 0; f < count; f++)
        {
            var profile = baseline.Features[f];
            results[f] = sketches[f] is { } sketch
                ? CompareNumeric(profile, sketch, bins[f], csvPath)
                : CompareCategorical(profile, counters[f]!, missing[f], csvPath);
        }
        return new DriftReport(baseline, Path.GetFileName(csvPath), rows, results, Sha256Hex.OfFile(csvPath));
    }

    /// <summary>The per-feature collectors of one pass (or one segment of a pass) over the current data.</summary>
    private sealed class CompareAccumulator
    {
        private readonly double[][] _edges;

        public CompareAccumulator(DriftBaseline baseline)
        {
            var count = baseline.Features.Count;
            Sketches = new NumericSketch?[count];
            Bins = new long[count][];
            _edges = new double[count][];
            Counters = new CategoryCounter?[count];
            Missing = new long[count];
            for (var f = 0; f < count; f++)
            {
                var profile = baseline.Features[f];
                if (profile.Type == FeatureType.Numeric)
                {
                    Sketches[f] = new NumericSketch();
                    Bins[f] = new long[profile.DecileEdges.Count + 1];
                    _edges[f] = profile.DecileEdges.ToArray();
                }
                else
                {
                    // Reference categories first, so their indexes are the same in every segment.
                    var counter = new CategoryCounter(profile.Frequencies.Count + 1000);
                    foreach (var (key, _) in profile.Frequencies)
                    {
                        counter.Register(key);
                    }
                    Counters[f] = counter;
                }
            }
        }

        public NumericSketch?[] Sketches { get; }

        public long[][] Bins { get; }

        public CategoryCounter?[] Counters { get; }

        public long[] Missing { get; }

        public long Rows { get; private set; }

        // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Consume(ITableReader reader, int[] columns, IProgress<long>? progress)
        {
            var sketches = Sketches;
            while (reader.Read())
            {
                Rows++;
                for (var f = 0; f < columns.Length; f++)
                {
                    var i = columns[f];
                    if (sketches[f] is { } sketch)
                    {
                        var x = DriftBaselineBuilder.ReadNumber(reader, i);
                        sketch.Add(x);
                        if (!double.IsNaN(x))
                        {
                            Bins[f][BinOf(_edges[f], x)]++;
                        }
                    }
                    else if (reader.IsEmpty(i))
                    {
                        Missing[f]++;
                    }
                    else
                    {
                        Counters[f]!.Add(reader.GetSpan(i));
                    }
                }
                if ((Rows & 0xFFFF) == 0)
                {
                    progress?.Report(Rows);
                }
            }
        }

        public void Merge(CompareAccumulator other)
        {
            Rows += other.Rows;
            for (var f = 0; f < Missing.Length; f++)
            {
                Missing[f] += other.Missing[f];
                Sketches[f]?.Merge(other.Sketches[f]!);
                Counters[f]?.Merge(other.Counters[f]!);
                if (Bins[f] is { } bins)
                {
                    for (var k = 0; k < bins.Length; k++)
                    {
                        bins[k] += other.Bins[f][k];
                    }
                }
            }
        }
    }

    // Right-closed bins: bin 0 is (-inf, e1], bin k is (e_k, e_{k+1}], the last is (e9, +inf) (pandas.cut's convention).
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int BinOf(double[] edges, double x)
    {
        var k = 0;
        while (k < edges.Length && x > edges[k])
        {
            k++;
        }
        return k;
    }

    private static FeatureDrift CompareNumeric(FeatureProfile profile, NumericSketch sketch, long[] binCounts, string csvPath)
    {
        var reference = profile.Distribution!;
        var current = sketch.ToDistribution();
        if (current.Count == 0)
        {
            throw new MlOpsException($"Column '{profile.Name}' has no values in the data: every row is empty.", csvPath, null,
                $"Fill in column '{profile.Name}', or rebuild the baseline without it.", inputs: [UserInputs.ProfiledColumns]);
        }
        var edges = profile.DecileEdges.ToArray();
        var refShares = new double[binCounts.Length];
        var curShares = new double[binCounts.Length];
        for (var k = 0; k < binCounts.Length; k++)
        {
            var upper = k < edges.Length ? reference.Cdf(edges[k]) : 1.0;
            var lower = k == 0 ? 0.0 : reference.Cdf(edges[k - 1]);
            refShares[k] = Math.Max(0, upper - lower);
            curShares[k] = (double)binCounts[k] / current.Count;
        }
        var psi = DistributionDistance.PopulationStabilityIndex(refShares, curShares);
        var ks = DistributionDistance.KolmogorovSmirnovStatistic(reference, current);
        var ksP = KolmogorovSmirnov.TwoSamplePValue(ks, (long)reference.Count, (long)current.Count);
        var wasserstein = DistributionDistance.WassersteinNormed(reference, current, profile.PopulationStd);

        int? distinct = null;
        double? js = null, chiP = null, zP = null;
        if (reference.IsExact && current.IsExact)
        {
            var union = ValueDistribution.UnionPoints(reference, current);
            distinct = union.Length;
            if (union.Length <= DriftMethod.CategoricalDistinctLimit)
            {
                var r = union.Select(v => WeightAt(reference, v)).ToArray();
                var c = union.Select(v => WeightAt(current, v)).ToArray();
                (js, chiP, zP) = CategoryTests(r, c);
            }
        }
        var method = DriftMethod.Choose(FeatureType.Numeric, profile.Count, distinct ?? int.MaxValue);
        var score = method.Name switch
        {
            "ks" => ksP,
            "wassersteinNormed" => wasserstein,
            "jensenShannon" => js!.Value,
            "chiSquare" => chiP!.Value,
            _ => zP!.Value,
        };
        var labels = new string[binCounts.Length];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = k == 0 ? $"<= {Format(edges[0])}"
                : k == edges.Length ? $"> {Format(edges[^1])}"
                : $"({Format(edges[k - 1])}, {Format(edges[k])}]";
        }
        return new FeatureDrift
        {
            Name = profile.Name,
            Type = FeatureType.Numeric,
            Method = method,
            Score = score,
            Drifted = method.IsDrift(score),
            ReferenceCount = profile.Count,
            CurrentCount = (long)current.Count,
            CurrentMissing = sketch.Missing,
            DistinctValues = distinct,
            Psi = psi,
            KsStatistic = ks,
            KsPValue = ksP,
            WassersteinNormed = wasserstein,
            JensenShannon = js,
            ChiSquarePValue = chiP,
            ZTestPValue = zP,
            Approximate = !reference.IsExact || !current.IsExact,
            BinLabels = labels,
            ReferenceShares = refShares,
            CurrentShares = curShares,
            BinEdges = edges,
        };
    }

    private static double WeightAt(ValueDistribution d, double value)
    {
        var points = d.Points;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] == value)
            {
                return d.Weights[i];
            }
        }
        return 0;
    }

    private static FeatureDrift CompareCategorical(FeatureProfile profile, CategoryCounter counter, long missing, string csvPath)
    {
        // Union of categories: the reference's (registered first, same order) then new ones, then "other".
        var labels = new List<string>();
        var r = new List<double>();
        var c = new List<double>();
        var refCounts = profile.Frequencies.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        for (var i = 0; i < counter.Count; i++)
        {
            var key = counter.KeyAt(i);
            labels.Add(key);
            r.Add(refCounts.TryGetValue(key, out var rc) ? rc : 0);
            c.Add(counter.CountAt(i));
        }
        if (profile.OtherCount > 0 || counter.OtherCount > 0)
        {
            labels.Add("(other)");
            r.Add(profile.OtherCount);
            c.Add(counter.OtherCount);
        }
        // Drop categories absent from both (a registered reference category with a zero reference count cannot occur,
        // but keep the arrays aligned and ordered by label for determinism).
        var order = Enumerable.Range(0, labels.Count).Where(i => r[i] > 0 || c[i] > 0)
            .OrderBy(i => labels[i], StringComparer.Ordinal).ToArray();
        var labelArr = order.Select(i => labels[i]).ToArray();
        var refArr = order.Select(i => r[i]).ToArray();
        var curArr = order.Select(i => c[i]).ToArray();
        var refTotal = refArr.Sum();
        var curTotal = curArr.Sum();
        if (curTotal == 0)
        {
            throw new MlOpsException($"Column '{profile.Name}' has no values in the data: every row is empty.", csvPath, null,
                $"Fill in column '{profile.Name}', or rebuild the baseline without it.", inputs: [UserInputs.ProfiledColumns]);
        }
        var refShares = refArr.Select(x => x / refTotal).ToArray();
        var curShares = curArr.Select(x => x / curTotal).ToArray();
        var psi = DistributionDistance.PopulationStabilityIndex(refShares, curShares);
        var (js, chiP, zP) = CategoryTests(refArr, curArr);
        var method = DriftMethod.Choose(FeatureType.Categorical, profile.Count, labelArr.Length);
        var score = method.Name switch
        {
            "jensenShannon" => js,
            "chiSquare" => chiP,
            _ => zP,
        };
        return new FeatureDrift
        {
            Name = profile.Name,
            Type = FeatureType.Categorical,
            Method = method,
            Score = score,
            Drifted = method.IsDrift(score),
            ReferenceCount = profile.Count,
            CurrentCount = (long)curTotal,
            CurrentMissing = missing,
            DistinctValues = labelArr.Length,
            Psi = psi,
            JensenShannon = js,
            ChiSquarePValue = chiP,
            ZTestPValue = labelArr.Length <= 2 ? zP : null,
            BinLabels = labelArr,
            ReferenceShares = refShares,
            CurrentShares = curShares,
        };
    }

    // Jensen–Shannon on shares; Evidently's chi-square (current counts against reference shares scaled to the
    // current size, k − 1 degrees of freedom); the two-proportion Z-test on the first category.
    private static (double Js, double ChiP, double ZP) CategoryTests(double[] reference, double[] current)
    {
        var refTotal = reference.Sum();
        var curTotal = current.Sum();
        var js = DistributionDistance.JensenShannon(reference, current);
        var expected = reference.Select(x => x * curTotal / refTotal).ToArray();
        var (_, chiP) = ChiSquare.GoodnessOfFit(current, expected);
        var zP = reference.Length <= 1 ? 1.0
            : DistributionDistance.ProportionsZTestPValue(reference[0], refTotal, current[0], curTotal);
        return (js, chiP, zP);
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
