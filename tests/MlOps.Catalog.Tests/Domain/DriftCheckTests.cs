using MlOps.Catalog.Monitoring;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Support;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Domain;

public sealed class DriftCheckTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly VersionRecord version = Samples.Version("credit-risk", "1.0.0") with { CardJson = """{"identity":{"sourceModelSha256":"aa"}}""" };

    [Fact]
    public void Reads_whether_the_data_drifted_and_which_features()
    {
        var record = DriftCheck.Read(Report("""{"schema":"mlops.evidence.drift-report/v1","modelSha256":null,"datasetDrift":true,"driftedFeatures":["age","income"]}"""), version, Samples.Noon);
        Assert.True(record.Drifted);
        Assert.Equal(["age", "income"], record.DriftedFeatures);
        Assert.Equal(version.Digest, record.Digest);
        Assert.Equal("drift", record.Kind);
        Assert.Equal(64, record.ReportSha256.Length);
    }

    [Theory]
    [InlineData("""{"schema":"mlops.evidence.gate/v1"}""", "'schema'")]
    [InlineData("""{"schema":"mlops.evidence.drift-report/v1","driftedFeatures":[]}""", "'datasetDrift' missing")]
    [InlineData("""{"schema":"mlops.evidence.drift-report/v1","datasetDrift":false}""", "'driftedFeatures'")]
    [InlineData("""{"schema":"mlops.evidence.drift-report/v1","modelSha256":"bb","datasetDrift":false,"driftedFeatures":[]}""", "about the model with sha256 bb")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{ nope", "is not JSON")]
    public void A_file_that_is_not_a_drift_report_of_this_version_is_MLOPS167_naming_the_field(string json, string expected)
    {
        var e = Assert.Throws<MlOpsException>(() => DriftCheck.Read(Report(json), version, Samples.Noon));
        Assert.Equal("MLOPS167", e.Code);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_flag_follows_the_latest_check_by_time_not_by_the_order_stored()
    {
        var drifted = new MonitoringRecord("d", Samples.Noon.AddDays(2), "drift", true, ["age"], "1", "{}");
        var calm = new MonitoringRecord("d", Samples.Noon.AddDays(1), "drift", false, [], "2", "{}");
        Assert.Equal("DRIFTED since 2026-12-06T12:00:00Z: age", DriftCheck.Flag([drifted, calm]));
        var later = calm with { CheckedAt = Samples.Noon.AddDays(3) };
        Assert.Null(DriftCheck.Flag([drifted, later]));
        Assert.Null(DriftCheck.Flag([]));
    }

    private string Report(string json)
    {
        var path = folder.File($"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public void Dispose() => folder.Dispose();
}
