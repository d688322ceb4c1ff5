using MlOps.Governance.Cards;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.VersionIdentity;

/// <summary>
/// One version names one artefact: a card `version:` the given version overrides is reported (the build warns,
/// MLOPS187), and so is an artefact replaced under the same name and version with other content (MLOPS188), while a
/// reproducible rebuild, or a rebuild whose only change is the lineage, stays quiet.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class VersionIdentityTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    [Fact]
    public void A_card_version_that_differs_from_the_given_one_is_reported_with_its_line()
    {
        var result = MlPackageBuilder.Build(_inputs.Request() with { Version = "2.0.0" });

        Assert.Equal("2.0.0", result.Manifest.Version);
        var ignored = Assert.IsType<IgnoredCardVersion>(result.IgnoredCardVersion);
        Assert.Equal("1.2.0", ignored.CardVersion);
        Assert.Equal("2.0.0", ignored.Version);
        Assert.Equal(_inputs.CardPath, ignored.File);
        Assert.Equal(3, ignored.Line);
    }

    [Fact]
    public void A_card_version_equal_to_the_given_one_or_the_only_one_is_not_reported()
    {
        Assert.Null(MlPackageBuilder.Build(_inputs.Request() with { Version = "1.2.0" }).IgnoredCardVersion);
        Assert.Null(MlPackageBuilder.Build(_inputs.Request() with { Version = null }).IgnoredCardVersion);
    }

    [Fact]
    public void The_first_build_and_a_byte_identical_rebuild_replace_nothing()
    {
        var first = MlPackageBuilder.Build(_inputs.Request());
        var again = MlPackageBuilder.Build(_inputs.Request());

        Assert.Null(first.Replaced);
        Assert.Equal(first.PackageSha256, again.PackageSha256);
        Assert.Null(again.Replaced);
    }

    [Fact]
    public void A_rebuild_that_changes_only_the_lineage_replaces_nothing()
    {
        var first = MlPackageBuilder.Build(_inputs.Request());
        var later = MlPackageBuilder.Build(_inputs.Request() with { SourceDateEpoch = 1800000000 });

        Assert.NotEqual(first.PackageSha256, later.PackageSha256); // other bytes: the clock is in the manifest and the cards
        Assert.Null(later.Replaced);
    }

    [Fact]
    public void Editing_the_card_under_the_same_version_is_reported_as_a_changed_model_member()
    {
        MlPackageBuilder.Build(_inputs.Request());
        _inputs.WriteCard(SampleInputs.Card.Replace("Retrained quarterly.", "Retrained monthly."));

        var edited = MlPackageBuilder.Build(_inputs.Request());

        var replaced = Assert.IsType<ReplacedArtefact>(edited.Replaced);
        Assert.Equal(edited.PackagePath, replaced.Path);
        Assert.Equal(["model/model.onnx"], replaced.Changed);
    }

    [Fact]
    public void Removed_evidence_and_other_data_are_reported()
    {
        MlPackageBuilder.Build(_inputs.Request());
        File.Delete(Path.Combine(_inputs.EvidenceDirectory, "evaluation.json"));
        File.AppendAllText(_inputs.TrainPath, "29,1500,m,0\n");

        var replaced = Assert.IsType<ReplacedArtefact>(MlPackageBuilder.Build(_inputs.Request()).Replaced);

        Assert.Equal(["data sets", "evidence/evaluation.json (removed)"], replaced.Changed);
    }

    [Fact]
    public void A_file_that_is_not_an_artefact_is_replaced_without_a_report()
    {
        Directory.CreateDirectory(_inputs.OutputDirectory);
        File.WriteAllText(Path.Combine(_inputs.OutputDirectory, "credit-risk-1.2.0.mlpkg"), "not a zip");

        Assert.Null(MlPackageBuilder.Build(_inputs.Request()).Replaced);
    }
}
