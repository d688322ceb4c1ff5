using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Verification;
using MlOps.Diagnostics;
using MlOps.Distribution.Oci;
using MlOps.Distribution.Registry;
using MlOps.Governance.Artefacts;
using MlOps.Hashing;

namespace MlOps.Distribution.Transfer;

/// <summary>
/// `mlops pull`: the manifest (its digest checked), the .mlpkg layer streamed to a hidden temp file in the output folder
/// while hashed (digest and size checked) and its members hashed, `mlops verify`'s checks on it (<see cref="StreamingMemberVerifier"/>), the attestation bundle from the referrers; only when all of
/// that passed are the files renamed into place. An existing file with other bytes is never replaced: the pull is refused.
/// </summary>
public static class ArtefactPuller
{
    /// <summary>How often a download's bytes so far are flushed to disk while it runs (see <see cref="WriteBackAsync"/>).</summary>
    private static readonly TimeSpan WriteBackInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Pulls <paramref name="source"/> into <paramref name="outputFolder"/> (created when missing).</summary>
    /// <exception cref="ArtefactNotIntactException">The pulled artefact is not intact: nothing was written.</exception>
    /// <exception cref="MlOpsException">A registry fault, a digest mismatch, not an MlOpsBuild artefact, or a file in the way.</exception>
    public static async Task<PullResult> PullAsync(RegistryReference source, string outputFolder, RegistryClientOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outputFolder);
        if (File.Exists(outputFolder))
        {
            throw new MlOpsException($"'{outputFolder}' is a file; a pull writes into a folder.", outputFolder, fix: "Name a folder (it is created when missing).");
        }
        using var client = new RegistryClient(source, options);
        await client.AuthenticateAsync(push: false, cancel).ConfigureAwait(false);
        var fetched = await client.GetManifestAsync(source.ManifestReference, OciMediaTypes.ImageManifest, cancel).ConfigureAwait(false)
            ?? throw await UnknownAsync(client, source, cancel).ConfigureAwait(false);
        var digest = ManifestDigest.Check(fetched, source.Digest, source.Registry, source.ToString());
        var layer = ModelLayer(fetched, source);
        var fileName = layer.Annotations?.GetValueOrDefault(OciMediaTypes.TitleAnnotation);
        if (fileName is null || fileName != Path.GetFileName(fileName) || !fileName.EndsWith(".mlpkg", StringComparison.Ordinal) || fileName.StartsWith('.'))
        {
            throw NotModel(source, $"its layer's file name ({OciMediaTypes.TitleAnnotation}) is '{fileName}', not a plain .mlpkg file name");
        }

        var createdFolder = !Directory.Exists(outputFolder);
        Directory.CreateDirectory(outputFolder);
        var placed = false;
        var artefactPath = Path.Combine(outputFolder, fileName);
        var bundlePath = MlOps.Attestations.Bundles.AttestationBundle.PathFor(artefactPath);
        var temps = new List<string>();
        try
        {
            var artefactTemp = TempBeside(artefactPath, temps);
            // The members are hashed while the layer streams in (beside the layer digest), so once it is complete only the
            // directory, the manifest and the framing are checked: `mlops verify`'s checks and verdict, without a second
            // pass over the model.
            var streaming = new StreamingMemberVerifier();
            await DownloadAsync(client, layer, artefactTemp, cancel, durable: false, observe: bytes => streaming.Append(bytes.Span)).ConfigureAwait(false);
            // The temp file goes to disk meanwhile, on another core (not on Windows, where a writer's handle would lock the
            // verifier out).
            var durable = OperatingSystem.IsWindows() ? Task.CompletedTask : Task.Run(() => FlushToDisk(artefactTemp), cancel);
            if (OperatingSystem.IsWindows())
            {
                FlushToDisk(artefactTemp);
            }
            var verification = streaming.Verify(artefactTemp);
            await durable.ConfigureAwait(false);
            if (!verification.Intact)
            {
                throw new ArtefactNotIntactException(artefactPath, verification with { Path = artefactPath }, "so nothing was written",
                    "The artefact was not intact when it was pushed, or its blob was replaced in the registry: push an intact copy again.");
            }
            var found = await Referrers.FindBundleAsync(client, source.Registry, digest, cancel).ConfigureAwait(false);
            string? bundleTemp = null;
            var lines = 0;
            if (found is not null)
            {
                bundleTemp = TempBeside(bundlePath, temps);
                await DownloadAsync(client, found.Layer, bundleTemp, cancel).ConfigureAwait(false);
                lines = CheckBundle(bundleTemp, new Subject(fileName, layer.Digest["sha256:".Length..]), source);
            }
            var moves = new List<(string Temp, string Final)> { (artefactTemp, artefactPath) };
            if (bundleTemp is not null)
            {
                moves.Add((bundleTemp, bundlePath));
            }
            var unchanged = PlaceAll(moves);
            placed = true;
            return new PullResult(source, digest, artefactPath, bundleTemp is null ? null : bundlePath, lines, found?.ViaFallbackTag ?? false,
                $"{verification.Name} {verification.Version}", unchanged);
        }
        finally
        {
            foreach (var temp in temps)
            {
                File.Delete(temp);
            }
            // A failed pull leaves the folder as it found it: not even an empty folder it created itself.
            if (!placed && createdFolder && !Directory.EnumerateFileSystemEntries(outputFolder).Any())
            {
                Directory.Delete(outputFolder);
            }
        }
    }

    private static OciDescriptor ModelLayer(FetchedManifest fetched, RegistryReference source)
    {
        JsonNode? manifest;
        try
        {
            manifest = JsonNode.Parse(fetched.Bytes);
        }
        catch (JsonException e)
        {
            throw NotModel(source, $"its manifest is not JSON ({e.Message})");
        }
        var mediaType = manifest?["mediaType"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["mediaType"] : fetched.MediaType;
        if (mediaType != OciMediaTypes.ImageManifest)
        {
            throw NotModel(source, $"it is a {mediaType ?? "manifest of unknown type"}, not an OCI image manifest");
        }
        var artifactType = manifest?["artifactType"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["artifactType"] : null;
        if (artifactType != OciMediaTypes.ModelArtifact)
        {
            var config = manifest?["config"]?["mediaType"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["config"]!["mediaType"] : null;
            throw NotModel(source, $"its artifactType is {artifactType ?? "absent"} (config {config ?? "absent"}), not {OciMediaTypes.ModelArtifact}");
        }
        return Referrers.SingleLayer(fetched.Bytes, OciMediaTypes.ModelLayer)
            ?? throw NotModel(source, $"it does not have exactly one layer of type {OciMediaTypes.ModelLayer}");
    }

    private static async Task DownloadAsync(RegistryClient client, OciDescriptor blob, string temp, CancellationToken cancel, bool durable = true,
        Action<ReadOnlyMemory<byte>>? observe = null)
    {
        // Not on Windows: the writer's handle would lock out the one the bytes are flushed through.
        var writeBack = !OperatingSystem.IsWindows();
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, writeBack ? FileShare.ReadWrite : FileShare.None, bufferSize: 0))
        {
            using var downloaded = new CancellationTokenSource();
            var writing = writeBack ? WriteBackAsync(temp, downloaded.Token) : Task.CompletedTask;
            try
            {
                await client.DownloadBlobAsync(blob.Digest, blob.Size, file, cancel, observe).ConfigureAwait(false);
            }
            finally
            {
                await downloaded.CancelAsync().ConfigureAwait(false);
                await writing.ConfigureAwait(false);
            }
        }
        if (durable)
        {
            FlushToDisk(temp);
        }
    }

    /// <summary>
    /// Sends what was downloaded so far to disk every <see cref="WriteBackInterval"/>, until <paramref name="downloaded"/>. Without
    /// it the page cache holds the whole layer until the flush before the rename, which then writes it all after the download
    /// (about a third of a second per GiB here, measured); this way the disk works while the network does, and the final flush
    /// has only the last bytes left. It is an early start, not the guarantee: that stays the final flush, which reports failures.
    /// </summary>
    private static async Task WriteBackAsync(string path, CancellationToken downloaded)
    {
        while (true)
        {
            try
            {
                await Task.Delay(WriteBackInterval, downloaded).ConfigureAwait(false);
                FlushToDisk(path);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return; // done, or a disk fault the final flush (or the download's own write) reports
            }
        }
    }

    // On disk before it is renamed into place, as every output (AtomicFile does the same).
    private static void FlushToDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    // Every line must be an envelope about this artefact; signatures are judged by `mlops verify --trust` on the pulled files.
    private static int CheckBundle(string bundle, Subject subject, RegistryReference source)
    {
        var lines = AttestationVerifier.Verify(bundle, subject, trust: null);
        var bad = lines.Where(l => l.IsTampered).ToList();
        if (bad.Count > 0)
        {
            throw new MlOpsException($"The attestation bundle of {source} has {bad.Count} line(s) that are not about this artefact or not envelopes " +
                $"(lines {string.Join(", ", bad.Select(b => b.Line))}), so nothing was written.", source.ToString(),
                fix: "Push the artefact again with its own bundle beside it.", diagnostic: DiagnosticCatalog.DistributedArtefactNotIntact);
        }
        return lines.Count;
    }

    private static string TempBeside(string final, List<string> temps)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(final))!, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
        temps.Add(temp);
        return temp;
    }

    // All destinations are checked before any is moved: a conflict on the bundle leaves no artefact behind either.
    private static int PlaceAll(IReadOnlyList<(string Temp, string Final)> moves)
    {
        var same = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (temp, final) in moves)
        {
            if (!File.Exists(final))
            {
                continue;
            }
            if (Sha256Hex.OfFile(final) != Sha256Hex.OfFile(temp))
            {
                throw new MlOpsException($"'{final}' already exists with other bytes than the ones pulled; it was kept and nothing was written.", final,
                    fix: "Pull into another folder, or move the existing file away if it is to be replaced.");
            }
            same.Add(final);
        }
        foreach (var (temp, final) in moves.Where(m => !same.Contains(m.Final)))
        {
            File.Move(temp, final, overwrite: false);
        }
        return same.Count;
    }

    private static async Task<MlOpsException> UnknownAsync(RegistryClient client, RegistryReference source, CancellationToken cancel)
    {
        var tags = await client.ListTagsAsync(cancel).ConfigureAwait(false);
        var what = source.Digest is null ? $"no tag '{source.Tag}'" : $"no manifest {source.Digest}";
        var listed = tags is null ? $"the repository {source.Repository} may not exist (its tags cannot be listed)"
            : tags.Count == 0 ? "the repository has no tags"
            : $"its tags are: {string.Join(", ", tags.Where(t => !t.StartsWith("sha256-", StringComparison.Ordinal)).Take(50))}";
        return new MlOpsException($"The registry {source.Registry} has {what} in {source.Repository}; {listed}.", source.ToString(),
            fix: "Pull a tag the registry lists, or the digest a push printed.", diagnostic: DiagnosticCatalog.RegistryReferenceUnknown);
    }

    private static MlOpsException NotModel(RegistryReference source, string why) =>
        new($"{source} is not an MlOpsBuild model artefact: {why}.", source.ToString(),
            fix: "Pull a reference that 'mlops push' wrote (OCI artifactType " + OciMediaTypes.ModelArtifact + ").", diagnostic: DiagnosticCatalog.NotAnOciModelArtefact);
}

/// <summary>What a pull wrote.</summary>
/// <param name="Source">What was pulled.</param>
/// <param name="ManifestDigest">The model manifest's digest.</param>
/// <param name="ArtefactPath">The .mlpkg written (or already there with the same bytes).</param>
/// <param name="BundlePath">The attestation bundle written beside it, or null when the model has none.</param>
/// <param name="AttestationLines">Lines in the bundle.</param>
/// <param name="ViaFallbackTag">The bundle was found through the sha256-&lt;digest&gt; tag.</param>
/// <param name="Model">"name version".</param>
/// <param name="FilesAlreadyPresent">Files that were already in the folder with the same bytes (left as they were).</param>
public sealed record PullResult(RegistryReference Source, string ManifestDigest, string ArtefactPath, string? BundlePath, int AttestationLines, bool ViaFallbackTag, string Model, int FilesAlreadyPresent);
