using System.Security.Cryptography;

namespace MlOps.Hashing;

/// <summary>SHA-256 digests as lowercase hex, the form used in manifests, evidence, sidecars and audit records.</summary>
public static class Sha256Hex
{
    /// <summary>Digest of a byte span.</summary>
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return Format(digest);
    }

    /// <summary>Digest of a stream, read to its end in chunks (memory does not grow with size).</summary>
    public static string Of(Stream stream) => Format(SHA256.HashData(stream));

    /// <summary>Digest of a file, streamed.</summary>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Of(stream);
    }

    /// <summary>A computed digest (from <see cref="IncrementalHash"/>, say) as lowercase hex.</summary>
    public static string Format(ReadOnlySpan<byte> digest) => Convert.ToHexString(digest).ToLowerInvariant();
}
