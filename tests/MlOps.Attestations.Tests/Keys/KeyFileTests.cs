using System.Security.Cryptography;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Tests.TestSupport;
using MlOps.Diagnostics;
using MlOps.Hashing;

namespace MlOps.Attestations.Tests.Keys;

[Collection(EnvironmentCollection.Name)]
public sealed class KeyFileTests
{
    [Fact]
    public void A_new_key_pair_is_PKCS8_and_SPKI_PEM_with_an_owner_only_private_file_and_the_SPKI_key_id()
    {
        using var folder = new TempFolder();
        var (privatePath, publicPath, keyId) = KeyFiles.Create(folder.File("alice"), passphrase: null);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(privatePath));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(publicPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(publicPath));
        Assert.Equal(Sha256Hex.Of(ecdsa.ExportSubjectPublicKeyInfo()), keyId);
        using var key = SigningKey.Load(privatePath, "UNUSED_VARIABLE");
        Assert.Equal(keyId, key.Id);
        Assert.Equal(keyId, PublicKey.FromPem(File.ReadAllText(publicPath), publicPath).Id);
    }

    [Fact]
    public void An_existing_key_is_never_replaced()
    {
        using var folder = new TempFolder();
        KeyFiles.Create(folder.File("alice"), null);
        var before = File.ReadAllText(folder.File("alice.key"));
        var error = Assert.Throws<MlOpsException>(() => KeyFiles.Create(folder.File("alice"), null));
        Assert.Equal(DiagnosticCatalog.KeyFileExists, error.Diagnostic);
        Assert.Equal(before, File.ReadAllText(folder.File("alice.key")));
    }

    [Fact]
    public void An_encrypted_key_loads_with_its_passphrase_from_the_environment_and_names_the_variable_otherwise()
    {
        using var folder = new TempFolder();
        var (privatePath, _, keyId) = KeyFiles.Create(folder.File("bob"), "correct horse");
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(privatePath));
        const string variable = "MLOPS_TEST_KEY_PASSWORD";
        try
        {
            Environment.SetEnvironmentVariable(variable, null);
            var missing = Assert.Throws<MlOpsException>(() => SigningKey.Load(privatePath, variable));
            Assert.Equal(DiagnosticCatalog.KeyPassphrase, missing.Diagnostic);
            Assert.Contains(variable, missing.Message);

            Environment.SetEnvironmentVariable(variable, "wrong horse");
            var wrong = Assert.Throws<MlOpsException>(() => SigningKey.Load(privatePath, variable));
            Assert.Equal(DiagnosticCatalog.KeyPassphrase, wrong.Diagnostic);
            Assert.Contains("passphrase is wrong", wrong.Message);
            Assert.DoesNotContain("wrong horse", wrong.Describe());

            Environment.SetEnvironmentVariable(variable, "correct horse");
            using var key = SigningKey.Load(privatePath, variable);
            Assert.Equal(keyId, key.Id);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("", "not a PEM file")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not an ECDSA private key")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "CERTIFICATE")]
    public void A_malformed_private_key_is_MLOPS138_naming_the_file(string text, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.key");
        File.WriteAllText(path, text);
        var error = Assert.Throws<MlOpsException>(() => SigningKey.Load(path, "X"));
        Assert.Equal(DiagnosticCatalog.MalformedKey, error.Diagnostic);
        Assert.Equal(path, error.File);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_public_key_where_the_private_key_belongs_and_the_reverse_are_named()
    {
        using var folder = new TempFolder();
        var (privatePath, publicPath, _) = KeyFiles.Create(folder.File("k"), null);
        Assert.Contains("public key", Assert.Throws<MlOpsException>(() => SigningKey.Load(publicPath, "X")).Message);
        var error = Assert.Throws<MlOpsException>(() => PublicKey.FromPem(File.ReadAllText(privatePath), privatePath));
        Assert.Contains("private key", error.Message);
        Assert.DoesNotContain(File.ReadAllText(privatePath).Split('\n')[1], error.Describe());
    }

    [Fact]
    public void Only_P256_is_accepted()
    {
        using var folder = new TempFolder();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var path = folder.File("p384.key");
        File.WriteAllText(path, p384.ExportPkcs8PrivateKeyPem());
        var error = Assert.Throws<MlOpsException>(() => SigningKey.Load(path, "X"));
        Assert.Equal(DiagnosticCatalog.MalformedKey, error.Diagnostic);
        Assert.Contains("P-256", error.Message);
        using var rsa = RSA.Create(2048);
        Assert.Equal(DiagnosticCatalog.MalformedKey, Assert.Throws<MlOpsException>(() => PublicKey.FromPem(rsa.ExportSubjectPublicKeyInfoPem(), "rsa.pub")).Diagnostic);
    }
}
