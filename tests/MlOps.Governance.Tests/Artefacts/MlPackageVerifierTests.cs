using System.Text;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

public sealed class MlPackageVerifierTests : IDisposable
{
    private readonly SampleInputs _inputs = new();
    private readonly PackageResult _built;

    public MlPackageVerifierTests() => _built = MlPackageBuilder.Build(_inputs.Request());

    public void Dispose() => _inputs.Dispose();

    public static TheoryData<string> Members => new()
    {
        "card/model-card.html", "card/model-card.json", "card/model-card.md", "evidence/evaluation.json", "manifest.json", "model/model.onnx",
    };

    /// <summary>A copy of the built artefact (without sidecar unless asked) to tamper with.</summary>
    private string Copy(string name, bool withSidecar = false)
    {
        var path = Path.Combine(_inputs.Root, name);
        File.Copy(_built.PackagePath, path, overwrite: true);
        if (withSidecar)
        {
            File.WriteAllText(Sidecar.PathFor(path), Sidecar.Format(_built.PackageSha256, name));
        }
        return path;
    }

    [Fact]
    public void A_fresh_artefact_is_intact_including_its_sidecar()
    {
        var result = MlPackageVerifier.Verify(_built.PackagePath);
        Assert.True(result.Intact, string.Join("\n", result.Differences));
        Assert.Equal(_built.Digest, result.Digest);
        Assert.Equal(_built.Digest, result.RecordedDigest);
        Assert.Equal(_built.Sha256Path, result.SidecarPath);
        Assert.Equal(5, result.MembersChecked);
        Assert.Equal("credit-risk", result.Name);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void One_changed_byte_in_any_member_is_found_and_named(string member)
    {
        var path = Copy("tampered.mlpkg");
        var bytes = File.ReadAllBytes(path);
        var (offset, length) = ZipBytes.DataOf(bytes, member);
        bytes[offset + (length / 2)] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var result = MlPackageVerifier.Verify(path);
        Assert.False(result.Intact);
        Assert.Contains(result.Differences, d => d.Subject == member
            && (d.Kind == DifferenceKind.MemberChanged || (member == "manifest.json" && d.Kind == DifferenceKind.ManifestEdited)));
    }

    [Fact]
    public void Any_changed_byte_is_caught_by_the_sidecar_too()
    {
        var path = Copy("flipped.mlpkg", withSidecar: true);
        var bytes = File.ReadAllBytes(path);
        bytes[10] ^= 0x01; // the first local header's timestamp: no member changes
        File.WriteAllBytes(path, bytes);
        var result = MlPackageVerifier.Verify(path);
        Assert.Contains(result.Differences, d => d.Kind == DifferenceKind.SidecarMismatch && d.Subject == "flipped.mlpkg");
    }

    [Fact]
    public void An_added_member_is_found_and_named()
    {
        using var package = MlPackageReader.Open(_built.PackagePath);
        var members = package.Entries.Select(e => new ZipMember(e.Name, package.OpenMemberBytes(e.Name))).ToList();
        members.Add(new ZipMember("evidence/backdoor.json", Encoding.UTF8.GetBytes("{}")));
        var path = Rewrite("added.mlpkg", members, package.Digest);

        var result = MlPackageVerifier.Verify(path);
        var difference = Assert.Single(result.Differences);
        Assert.Equal(DifferenceKind.MemberAdded, difference.Kind);
        Assert.Equal("evidence/backdoor.json", difference.Subject);
    }

    [Fact]
    public void A_removed_member_is_found_and_named()
    {
        using var package = MlPackageReader.Open(_built.PackagePath);
        var members = package.Entries.Where(e => e.Name != "evidence/evaluation.json")
            .Select(e => new ZipMember(e.Name, package.OpenMemberBytes(e.Name))).ToList();
        var path = Rewrite("removed.mlpkg", members, package.Digest);

        var difference = Assert.Single(MlPackageVerifier.Verify(path).Differences);
        Assert.Equal(DifferenceKind.MemberRemoved, difference.Kind);
        Assert.Equal("evidence/evaluation.json", difference.Subject);
    }

    [Fact]
    public void An_edited_manifest_is_found_and_named_even_in_a_well_formed_zip()
    {
        using var package = MlPackageReader.Open(_built.PackagePath);
        var edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(package.ManifestBytes).Replace("\"level\":\"high\"", "\"level\":\"low\"", StringComparison.Ordinal));
        Assert.NotEqual(package.ManifestBytes, edited);
        var members = package.Entries.Select(e => new ZipMember(e.Name, e.Name == "manifest.json" ? edited : package.OpenMemberBytes(e.Name))).ToList();
        var path = Rewrite("edited.mlpkg", members, package.Digest);

        var difference = Assert.Single(MlPackageVerifier.Verify(path).Differences);
        Assert.Equal(DifferenceKind.ManifestEdited, difference.Kind);
        Assert.Equal("manifest.json", difference.Subject);
        Assert.Contains(package.Digest, difference.Detail);
    }

    [Fact]
    public void A_rewritten_manifest_and_record_is_caught_by_the_sidecar()
    {
        using var package = MlPackageReader.Open(_built.PackagePath);
        var edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(package.ManifestBytes).Replace("\"level\":\"high\"", "\"level\":\"low\"", StringComparison.Ordinal));
        var members = package.Entries.Select(e => new ZipMember(e.Name, e.Name == "manifest.json" ? edited : package.OpenMemberBytes(e.Name))).ToList();
        var path = Rewrite("forged.mlpkg", members, MlOps.Hashing.Sha256Hex.Of(edited));
        File.WriteAllText(Sidecar.PathFor(path), Sidecar.Format(_built.PackageSha256, "forged.mlpkg"));

        var difference = Assert.Single(MlPackageVerifier.Verify(path).Differences);
        Assert.Equal(DifferenceKind.SidecarMismatch, difference.Kind);
    }

    [Fact]
    public void A_malformed_sidecar_is_a_difference()
    {
        var path = Copy("badsidecar.mlpkg");
        File.WriteAllText(Sidecar.PathFor(path), "not a checksum\n");
        var difference = Assert.Single(MlPackageVerifier.Verify(path).Differences);
        Assert.Equal(DifferenceKind.SidecarMismatch, difference.Kind);
    }

    [Fact]
    public void Random_bytes_are_not_an_artefact()
    {
        var path = Path.Combine(_inputs.Root, "random.mlpkg");
        var random = new byte[10_000];
        new Random(7).NextBytes(random);
        File.WriteAllBytes(path, random);
        Assert.Equal("MLOPS112", Assert.Throws<MlOpsException>(() => MlPackageVerifier.Verify(path)).Code);
    }

    [Fact]
    public void A_zip_that_is_not_an_artefact_is_refused()
    {
        var path = Path.Combine(_inputs.Root, "plain.zip");
        File.WriteAllBytes(path, DeterministicZipWriter.ToBytes([new ZipMember("readme.txt", Encoding.UTF8.GetBytes("hi"))], 0));
        var e = Assert.Throws<MlOpsException>(() => MlPackageVerifier.Verify(path));
        Assert.Equal("MLOPS112", e.Code);
        Assert.Contains("manifest.json", e.Message);
    }

    [Fact]
    public void A_zip_with_a_foreign_manifest_is_refused()
    {
        var path = Path.Combine(_inputs.Root, "foreign.zip");
        File.WriteAllBytes(path, DeterministicZipWriter.ToBytes([new ZipMember("manifest.json", Encoding.UTF8.GetBytes("{\"schema\":\"other\"}"))], 0));
        Assert.Equal("MLOPS112", Assert.Throws<MlOpsException>(() => MlPackageVerifier.Verify(path)).Code);
    }

    [Fact]
    public void Reading_a_changed_member_through_the_reader_fails_with_MLOPS119()
    {
        var path = Copy("reader.mlpkg");
        var bytes = File.ReadAllBytes(path);
        var (offset, _) = ZipBytes.DataOf(bytes, "model/model.onnx");
        bytes[offset + 3] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        using var package = MlPackageReader.Open(path);
        Assert.Equal("MLOPS119", Assert.Throws<MlOpsException>(() => package.ReadModelBytes()).Code);
    }

    private string Rewrite(string name, IEnumerable<ZipMember> members, string recordedDigest)
    {
        var path = Path.Combine(_inputs.Root, name);
        File.WriteAllBytes(path, DeterministicZipWriter.ToBytes(members, 1700000000, ArtefactPaths.Comment(recordedDigest)));
        return path;
    }
}
