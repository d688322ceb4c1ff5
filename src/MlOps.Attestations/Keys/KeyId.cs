using MlOps.Hashing;

namespace MlOps.Attestations.Keys;

/// <summary>A key's identity: the lowercase hex SHA-256 of its SubjectPublicKeyInfo DER, as DSSE's <c>keyid</c>.</summary>
public static class KeyId
{
    /// <summary>The key id of the public key whose SPKI DER is <paramref name="subjectPublicKeyInfo"/>.</summary>
    public static string Of(ReadOnlySpan<byte> subjectPublicKeyInfo) => Sha256Hex.Of(subjectPublicKeyInfo);

    /// <summary>The first 16 hex digits, for messages and tables (the whole id is in every JSON output).</summary>
    public static string Short(string keyId) => keyId.Length > 16 ? keyId[..16] : keyId;
}
