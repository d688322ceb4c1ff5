using System.Security.Cryptography;
using MlOps.Diagnostics;
using MlOps.Hashing;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// Checks an artefact against itself: every member against the manifest's sha256 and size, the manifest
/// against the digest recorded in the archive comment, the ZIP structure, and the whole file against its
/// .sha256 sidecar when one sits next to it. Hashing streams (memory stays flat); the whole-file hash runs
/// beside the member hashes.
/// </summary>
public static class MlPackageVerifier
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Verifies <paramref name="path"/>. Differences are reported, not thrown; a file that is not an artefact
    /// (not a ZIP, no manifest and no artefact record) or cannot be read safely throws MlOpsException (MLOPS112/114/115).
    /// </summary>
    /// <param name="path">The .mlpkg file.</param>
    /// <param name="limits">Safety limits (default <see cref="ZipLimits.Default"/>).</param>
    /// <param name="progress">Told the running total of member bytes hashed (for a progress display), or null.</param>
    public static VerificationResult Verify(string path, ZipLimits? limits = null, IProgress<long>? progress = null)
    {
        using var archive = SafeZipArchive.Open(path, limits);
        var recorded = ArtefactPaths.DigestFromComment(archive.Comment);
        var manifestEntry = archive.Find(ArtefactPaths.Manifest);
        if (manifestEntry is null && recorded is null)
        {
            throw new MlOpsException("Not an .mlpkg artefact: the ZIP has no manifest.json and no artefact record.", file: path,
                fix: "Pass a .mlpkg written by MlOps.Build.", diagnostic: DiagnosticCatalog.NotAnArtefact);
        }

        var sidecarPath = Sidecar.PathFor(path);
        var hasSidecar = File.Exists(sidecarPath);
        // The whole-file hash (for the sidecar) runs on another core while members are hashed here.
        var fileHash = hasSidecar ? Task.Run(() => HashFile(path)) : Task.FromResult<string?>(null);

        var differences = new List<ArtefactDifference>();
        foreach (var entry in archive.Entries.Where(e => e.LocalHeaderMismatch is not null))
        {
            differences.Add(new(DifferenceKind.StructureChanged, entry.Name, entry.LocalHeaderMismatch!));
        }

        string? digest = null;
        ArtefactManifest? manifest = null;
        if (manifestEntry is null)
        {
            differences.Add(new(DifferenceKind.MemberRemoved, ArtefactPaths.Manifest, "the archive has no manifest.json"));
        }
        else if (manifestEntry.LocalHeaderMismatch is null)
        {
            byte[]? bytes = null;
            try
            {
                bytes = manifestEntry.Size <= 64L << 20 ? archive.ReadAll(manifestEntry) : null;
            }
            catch (MlOpsException e)
            {
                differences.Add(new(DifferenceKind.ManifestEdited, ArtefactPaths.Manifest, e.Message));
            }
            if (bytes is not null)
            {
                digest = Sha256Hex.Of(bytes);
                if (recorded is null)
                {
                    differences.Add(new(DifferenceKind.StructureChanged, "(archive comment)", "the digest recorded at build time is missing"));
                }
                else if (recorded != digest)
                {
                    differences.Add(new(DifferenceKind.ManifestEdited, ArtefactPaths.Manifest, $"sha256 is {digest}, the archive records {recorded}"));
                }
                try
                {
                    manifest = ArtefactManifest.Parse(bytes, path);
                }
                catch (MlOpsException e)
                {
                    if (recorded is null)
                    {
                        throw; // neither a readable manifest nor an artefact record: not an artefact
                    }
                    differences.Add(new(DifferenceKind.ManifestEdited, ArtefactPaths.Manifest, e.Message));
                }
            }
        }

        var checkedCount = 0;
        long hashed = 0;
        if (manifest is not null)
        {
            var pinned = manifest.Members.ToDictionary(m => m.Path, StringComparer.Ordinal);
            foreach (var member in manifest.Members.OrderBy(m => m.Path, StringComparer.Ordinal))
            {
                var entry = archive.Find(member.Path);
                if (entry is null)
                {
                    differences.Add(new(DifferenceKind.MemberRemoved, member.Path, "listed in the manifest but absent from the archive"));
                    continue;
                }
                if (entry.LocalHeaderMismatch is not null)
                {
                    continue; // already reported as a structure change; its data cannot be located reliably
                }
                checkedCount++;
                var (sha, size, error) = HashEntry(archive, entry, progress, ref hashed);
                if (error is not null)
                {
                    differences.Add(new(DifferenceKind.MemberChanged, member.Path, error));
                }
                else if (sha != member.Sha256 || size != member.Size)
                {
                    differences.Add(new(DifferenceKind.MemberChanged, member.Path,
                        size != member.Size
                            ? $"{size} bytes, the manifest pins {member.Size}"
                            : $"sha256 is {sha}, the manifest pins {member.Sha256}"));
                }
            }
            foreach (var entry in archive.Entries)
            {
                if (entry.Name != ArtefactPaths.Manifest && !pinned.ContainsKey(entry.Name))
                {
                    differences.Add(new(DifferenceKind.MemberAdded, entry.Name, "present in the archive but not listed in the manifest"));
                }
            }
        }

        var fileSha256 = fileHash.GetAwaiter().GetResult();
        if (hasSidecar)
        {
            var parsed = Sidecar.Parse(File.ReadAllText(sidecarPath));
            if (parsed is null)
            {
                differences.Add(new(DifferenceKind.SidecarMismatch, sidecarPath, "not in sha256sum format ('<64 hex digits>  <file name>')"));
            }
            else if (parsed.Value.Sha256 != fileSha256)
            {
                differences.Add(new(DifferenceKind.SidecarMismatch, Path.GetFileName(path), $"sha256 is {fileSha256}, the sidecar records {parsed.Value.Sha256}"));
            }
        }

        return new VerificationResult
        {
            Path = path,
            Differences = differences
                .OrderBy(d => d.Kind)
                .ThenBy(d => d.Subject, StringComparer.Ordinal)
                .ThenBy(d => d.Detail, StringComparer.Ordinal)
                .ToList(),
            Digest = digest,
            RecordedDigest = recorded,
            SidecarPath = hasSidecar ? sidecarPath : null,
            FileSha256 = fileSha256,
            Name = manifest?.Name,
            Version = manifest?.Version,
            MembersChecked = checkedCount,
        };
    }

    private static (string? Sha, long Size, string? Error) HashEntry(SafeZipArchive archive, SafeZipEntry entry, IProgress<long>? progress, ref long hashed)
    {
        try
        {
            using var stream = archive.OpenEntry(entry);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long size = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                sha.AppendData(buffer.AsSpan(0, read));
                size += read;
                hashed += read;
                progress?.Report(hashed);
            }
            return (Sha256Hex.Format(sha.GetHashAndReset()), size, null);
        }
        catch (MlOpsException e)
        {
            return (null, 0, e.Message);
        }
    }

    private static string? HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return Sha256Hex.Of(stream);
    }
}
