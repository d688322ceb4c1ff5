using MlOps.Catalog.Store;
using MlOps.Catalog.Views;
using MlOps.Catalog.Web.Pages;
using MlOps.Catalog.Web.Tests.Support;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Web.Tests;

/// <summary>The page functions over plain records: escaping, the evidence summary, the usage days.</summary>
public sealed class RenderingTests
{
    [Fact]
    public void Everything_from_the_store_is_escaped()
    {
        var html = ModelListPage.Render(
            [new ModelSummary("m<i>", "<script>alert(1)</script>", 1, "1.0.0\"><b>", "1.0.0\"><b>", null, CatalogSamples.Start)],
            "\"><script>");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<i>", html);
        Assert.DoesNotContain("\"><b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("href=\"/models/m%3Ci%3E\"", html);
    }

    [Fact]
    public void Approvals_name_their_signer_and_whether_they_count_only_under_a_trust_file()
    {
        using var folder = new TempFolder();
        using var owner = MlOps.Attestations.Keys.SigningKey.Create();
        using var stranger = MlOps.Attestations.Keys.SigningKey.Create();
        File.WriteAllText(folder.File("owner.pub"), owner.PublicKey.ToPem());
        File.WriteAllText(folder.File("trust.yaml"), """
            principals:
              - name: Olga Owner
                roles: [model-owner]
                publicKey: owner.pub
            """);
        var trust = MlOps.Attestations.Trust.TrustFile.Read(folder.File("trust.yaml"));
        var v = CatalogSamples.Version("credit-risk", "1.1.0", 2);
        var data = new VersionPageData(v, [], [CatalogSamples.Approval(v, owner, "model-owner", "fine"), CatalogSamples.Approval(v, stranger, "model-owner", "me too")], [], []);

        var judged = VersionPage.Render(data, trust);
        Assert.Contains("Olga Owner", judged);
        Assert.Contains(">valid<", judged);
        Assert.Contains(">unknown key<", judged);
        var recorded = VersionPage.Render(data);
        Assert.DoesNotContain("Olga Owner", recorded);
        Assert.Contains($"key {MlOps.Attestations.Keys.KeyId.Short(owner.Id)}", recorded);
        Assert.Contains(">not checked<", recorded);
    }

    [Fact]
    public void The_evidence_summary_reads_the_registered_format()
    {
        var failed = EvidenceSummary.Read(CatalogSamples.Evidence(passed: false));
        Assert.Equal("failed", failed.GateVerdict);
        Assert.Equal((1, 2), (failed.Met, failed.Total));
        Assert.Equal(["Fairness evidence present: no fairness evidence"], failed.Unmet);
        Assert.Equal(["evaluation", "gate"], failed.Evidence.Select(e => e.Kind));

        var none = EvidenceSummary.Read("""{"evidence":[]}""");
        Assert.Null(none.GateVerdict);
        Assert.True(none.Readable);
        Assert.False(EvidenceSummary.Read("not json").Readable);
    }

    [Fact]
    public void Usage_days_run_from_first_to_last_with_empty_days_kept()
    {
        var day = new DateOnly(2026, 12, 1);
        var days = UsageChart.CallsPerDay(
            [new UsageCount("a", day, "x", 3, 0), new UsageCount("a", day, "y", 4, 0), new UsageCount("a", day.AddDays(2), "x", 1, 0), new UsageCount("b", day, "x", 100, 0)],
            "a");
        Assert.Equal([(day, 7L), (day.AddDays(1), 0L), (day.AddDays(2), 1L)], days);
        Assert.Empty(UsageChart.CallsPerDay([], "a"));

        var long_ = UsageChart.CallsPerDay([new UsageCount("a", day, "", 1, 0), new UsageCount("a", day.AddDays(400), "", 1, 0)], "a");
        Assert.Equal(UsageChart.MaxDays, long_.Count);
        Assert.Equal(day.AddDays(400), long_[^1].Day);
    }
}
