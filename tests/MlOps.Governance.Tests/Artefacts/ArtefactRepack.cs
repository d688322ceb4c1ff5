using MlOps.Governance.Artefacts;
using MlOps.Hashing;

namespace MlOps.Governance.Tests.ArtefactTests;

/// <summary>
/// Takes an artefact apart and frames it again as the writer does, the way a forger would, for tests of what
/// verification and the readers catch. Shared by the Governance, Runtime and CLI tests (linked into the latter two).
/// </summary>
internal static class ArtefactRepack
{
    /// <summary>The source-date epoch the test artefacts are built with (their entries' one DOS time).</summary>
    public const long Epoch = 1_700_000_000;

    /// <summary>Every member of the artefact, in archive order, read without checking it against the manifest.</summary>
    public static List<ZipMember> Members(string packagePath)
    {
        using var package = MlPackageReader.Open(packagePath);
        return package.Entries.Select(e => new ZipMember(e.Name, package.OpenMemberBytes(e.Name))).ToList();
    }

    /// <summary>The artefact's manifest bytes.</summary>
    public static byte[] Manifest(string packagePath)
    {
        using var package = MlPackageReader.Open(packagePath);
        return package.ManifestBytes;
    }

    /// <summary>
    /// The artefact with its manifest replaced by <paramref name="manifest"/> and the archive's digest record rewritten to
    /// match, framed as the writer frames it: only the sidecar (or a digest kept elsewhere) can tell.
    /// </summary>
    public static byte[] WithManifest(string packagePath, byte[] manifest, long epoch = Epoch)
    {
        var members = Members(packagePath);
        members[members.FindIndex(m => m.Path == ArtefactPaths.Manifest)] = new ZipMember(ArtefactPaths.Manifest, manifest);
        return DeterministicZipWriter.ToBytes(members, epoch, ArtefactPaths.Comment(Sha256Hex.Of(manifest)));
    }

    /// <summary>A member's bytes, unchecked.</summary>
    public static byte[] OpenMemberBytes(this MlPackage package, string name)
    {
        using var stream = package.OpenMember(name);
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
