using MlOps.Attestations.Keys;
using MlOps.Attestations.Tests.TestSupport;
using MlOps.Attestations.Trust;
using MlOps.Diagnostics;

namespace MlOps.Attestations.Tests.Trust;

public sealed class TrustFileTests
{
    [Fact]
    public void Principals_keys_by_path_or_inline_PEM_roles_and_revocations_are_read()
    {
        using var folder = new TempFolder();
        using var alice = SigningKey.Create();
        using var bob = SigningKey.Create();
        var inline = string.Join("\n", bob.PublicKey.ToPem().TrimEnd().Split('\n').Select(l => "      " + l));
        var path = Signed.TrustFile(folder, [("Alice", alice, "risk-manager, model-owner")],
            $"  - name: Bob\n    roles: [compliance]\n    expires: 2027-01-31\n    publicKey: |\n{inline}\n" +
            $"revoked:\n  - keyId: {alice.Id}\n    at: 2026-11-01T00:00:00Z\n    reason: laptop lost\n");
        var trust = TrustFile.Read(path);
        Assert.Equal(["Alice", "Bob"], trust.Principals.Select(p => p.Name));
        Assert.Equal(["risk-manager", "model-owner"], trust.Principals[0].Roles);
        Assert.Equal("Alice <alice@example.org>", trust.Find(alice.Id)!.Value.Owner.Display);
        Assert.Equal("Bob", trust.Find(bob.Id)!.Value.Owner.Name);
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), trust.Principals[1].Expires);
        Assert.Equal("laptop lost", trust.RevocationOf(alice.Id)!.Reason);
        Assert.Null(trust.RevocationOf(bob.Id));
        Assert.Equal(64, trust.Sha256.Length);
    }

    [Fact]
    public void A_key_listed_for_two_principals_is_MLOPS140_naming_both_and_the_line()
    {
        using var folder = new TempFolder();
        using var shared = SigningKey.Create();
        var path = Signed.TrustFile(folder, [("Alice", shared, "risk-manager")]);
        File.AppendAllText(path, "  - name: Mallory\n    roles: [model-owner]\n    publicKey: alice.pub\n");
        var error = Assert.Throws<MlOpsException>(() => TrustFile.Read(path));
        Assert.Equal(DiagnosticCatalog.InvalidTrustFile, error.Diagnostic);
        Assert.Equal(8, error.Line);
        Assert.Contains("listed twice", error.Message);
        Assert.Contains("'Alice' (line 5)", error.Message);
        Assert.Contains("'Mallory'", error.Message);
    }

    [Theory]
    [InlineData("principals: []\n", 1, "names no principal")]
    [InlineData("people: []\n", 1, "Unknown top-level key 'people'")]
    [InlineData("principals:\n  - name: A\n    roles: [x]\n", 2, "has no 'publicKey'")]
    [InlineData("principals:\n  - roles: [x]\n    publicKey: a.pub\n", 2, "has no 'name'")]
    [InlineData("principals:\n  - name: A\n    publicKey: missing.pub\n", 3, "does not exist")]
    [InlineData("principals:\n  - name: A\n    roles: [Risk Manager]\n    publicKey: a.pub\n", 3, "not a role name")]
    [InlineData("principals:\n  - name: A\n    publicKey: a.pub\n    expires: someday\n", 4, "not a date")]
    [InlineData("principals:\n  - name: A\n    publicKey: a.pub\nrevoked:\n  - keyId: abc\n    at: 2026-01-01\n", 5, "not a key id")]
    [InlineData("principals:\n  - name: A\n    publicKey: a.pub\n    colour: red\n", 4, "Unknown principal key 'colour'")]
    [InlineData("principals:\n  - name: A\n    publicKey: |\n      -----BEGIN PUBLIC KEY-----\n      AAAA\n      -----END PUBLIC KEY-----\n", 3, "not an ECDSA public key")]
    [InlineData("principals: [\n", 1, "not valid YAML")]
    public void Mistakes_name_the_line_and_the_fix(string yaml, int line, string expected)
    {
        using var folder = new TempFolder();
        using var key = SigningKey.Create();
        File.WriteAllText(folder.File("a.pub"), key.PublicKey.ToPem());
        var path = folder.File("trust.yaml");
        File.WriteAllText(path, yaml);
        var error = Assert.Throws<MlOpsException>(() => TrustFile.Read(path));
        Assert.Contains(expected, error.Message);
        Assert.Equal(line, error.Line);
        Assert.NotNull(error.Fix);
    }
}
