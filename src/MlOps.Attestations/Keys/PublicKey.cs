using System.Security.Cryptography;

namespace MlOps.Attestations.Keys;

/// <summary>An ECDSA P-256 public key that checks signatures: read from SPKI PEM ("BEGIN PUBLIC KEY").</summary>
public sealed class PublicKey
{
    private readonly ECDsa _key;

    private PublicKey(ECDsa key, byte[] subjectPublicKeyInfo)
    {
        _key = key;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        Id = KeyId.Of(subjectPublicKeyInfo);
    }

    /// <summary>The key id (<see cref="KeyId"/>).</summary>
    public string Id { get; }

    /// <summary>The SubjectPublicKeyInfo DER.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>The key as SPKI PEM.</summary>
    public string ToPem() => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo) + "\n";

    /// <summary>Whether <paramref name="derSignature"/> (ASN.1 DER, as DSSE carries it) signs <paramref name="data"/> with SHA-256.</summary>
    public bool Verifies(ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature)
    {
        try
        {
            return _key.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            // A signature that is not DER at all: not a valid signature, not an error of the caller.
            return false;
        }
    }

    /// <summary>Reads an SPKI PEM public key.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="source">Where it came from, for messages (a file, or "trust.yaml line 12").</param>
    /// <param name="line">The line of <paramref name="source"/> it starts at, if any.</param>
    /// <exception cref="MlOpsException">Not a PEM public key, or not an ECDSA P-256 key (MLOPS138).</exception>
    public static PublicKey FromPem(string pem, string source, long? line = null)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "PUBLIC KEY")
        {
            throw KeyFiles.Malformed(source, line, pem.Contains("PRIVATE KEY", StringComparison.Ordinal)
                ? "This is a private key; a public key (BEGIN PUBLIC KEY) belongs here. Never share the private key."
                : "It is not a PEM public key (BEGIN PUBLIC KEY).");
        }
        var der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out _);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw KeyFiles.Malformed(source, line, $"It is not an ECDSA public key ({e.Message.TrimEnd('.')}).");
        }
        KeyFiles.RequireP256(key, source, line);
        return new PublicKey(key, der);
    }

    internal static PublicKey Of(ECDsa key) => new(key, key.ExportSubjectPublicKeyInfo());
}
