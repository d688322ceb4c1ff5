using System.Security.Cryptography;
using System.Text;

namespace MlOps.Release.Bom;

/// <summary>
/// The BOM's <c>serialNumber</c>: a name-based UUID (RFC 9562 version 5, SHA-1 in the URL namespace) of
/// <c>https://mlopsbuild.dev/bom/v1/sha256/&lt;the .mlpkg file's sha256&gt;</c>. The same artefact always gets the
/// same serial number (a random one would make two runs differ), two artefacts never share one, and anyone can
/// recompute it from the artefact alone (Python: <c>uuid.uuid5(uuid.NAMESPACE_URL, name)</c>).
/// </summary>
/// <remarks>
/// The name carries the mapping version ("v1"): when the mapping from artefact to BOM changes, the name changes
/// too, so a BOM with other content never reuses an earlier serial number. SHA-1 is the algorithm RFC 9562 fixes
/// for version 5; it only spreads the name over 122 bits here and guards nothing (the sha256 inside the name does).
/// </remarks>
public static class BomSerialNumber
{
    /// <summary>The name prefix; the artefact's sha256 follows.</summary>
    public const string NamePrefix = "https://mlopsbuild.dev/bom/v1/sha256/";

    /// <summary>The RFC 9562 namespace for names that are URLs (6ba7b811-9dad-11d1-80b4-00c04fd430c8), in network byte order.</summary>
    private static readonly byte[] UrlNamespace =
        [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];

    /// <summary>The serial number (<c>urn:uuid:…</c>) of the artefact whose file sha256 is <paramref name="artefactSha256"/>.</summary>
    public static string Of(string artefactSha256) => "urn:uuid:" + NameBasedUuid(NamePrefix + artefactSha256);

    /// <summary>The version 5 UUID of <paramref name="name"/> in the URL namespace, lowercase with hyphens.</summary>
    internal static string NameBasedUuid(string name)
    {
        var input = new byte[UrlNamespace.Length + Encoding.UTF8.GetByteCount(name)];
        UrlNamespace.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(name, 0, name.Length, input, UrlNamespace.Length);
#pragma warning disable CA5350 // RFC 9562 fixes SHA-1 for version 5 UUIDs; no security rests on it (see remarks).
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var uuid = hash.AsSpan(0, 16).ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // version 5
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // variant 10 (RFC 9562)
        var hex = Convert.ToHexString(uuid).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
