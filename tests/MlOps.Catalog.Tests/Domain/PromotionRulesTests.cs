using MlOps.Catalog.Promotion;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Support;

namespace MlOps.Catalog.Tests.Domain;

public sealed class PromotionRulesTests
{
    [Theory]
    [InlineData(Stage.Candidate, Stage.Staging, true)]
    [InlineData(Stage.Candidate, Stage.Production, true)]
    [InlineData(Stage.Candidate, Stage.Archived, true)]
    [InlineData(Stage.Staging, Stage.Production, true)]
    [InlineData(Stage.Staging, Stage.Archived, true)]
    [InlineData(Stage.Production, Stage.Archived, true)]
    [InlineData(Stage.Archived, Stage.Production, true)]
    [InlineData(Stage.Archived, Stage.Staging, true)]
    [InlineData(Stage.Production, Stage.Staging, false)]
    [InlineData(Stage.Staging, Stage.Candidate, false)]
    [InlineData(Stage.Production, Stage.Candidate, false)]
    [InlineData(Stage.Production, Stage.Production, false)]
    [InlineData(Stage.Staging, Stage.Staging, false)]
    public void A_version_moves_forward_or_to_archived_never_back(Stage from, Stage to, bool allowed) =>
        Assert.Equal(allowed, PromotionRules.Refusal(from, to) is null);

    [Fact]
    public void Only_production_runs_the_gate()
    {
        Assert.True(PromotionRules.RunsGate(Stage.Production));
        Assert.False(PromotionRules.RunsGate(Stage.Staging));
        Assert.False(PromotionRules.RunsGate(Stage.Archived));
    }

    [Fact]
    public void The_record_names_the_version_the_move_and_the_gate_evidence()
    {
        var version = Samples.Version("credit-risk", "1.0.0");
        var predicate = PromotionRecord.Predicate(new PromotionFacts(version, Stage.Staging, Stage.Production, "approved", Samples.Noon, "ab12", "cd34"));
        Assert.Equal("credit-risk", (string?)predicate["model"]!["name"]);
        Assert.Equal(version.Digest, (string?)predicate["model"]!["digest"]);
        Assert.Equal(("staging", "production"), ((string?)predicate["from"], (string?)predicate["to"]));
        Assert.Equal("2026-12-04T12:00:00Z", (string?)predicate["time"]);
        Assert.Equal("ab12", (string?)predicate["gateEvidence"]!["sha256"]);
        Assert.Null(PromotionRecord.Predicate(new PromotionFacts(version, Stage.Candidate, Stage.Staging, null, Samples.Noon, null, "cd34"))["gateEvidence"]);
    }
}
