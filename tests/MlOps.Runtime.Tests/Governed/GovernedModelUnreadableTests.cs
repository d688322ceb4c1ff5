using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Hashing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Governed;

/// <summary>
/// Issue 9, defect 2: GovernedModel.Open throws only ArtefactVerificationException for an artefact it will not
/// load, whatever is wrong with the file.
/// </summary>
public sealed class GovernedModelUnreadableTests
{
    private static List<ZipMember> Members(string path)
    {
        using var package = MlPackageReader.Open(path);
        return package.Entries.Select(e =>
        {
            using var stream = package.OpenMember(e.Name);
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return new ZipMember(e.Name, buffer.ToArray());
        }).ToList();
    }

    [Fact]
    public void Invalid_UTF8_in_a_manifest_key_with_a_matching_record_is_a_verification_exception()
    {
        using var artefact = new SampleArtefact();
        var members = Members(artefact.PackagePath);
        var index = members.FindIndex(m => m.Path == ArtefactPaths.Manifest);
        var manifest = members[index].Content.ToArray();
        manifest[manifest.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"schema\":")) + 3] = 0xFF;
        members[index] = new ZipMember(ArtefactPaths.Manifest, manifest);
        File.Delete(artefact.PackagePath + ".sha256");
        File.WriteAllBytes(artefact.PackagePath, DeterministicZipWriter.ToBytes(members, 1700000000, ArtefactPaths.Comment(Sha256Hex.Of(manifest))));

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
