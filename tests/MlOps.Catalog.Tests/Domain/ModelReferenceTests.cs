using MlOps.Catalog.Location;
using MlOps.Catalog.References;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Support;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Domain;

public sealed class ModelReferenceTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Theory]
    [InlineData("credit-risk", "credit-risk", null, null)]
    [InlineData("credit-risk@1.2.0", "credit-risk", "1.2.0", null)]
    [InlineData("credit-risk@production", "credit-risk", null, Stage.Production)]
    [InlineData("credit-risk@Staging", "credit-risk", null, Stage.Staging)]
    [InlineData("credit-risk@archived", "credit-risk", null, Stage.Archived)]
    public void Reads_the_name_and_what_follows_the_at(string text, string model, string? version, Stage? stage)
    {
        var reference = ModelReference.Parse(text);
        Assert.Equal(model, reference.Model);
        Assert.Equal(version, reference.Version);
        Assert.Equal(stage, reference.Stage);
        Assert.Null(reference.Digest);
    }

    [Fact]
    public void Reads_a_digest_in_lower_case()
    {
        var digest = Samples.Digest("x");
        Assert.Equal(digest, ModelReference.Parse($"m@sha256:{digest.ToUpperInvariant()}").Digest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@1.0.0")]
    [InlineData("m@")]
    [InlineData("m@sha256:abc")]
    public void A_malformed_reference_is_MLOPS166(string text)
    {
        var e = Assert.Throws<MlOpsException>(() => ModelReference.Parse(text));
        Assert.Equal("MLOPS166", e.Code);
    }

    [Fact]
    public void Resolves_each_form_against_a_real_catalog_and_lists_what_exists_when_nothing_matches()
    {
        using var store = CatalogLocation.Open(folder.File("catalog.db"));
        var old = Samples.Version("credit-risk", "1.0.0", at: Samples.Noon);
        var latest = Samples.Version("credit-risk", "1.1.0", at: Samples.Noon.AddDays(1));
        store.Register(old, []);
        store.Register(latest, []);
        store.ChangeStage(Samples.Move(old, Stage.Production));

        Assert.Equal("1.1.0", ModelReference.Parse("credit-risk").Resolve(store).Version);
        Assert.Equal("1.0.0", ModelReference.Parse("credit-risk@1.0.0").Resolve(store).Version);
        Assert.Equal("1.0.0", ModelReference.Parse("credit-risk@production").Resolve(store).Version);
        Assert.Equal("1.1.0", ModelReference.Parse($"credit-risk@sha256:{latest.Digest}").Resolve(store).Version);

        var model = Assert.Throws<MlOpsException>(() => ModelReference.Parse("loan").Resolve(store));
        Assert.Equal("MLOPS165", model.Code);
        Assert.Contains("credit-risk", model.Fix);
        var version = Assert.Throws<MlOpsException>(() => ModelReference.Parse("credit-risk@2.0.0").Resolve(store));
        Assert.Contains("1.1.0, 1.0.0", version.Fix);
        var stage = Assert.Throws<MlOpsException>(() => ModelReference.Parse("credit-risk@staging").Resolve(store));
        Assert.Contains("no version in staging", stage.Message);
        Assert.Contains("candidate 1.1.0, production 1.0.0", stage.Fix);
        var digest = Assert.Throws<MlOpsException>(() => ModelReference.Parse($"credit-risk@sha256:{Samples.Digest("other")}").Resolve(store));
        Assert.Equal("MLOPS165", digest.Code);
    }

    [Fact]
    public void An_empty_catalog_says_so()
    {
        using var store = CatalogLocation.Open(folder.File("empty.db"));
        var e = Assert.Throws<MlOpsException>(() => ModelReference.Parse("credit-risk@production").Resolve(store));
        Assert.Contains("The catalog is empty", e.Fix);
    }

    public void Dispose() => folder.Dispose();
}
