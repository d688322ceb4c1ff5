using System.Security.Cryptography;

namespace MlOps.Governance.Hashing;

/// <summary>SHA-256 digests as lowercase hex, the form used in manifests, evidence and sidecars.</summary>
public static class Sha256Hex
{
    /// <summary>Digest of a byte span.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>Digest of a stream, read to its end in chunks (memory does not grow with size).</summary>
    public static string Of(Stream stream) => Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();

    /// <summary>Digest of a file, streamed.</summary>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Of(stream);
    }
}
