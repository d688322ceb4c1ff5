using MlOps.Diagnostics;
using System.Text.Json;
using MlOps.Governance.Drift;
using MlOps.Governance.Evidence;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.Drift;

public class DriftFixture
{
    public DriftBaseline Train { get; } = DriftBaselineBuilder.Build(EvidenceTestData.Adult("adult-train.csv"));
}

public class DriftTests : IClassFixture<DriftFixture>
{
    private readonly DriftBaseline _train;

    public DriftTests(DriftFixture fixture) => _train = fixture.Train;

    private static FeatureDrift Feature(DriftReport r, string name) => r.Features.Single(f => f.Name == name);

    [Fact]
    public void TrainVersusTestShowsNoDrift()
    {
        var report = DriftComparer.Compare(_train, EvidenceTestData.Adult("adult-test.csv"));
        Assert.False(report.DatasetDrift);
        Assert.DoesNotContain(report.Features, f => f.Drifted);
        Assert.Equal(15, report.Features.Count);
    }

    [Fact]
    public void OlderPopulationShowsAgeDrift()
    {
        var report = DriftComparer.Compare(_train, EvidenceTestData.Adult("adult-test-age-gt-40.csv"));
        var age = Feature(report, "age");
        Assert.True(age.Drifted);
        Assert.Equal("wassersteinNormed", age.Method.Name);
        Assert.True(age.Psi > 1, $"psi {age.Psi}");
    }

    [Fact]
    public void HoursTimesOnePointThreeShowsHoursDriftOnly()
    {
        var report = DriftComparer.Compare(_train, EvidenceTestData.Adult("adult-test-hours-x1.3.csv"));
        Assert.True(Feature(report, "hours_per_week").Drifted);
        Assert.Equal(["hours_per_week"], report.Features.Where(f => f.Drifted).Select(f => f.Name));
        Assert.False(report.DatasetDrift);
        Assert.Equal(1.0 / 15, report.DriftedShare, 12);
    }

    [Fact]
    public void BaselineTypesColumnsAndKeepsLowCardinalityColumnsExact()
    {
        Assert.Equal(FeatureType.Numeric, _train.Features.Single(f => f.Name == "age").Type);
        Assert.Equal(FeatureType.Categorical, _train.Features.Single(f => f.Name == "workclass").Type);
        Assert.True(_train.Features.Single(f => f.Name == "age").Distribution!.IsExact);
        var fnlwgt = _train.Features.Single(f => f.Name == "fnlwgt");
        Assert.False(fnlwgt.Distribution!.IsExact);
        // Empty cells are missing values, not a category.
        Assert.True(_train.Features.Single(f => f.Name == "workclass").Missing > 0);
        Assert.DoesNotContain(_train.Features.Single(f => f.Name == "workclass").Frequencies, p => p.Key == "");
    }

    [Fact]
    public void BaselineJsonIsCompactRoundTripsAndIsDeterministic()
    {
        var first = EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(_train));
        var again = EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(DriftBaselineBuilder.Build(EvidenceTestData.Adult("adult-train.csv"))));
        Assert.Equal(first, again);
        Assert.True(first.Length < 15 * 12_000, $"baseline is {first.Length} bytes");
        var path = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllBytes(path, first);
            var read = DriftBaselineJson.Read(path);
            var a = DriftComparer.Compare(_train, EvidenceTestData.Adult("adult-test.csv"));
            var b = DriftComparer.Compare(read, EvidenceTestData.Adult("adult-test.csv"));
            Assert.Equal(EvidenceDocument.ToBytes(DriftReportJson.ToJson(a)), EvidenceDocument.ToBytes(DriftReportJson.ToJson(b)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReportJsonHasTheContractNames()
    {
        var report = DriftComparer.Compare(_train, EvidenceTestData.Adult("adult-test-hours-x1.3.csv"));
        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(DriftReportJson.ToJson(report)));
        var root = doc.RootElement;
        Assert.Equal("mlops.evidence.drift-report/v1", root.GetProperty("schema").GetString());
        Assert.Equal("drift-report", root.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modelSha256").ValueKind);
        Assert.Equal("passed", root.GetProperty("verdict").GetString());
        var hours = root.GetProperty("features").GetProperty("hours_per_week");
        Assert.Equal("numeric", hours.GetProperty("type").GetString());
        Assert.True(hours.GetProperty("drifted").GetBoolean());
        foreach (var name in new[] { "psi", "wassersteinNormed" })
        {
            Assert.Equal(JsonValueKind.Number, hours.GetProperty(name).ValueKind);
        }
        Assert.Equal(JsonValueKind.Number, hours.GetProperty("ks").GetProperty("statistic").ValueKind);
        Assert.Equal(JsonValueKind.Number, hours.GetProperty("ks").GetProperty("pValue").ValueKind);
        var sex = root.GetProperty("features").GetProperty("sex");
        Assert.Equal("categorical", sex.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Number, sex.GetProperty("jensenShannon").ValueKind);
        Assert.Equal(JsonValueKind.Number, sex.GetProperty("chiSquare").GetProperty("pValue").ValueKind);
        Assert.Equal(1.0 / 15, root.GetProperty("driftedShare").GetDouble(), 12);
        Assert.False(root.GetProperty("datasetDrift").GetBoolean());
    }

    [PythonFact]
    public void StatisticsMatchPandasAndScipy()
    {
        foreach (var file in new[] { "adult-test-hours-x1.3.csv", "adult-test-age-gt-40.csv" })
        {
            var expected = ReferencePython.RunJson("drift_reference.py", EvidenceTestData.Adult("adult-train.csv"), EvidenceTestData.Adult(file));
            var report = DriftComparer.Compare(_train, EvidenceTestData.Adult(file));
            foreach (var f in report.Features)
            {
                var e = expected.GetProperty(f.Name);
                if (f.Type == FeatureType.Numeric)
                {
                    // Exact summaries match scipy to rounding; the digest (fnlwgt, ~20k distinct values) within its documented error.
                    var (ksTol, wTol, psiTol) = f.Approximate ? (0.005, 0.05, 0.005) : (1e-12, 1e-9, 1e-9);
                    Assert.True(Math.Abs(e.GetProperty("ksStatistic").GetDouble() - f.KsStatistic!.Value) <= ksTol, $"{file} {f.Name} ks");
                    Assert.True(Math.Abs(e.GetProperty("wassersteinNormed").GetDouble() - f.WassersteinNormed!.Value) <= wTol * Math.Max(1, f.WassersteinNormed.Value), $"{file} {f.Name} wasserstein");
                    Assert.True(Math.Abs(e.GetProperty("psi").GetDouble() - f.Psi) <= psiTol * Math.Max(1, f.Psi), $"{file} {f.Name} psi {f.Psi} vs {e.GetProperty("psi").GetDouble()}");
                    if (!f.Approximate)
                    {
                        var p = e.GetProperty("ksPValue").GetDouble();
                        Assert.True(Math.Abs(p - f.KsPValue!.Value) <= 1e-6 + 1e-4 * p, $"{file} {f.Name} ks p {f.KsPValue} vs {p}");
                    }
                }
                else
                {
                    Assert.Equal(e.GetProperty("psi").GetDouble(), f.Psi, 1e-9);
                    Assert.Equal(e.GetProperty("jensenShannon").GetDouble(), f.JensenShannon!.Value, 1e-9);
                    var p = e.GetProperty("chiSquarePValue").GetDouble();
                    Assert.True(Math.Abs(p - f.ChiSquarePValue!.Value) <= 1e-9 + 1e-6 * p, $"{file} {f.Name} chi p {f.ChiSquarePValue} vs {p}");
                }
            }
        }
    }

    [Fact]
    public void SmallReferenceUsesTheStatisticalTests()
    {
        var baseline = DriftBaselineBuilder.Build(EvidenceTestData.GermanCredit);
        var report = DriftComparer.Compare(baseline, EvidenceTestData.GermanCredit);
        Assert.Equal("ks", report.Features.Single(f => f.Name == "duration_months").Method.Name);
        Assert.Equal("chiSquare", report.Features.Single(f => f.Name == "purpose").Method.Name);
        Assert.Equal("zTest", report.Features.Single(f => f.Name == "sex").Method.Name);
        Assert.Equal("chiSquare", report.Features.Single(f => f.Name == "installment_rate").Method.Name); // 4 values: tested as categories
        Assert.False(report.DatasetDrift);
        Assert.All(report.Features, f => Assert.False(f.Drifted));
    }

    [Fact]
    public void RaggedRowIsAnErrorNamingFileAndLine()
    {
        using var dir = new TempFolder();
        var csv = dir.Write("data.csv", "a,b\n1,x\n2,y,extra\n");
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineBuilder.Build(csv));
        Assert.Equal(csv, e.File);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void NonNumberInANumericColumnNamesLineColumnAndTheFix()
    {
        using var dir = new TempFolder();
        var rows = string.Concat(Enumerable.Range(0, 1200).Select(i => $"{i},x\n"));
        var csv = dir.Write("data.csv", "a,b\n" + rows + "oops,x\n");
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineBuilder.Build(csv));
        Assert.Equal(1202, e.Line);
        Assert.Contains("'a'", e.Message);
        Assert.Contains("categorical", e.Fix);
        Assert.Equal(UserInputs.CategoricalColumns.Example("a"), Assert.Single(e.Inputs));
    }

    [Fact]
    public void MissingColumnInNewDataListsWhatIsThere()
    {
        using var dir = new TempFolder();
        var train = dir.Write("train.csv", "a,b\n1,x\n2,y\n");
        var current = dir.Write("current.csv", "a,c\n1,x\n");
        var e = Assert.Throws<MlOpsException>(() => DriftComparer.Compare(DriftBaselineBuilder.Build(train), current));
        Assert.Contains("'b'", e.Message);
        Assert.Contains("'c'", e.Message);
    }

    [Fact]
    public void BaselineFromAnotherEvidenceKindIsMalformed()
    {
        using var dir = new TempFolder();
        var file = dir.Write("x.json", "{\"schema\":\"mlops.evidence.fairness/v1\",\"kind\":\"fairness\",\"modelSha256\":null,\"verdict\":\"info\"}");
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineJson.Read(file));
        Assert.Equal("MLOPS111", e.Code);
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlops-evidence-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public class DriftArtefactTests
{
    [Fact]
    public void CompareReadsTheBaselineInsideAnArtefact()
    {
        using var sample = new MlOps.Governance.Tests.TestSupport.SampleInputs();
        var baseline = DriftBaselineBuilder.Build(sample.TrainPath);
        DriftBaselineJson.Write(Path.Combine(sample.EvidenceDirectory, "drift-baseline.json"), baseline);
        var package = MlOps.Governance.Packaging.MlPackageBuilder.Build(sample.Request());
        var read = DriftBaselineJson.Read(package.PackagePath);
        Assert.Equal(EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(baseline)), EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(read)));
        var report = DriftComparer.Compare(read, sample.EvalPath);
        Assert.Equal(4, report.Features.Count);
        // Three reference rows, five distinct ages in all: Evidently's small-sample test for few values.
        Assert.Equal("chiSquare", report.Features[0].Method.Name);
    }
}

public class DriftLargeFileTests
{
    // ~11 MB: read in four parallel segments. The same rows with one field quoted are read sequentially.
    private static string Write(TempFolder dir, string name, bool quoteOne, int badLine = -1)
    {
        var path = Path.Combine(dir.Path, name);
        using var w = new StreamWriter(path);
        w.Write("x,n,c,id\n");
        var rng = new MlOps.Governance.Statistics.SeededRandom(17);
        for (var i = 0; i < 400_000; i++)
        {
            var x = Math.Round(rng.NextDouble() * 1000, 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var c = (i % 5) switch { 0 => "red", 1 => "green", 2 => "blue", 3 => "cyan", _ => "magenta" };
            if (quoteOne && i == 10)
            {
                c = "\"" + c + "\"";
            }
            w.Write(i + 2 == badLine ? $"oops,{i % 40},{c},{i}\n" : $"{x},{i % 40},{c},{i}\n");
        }
        return path;
    }

    [Fact]
    public void SegmentedReadingMatchesSequentialAndIsDeterministic()
    {
        using var dir = new TempFolder();
        var segmented = Write(dir, "a.csv", quoteOne: false);
        var sequential = Write(dir, "b.csv", quoteOne: true);
        Assert.True(new FileInfo(segmented).Length > 8 << 20);
        var options = new DriftBaselineOptions { HashData = false };
        var a = DriftBaselineBuilder.Build(segmented, options);
        var b = DriftBaselineBuilder.Build(sequential, options);
        Assert.Equal(400_000, a.Rows);
        foreach (var name in new[] { "n", "c", "id" })
        {
            var fa = a.Features.Single(f => f.Name == name);
            var fb = b.Features.Single(f => f.Name == name);
            Assert.Equal(fa.Frequencies, fb.Frequencies);
            Assert.Equal(fa.Count, fb.Count);
            Assert.Equal(fa.Mean, fb.Mean, 1e-9);
        }
        var n = a.Features.Single(f => f.Name == "n").Distribution!;
        Assert.True(n.IsExact);
        Assert.Equal(b.Features.Single(f => f.Name == "n").Distribution!.Weights, n.Weights);
        var xa = a.Features.Single(f => f.Name == "x").Distribution!;
        var xb = b.Features.Single(f => f.Name == "x").Distribution!;
        Assert.False(xa.IsExact);
        for (var q = 50.0; q < 1000; q += 50)
        {
            Assert.True(Math.Abs(xa.Cdf(q) - xb.Cdf(q)) < 0.005, $"cdf({q})");
        }
        Assert.Equal(EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(a)), EvidenceDocument.ToBytes(DriftBaselineJson.ToJson(DriftBaselineBuilder.Build(segmented, options))));
        var report = DriftComparer.Compare(a, sequential);
        Assert.False(report.DatasetDrift);
        Assert.DoesNotContain(report.Features, f => f.Drifted);
        Assert.Equal(0, report.Features.Single(f => f.Name == "n").Psi, 12);
    }

    [Fact]
    public void AnErrorDeepInALargeFileNamesItsExactLine()
    {
        using var dir = new TempFolder();
        var path = Write(dir, "bad.csv", quoteOne: false, badLine: 390_000);
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineBuilder.Build(path));
        Assert.Equal(390_000, e.Line);
        Assert.Contains("'x'", e.Message);
    }
}
