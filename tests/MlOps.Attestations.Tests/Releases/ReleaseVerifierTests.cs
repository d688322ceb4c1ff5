using System.Text;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Releases;
using MlOps.Attestations.Trust;
using MlOps.Hashing;

namespace MlOps.Attestations.Tests.Releases;

public sealed class ReleaseVerifierTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mlops-release-");
    private readonly SigningKey _manager = SigningKey.Create();

    public void Dispose()
    {
        _manager.Dispose();
        _folder.Delete(recursive: true);
    }

    private string Artefact(string name = "credit-risk-1.0.0.mlpkg", string content = "artefact bytes")
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(content));
        return path;
    }

    private TrustFile Trust(SigningKey? revoked = null) => TrustFile.Read(ReleaseRecords.WriteTrust(_folder.FullName, _manager, revoked));

    [Fact]
    public void A_trusted_release_record_releases_the_artefact_and_names_its_line_digest_and_signer()
    {
        var artefact = Artefact();
        var line = ReleaseRecords.Append(artefact, _manager);

        var check = ReleaseVerifier.Check(artefact, Trust());

        Assert.True(check.IsReleased, string.Join(" ", check.Reasons));
        Assert.Equal(1, check.Record!.Line);
        Assert.Equal(Sha256Hex.Of(line), check.Record.Sha256);
        Assert.Equal("Release Manager", check.Record.Signer.Name);
        Assert.Equal(_manager.Id, check.Record.KeyId);
        Assert.Equal(Sha256Hex.OfFile(artefact), check.ArtefactSha256);
    }

    [Fact]
    public void Without_a_bundle_the_artefact_is_not_released()
    {
        var check = ReleaseVerifier.Check(Artefact(), Trust());

        Assert.False(check.IsReleased);
        Assert.Contains("no attestation bundle", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_blocked_decision_does_not_release_and_a_later_one_withdraws_a_release()
    {
        var artefact = Artefact();
        ReleaseRecords.Append(artefact, _manager);
        ReleaseRecords.Append(artefact, _manager, decision: "blocked");

        var check = ReleaseVerifier.Check(artefact, Trust());

        Assert.False(check.IsReleased);
        Assert.Contains("decided 'blocked'", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_signed_by_an_untrusted_key_does_not_count()
    {
        var artefact = Artefact();
        using var stranger = SigningKey.Create();
        ReleaseRecords.Append(artefact, stranger);

        var check = ReleaseVerifier.Check(artefact, Trust());

        Assert.False(check.IsReleased);
        Assert.Contains("does not name", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_signed_by_a_revoked_key_does_not_count()
    {
        var artefact = Artefact();
        using var former = SigningKey.Create();
        ReleaseRecords.Append(artefact, former);

        var check = ReleaseVerifier.Check(artefact, Trust(revoked: former));

        Assert.False(check.IsReleased);
        Assert.Contains("revoked", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_of_another_artefact_copied_into_the_bundle_does_not_count()
    {
        var released = Artefact("credit-risk-0.9.0.mlpkg", "the released one");
        var artefact = Artefact();
        ReleaseRecords.Append(artefact, _manager, aboutPath: released);

        var check = ReleaseVerifier.Check(artefact, Trust());

        Assert.False(check.IsReleased);
        Assert.Contains("another artefact", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_without_release_records_says_so()
    {
        var artefact = Artefact();
        ReleaseRecords.Append(artefact, _manager);
        File.WriteAllText(MlOps.Attestations.Bundles.AttestationBundle.PathFor(artefact), "");

        var check = ReleaseVerifier.Check(artefact, Trust());

        Assert.False(check.IsReleased);
        Assert.Contains("holds no release record", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }
}
