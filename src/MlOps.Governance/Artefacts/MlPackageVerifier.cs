using System.Security.Cryptography;
using MlOps.Diagnostics;
using MlOps.Hashing;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// Checks an artefact against itself: every member against the manifest's sha256 and size, the manifest
/// against the digest recorded in the archive comment, the archive against the bytes
/// <see cref="DeterministicZipWriter"/> writes for those members (any other byte is tampering, named by where
/// it is), and the whole file against its .sha256 sidecar when one sits next to it. Hashing streams (memory
/// stays flat); the whole-file hash runs beside the member hashes.
/// </summary>
public static class MlPackageVerifier
{
    private const int BufferSize = 1 << 20;

    /// <summary>A sidecar is one line of about 70 characters; anything much larger is not one (and is not read whole).</summary>
    private const int MaxSidecarLength = 4096;

    /// <summary>
    /// Verifies <paramref name="path"/>. Differences are reported, not thrown: a readable archive that is not
    /// byte for byte canonical, or whose sidecar names another file or is malformed, is a difference. A file that
    /// is not an artefact (not a ZIP, no manifest and no artefact record) or cannot be read safely throws
    /// MlOpsException (MLOPS112/114/115).
    /// </summary>
    /// <param name="path">The .mlpkg file.</param>
    /// <param name="limits">Safety limits (default <see cref="ZipLimits.Default"/>).</param>
    /// <param name="progress">Told the running total of member bytes hashed (for a progress display), or null.</param>
    /// <param name="hashFile">Also compute <see cref="VerificationResult.FileSha256"/> without a sidecar (attestations name
    /// the artefact by it); it is computed in the same run, beside the member hashes, so it costs no second pass.</param>
    public static VerificationResult Verify(string path, ZipLimits? limits = null, IProgress<long>? progress = null, bool hashFile = false) =>
        VerifyCore(path, limits, progress, hashFile, streamed: null);

    /// <summary>
    /// <see cref="Verify"/>, taking the hash of a member from
    /// <paramref name="streamed"/> when its bytes were hashed there as they were written (exactly the range the central
    /// directory gives); every other check runs on the file as always, so the result is the same.
    /// </summary>
    internal static VerificationResult VerifyCore(string path, ZipLimits? limits, IProgress<long>? progress, bool hashFile, StreamingMemberVerifier? streamed)
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
        // The whole-file hash (for the sidecar or the caller) runs on another core while members are hashed here.
        var fileHash = hasSidecar || hashFile ? Task.Run(() => HashFile(path)) : Task.FromResult<string?>(null);

        var differences = new List<ArtefactDifference>();
        foreach (var entry in archive.Entries.Where(e => e.LocalHeaderMismatch is not null))
        {
            differences.Add(new(DifferenceKind.StructureChanged, entry.Name, entry.LocalHeaderMismatch!));
        }

        string? digest = null;
        ArtefactManifest? manifest = null;
        var crcs = new Dictionary<string, uint>(StringComparer.Ordinal);
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
                crcs[ArtefactPaths.Manifest] = Crc32.Of(bytes);
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
                var (sha, size, crc, error) = streamed?.Find(entry, archive.Length) is { } known
                    ? Streamed(known, progress, ref hashed)
                    : HashEntry(archive, entry, progress, ref hashed);
                if (error is not null)
                {
                    differences.Add(new(DifferenceKind.MemberChanged, member.Path, error));
                    continue;
                }
                crcs[member.Path] = crc;
                if (sha != member.Sha256 || size != member.Size)
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

        differences.AddRange(FramingDifferences(archive, crcs, manifest, recorded));

        var fileSha256 = fileHash.GetAwaiter().GetResult();
        if (hasSidecar)
        {
            differences.AddRange(SidecarDifferences(path, sidecarPath, fileSha256!));
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

    /// <summary>
    /// Where the archive's bytes differ from what the writer produces for the members it holds. The timestamp is
    /// the manifest's (pinned by the digest), else the first entry's; the comment is the record of the digest.
    /// </summary>
    private static IReadOnlyList<ArtefactDifference> FramingDifferences(SafeZipArchive archive, IReadOnlyDictionary<string, uint> crcs, ArtefactManifest? manifest, string? recorded)
    {
        var stamp = manifest is not null
            ? DosTimestamp.FromUnixSeconds(manifest.Lineage.SourceDateEpoch)
            : archive.Entries.Count > 0 ? archive.Entries[0].Timestamp : DosTimestamp.FromUnixSeconds(0);
        var comment = recorded is null ? archive.Comment : ArtefactPaths.Comment(recorded);
        try
        {
            return CanonicalFraming.Differences(archive, crcs, stamp, comment);
        }
        catch (MlOpsException e)
        {
            // Inflated members too large for a format v1 archive: no canonical archive holds them.
            return [new(DifferenceKind.StructureChanged, "(archive)", e.Message)];
        }
    }

    /// <summary>The sidecar must be one sha256sum line naming this file and recording its sha256.</summary>
    private static IEnumerable<ArtefactDifference> SidecarDifferences(string path, string sidecarPath, string fileSha256)
    {
        var name = Path.GetFileName(path);
        var sidecarName = Path.GetFileName(sidecarPath);
        var parsed = new FileInfo(sidecarPath).Length <= MaxSidecarLength ? Sidecar.Parse(File.ReadAllText(sidecarPath)) : null;
        if (parsed is null)
        {
            yield return new(DifferenceKind.SidecarMismatch, sidecarName, "not in sha256sum format (one line: '<64 hex digits>  <file name>')");
            yield break;
        }
        if (parsed.Value.FileName != name)
        {
            yield return new(DifferenceKind.SidecarMismatch, sidecarName, $"it records the file '{parsed.Value.FileName}', not '{name}'");
        }
        if (parsed.Value.Sha256 != fileSha256)
        {
            yield return new(DifferenceKind.SidecarMismatch, name, $"sha256 is {fileSha256}, the sidecar records {parsed.Value.Sha256}");
        }
    }

    /// <summary>What <see cref="HashEntry"/> would find for a stored entry whose bytes were hashed as they streamed in.</summary>
    private static (string? Sha, long Size, uint Crc, string? Error) Streamed(StreamedMember member, IProgress<long>? progress, ref long hashed)
    {
        hashed += member.Length;
        progress?.Report(hashed);
        return (member.Sha256, member.Length, member.Crc32, null);
    }

    private static (string? Sha, long Size, uint Crc, string? Error) HashEntry(SafeZipArchive archive, SafeZipEntry entry, IProgress<long>? progress, ref long hashed)
    {
        try
        {
            using var stream = archive.OpenEntry(entry);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long size = 0;
            uint crc = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                sha.AppendData(buffer.AsSpan(0, read));
                // The CRC-32 lets the writer re-derive the headers; computed in the same pass, so the bytes are read once.
                crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                size += read;
                hashed += read;
                progress?.Report(hashed);
            }
            return (Sha256Hex.Format(sha.GetHashAndReset()), size, crc, null);
        }
        catch (MlOpsException e)
        {
            return (null, 0, 0, e.Message);
        }
    }

    private static string? HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return Sha256Hex.Of(stream);
    }
}
