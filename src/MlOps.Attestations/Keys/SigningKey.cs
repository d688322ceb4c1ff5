using System.Security.Cryptography;
using MlOps.Diagnostics;

namespace MlOps.Attestations.Keys;

/// <summary>
/// An ECDSA P-256 private key that signs with SHA-256 (ASN.1 DER signatures, as DSSE carries them). Read from a
/// PKCS#8 PEM file, optionally encrypted; the passphrase comes from an environment variable, never an argument
/// (arguments end up in shell histories and process lists).
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        PublicKey = PublicKey.Of(key);
    }

    /// <summary>The public half.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The key id (<see cref="KeyId"/>).</summary>
    public string Id => PublicKey.Id;

    /// <summary>A new random key.</summary>
    public static SigningKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Signs <paramref name="data"/> (SHA-256, DER signature).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The private key as PKCS#8 PEM; encrypted (PBES2, AES-256-CBC, PBKDF2-SHA256) when a passphrase is given.</summary>
    public string ToPem(string? passphrase) =>
        (string.IsNullOrEmpty(passphrase)
            ? _key.ExportPkcs8PrivateKeyPem()
            : _key.ExportEncryptedPkcs8PrivateKeyPem(passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000)))
        + "\n";

    /// <summary>Reads a private key file.</summary>
    /// <param name="path">The PKCS#8 PEM file.</param>
    /// <param name="passphraseVariable">The environment variable that holds the passphrase of an encrypted key.</param>
    /// <exception cref="MlOpsException">Missing or malformed file (MLOPS138); an encrypted key without its passphrase or
    /// with a wrong one (MLOPS139).</exception>
    public static SigningKey Load(string path, string passphraseVariable)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The private key file '{path}' does not exist.", path,
                fix: "Check the path, or create a key pair first.", diagnostic: DiagnosticCatalog.MalformedKey, inputs: [UserInputs.SigningKey]);
        }
        var text = File.ReadAllText(path);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw KeyFiles.Malformed(path, null, "It is not a PEM file.");
        }
        var label = text[fields.Label].ToString();
        var key = ECDsa.Create();
        try
        {
            switch (label)
            {
                case "PRIVATE KEY":
                    key.ImportFromPem(text);
                    break;
                case "ENCRYPTED PRIVATE KEY":
                    var passphrase = Environment.GetEnvironmentVariable(passphraseVariable);
                    if (string.IsNullOrEmpty(passphrase))
                    {
                        throw new MlOpsException($"The private key '{path}' is encrypted, and the environment variable {passphraseVariable} that holds its passphrase is not set.",
                            path, fix: $"Set {passphraseVariable} to the key's passphrase.", diagnostic: DiagnosticCatalog.KeyPassphrase);
                    }
                    try
                    {
                        key.ImportFromEncryptedPem(text, passphrase);
                    }
                    catch (CryptographicException e)
                    {
                        throw new MlOpsException($"The private key '{path}' could not be decrypted with the passphrase in {passphraseVariable}: the passphrase is wrong or the file is damaged.",
                            path, fix: $"Set {passphraseVariable} to the passphrase the key was created with.", diagnostic: DiagnosticCatalog.KeyPassphrase, inner: e);
                    }
                    break;
                case "PUBLIC KEY":
                    throw KeyFiles.Malformed(path, null, "It is a public key; signing needs the private key (the .key file beside it).");
                default:
                    throw KeyFiles.Malformed(path, null, $"It holds a '{label}', not a PKCS#8 private key (BEGIN PRIVATE KEY or BEGIN ENCRYPTED PRIVATE KEY).");
            }
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw KeyFiles.Malformed(path, null, $"It is not an ECDSA private key ({e.Message.TrimEnd('.')}).");
        }
        catch
        {
            key.Dispose();
            throw;
        }
        KeyFiles.RequireP256(key, path, null);
        return new SigningKey(key);
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
