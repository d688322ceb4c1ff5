using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Tests.ArtefactTests;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Governed;

/// <summary>
/// Issue 9, defect 2: GovernedModel.Open throws only ArtefactVerificationException for an artefact it will not
/// load, whatever is wrong with the file.
/// </summary>
public sealed class GovernedModelUnreadableTests
{
    [Fact]
    public void Invalid_UTF8_in_a_manifest_key_with_a_matching_record_is_a_verification_exception()
    {
        using var artefact = new SampleArtefact();
        var manifest = ArtefactRepack.Manifest(artefact.PackagePath);
        manifest[manifest.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"schema\":")) + 3] = 0xFF;
        File.Delete(artefact.PackagePath + ".sha256");
        File.WriteAllBytes(artefact.PackagePath, ArtefactRepack.WithManifest(artefact.PackagePath, manifest));

        var e = Assert.Throws<ArtefactVerificationException>(() => GovernedModel.Open(artefact.PackagePath));
        Assert.Contains(e.Differences, d => d.Kind == DifferenceKind.ManifestEdited);
    }

    [Fact]
    public void A_file_that_is_no_ZIP_is_a_verification_exception_carrying_the_readers_diagnostic()
    {
        using var artefact = new SampleArtefact();
        File.Delete(artefact.PackagePath + ".sha256");
        File.WriteAllText(artefact.PackagePath, "not a zip");
        var e = Assert.Throws<ArtefactVerificationException>(() => GovernedModel.Open(artefact.PackagePath));
        Assert.Equal("MLOPS112", e.Code);
        Assert.Empty(e.Differences);
        Assert.IsType<MlOpsException>(e.InnerException);
    }

    [Fact]
    public void Bytes_appended_to_the_artefact_are_a_verification_exception_naming_them()
    {
        using var artefact = new SampleArtefact();
        File.Delete(artefact.PackagePath + ".sha256");
        File.AppendAllText(artefact.PackagePath, "trailing");
        var e = Assert.Throws<ArtefactVerificationException>(() => GovernedModel.Open(artefact.PackagePath));
        Assert.Contains(e.Differences, d => d.Detail.StartsWith("8 bytes after the end of the archive", StringComparison.Ordinal));
    }
}
