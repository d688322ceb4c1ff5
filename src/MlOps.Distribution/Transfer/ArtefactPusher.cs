using MlOps.Attestations.Bundles;
using MlOps.Distribution.Oci;
using MlOps.Distribution.Registry;
using MlOps.Governance.Artefacts;

namespace MlOps.Distribution.Transfer;

/// <summary>
/// `mlops push`: verifies the artefact (sending the .mlpkg beside the verification, stored only once intact), uploads what the repository lacks (config, the .mlpkg layer, the attestation
/// bundle), stores the model manifest by digest, the bundle as its referrer, and only then the tag, so a tag never names a
/// manifest whose blobs or attestations are missing.
/// </summary>
public static class ArtefactPusher
{
    /// <summary>Pushes <paramref name="artefactPath"/> (and its &lt;file&gt;.intoto.jsonl bundle, when present) to <paramref name="target"/>.</summary>
    /// <exception cref="ArtefactNotIntactException">The artefact is not intact: nothing was stored in the registry.</exception>
    /// <exception cref="MlOpsException">Not an artefact, a malformed reference, or a registry fault (MLOPS180..185).</exception>
    public static async Task<PushResult> PushAsync(string artefactPath, RegistryReference target, RegistryClientOptions? options = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(artefactPath);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Tag is null)
        {
            throw new ArgumentException("A push names a tag.", nameof(target));
        }
        if (!File.Exists(artefactPath))
        {
            throw new MlOpsException($"The artefact '{artefactPath}' does not exist.", artefactPath, fix: "Pass the path of an .mlpkg file.");
        }
        var length = new FileInfo(artefactPath).Length;
        using var client = new RegistryClient(target, options);
        await client.AuthenticateAsync(push: true, cancel).ConfigureAwait(false);
        var transfer = new BlobTransfer(client);
        var verification = await VerifyWhileUploadingAsync(client, transfer, artefactPath, length, cancel).ConfigureAwait(false);
        ArtefactManifest manifest;
        using (var package = MlPackageReader.Open(artefactPath))
        {
            manifest = package.Manifest;
        }
        var fileName = Path.GetFileName(artefactPath);
        var layer = new OciDescriptor(OciMediaTypes.ModelLayer, "sha256:" + verification.FileSha256, length,
            Annotations: new Dictionary<string, string> { [OciMediaTypes.TitleAnnotation] = fileName });
        var configBytes = ModelConfig.For(manifest, layer.Digest);
        var config = new OciDescriptor(OciMediaTypes.ModelConfig, OciJson.DigestOf(configBytes), configBytes.Length);
        var manifestBytes = OciJson.Manifest(OciMediaTypes.ModelArtifact, config, [layer], null, ModelConfig.Annotations(manifest, verification.Digest!));
        var modelManifest = new OciDescriptor(OciMediaTypes.ImageManifest, OciJson.DigestOf(manifestBytes), manifestBytes.Length, OciMediaTypes.ModelArtifact);
        await transfer.PutBytesAsync(configBytes, config.Digest, cancel).ConfigureAwait(false);
        await client.PutManifestAsync(modelManifest.Digest, manifestBytes, OciMediaTypes.ImageManifest, cancel).ConfigureAwait(false);

        var bundlePath = AttestationBundle.PathFor(artefactPath);
        ReferrerPush? attestations = null;
        if (File.Exists(bundlePath) && new FileInfo(bundlePath).Length > 0)
        {
            attestations = await Referrers.PushBundleAsync(client, transfer, bundlePath, modelManifest, cancel).ConfigureAwait(false);
        }
        await client.PutManifestAsync(target.Tag, manifestBytes, OciMediaTypes.ImageManifest, cancel).ConfigureAwait(false);
        return new PushResult(target, modelManifest.Digest, $"{manifest.Name} {manifest.Version}", transfer.Uploaded, transfer.Skipped, transfer.BytesUploaded, attestations);
    }

    /// <summary>
    /// Verifies the artefact and makes sure the repository has its bytes as a blob. Nothing is stored before the verification
    /// passed, but the bytes need not wait for it: when the artefact's .sha256 sidecar names a digest the repository lacks, the
    /// file is sent into an open upload session while it is verified (two passes over the file at once instead of one after
    /// the other, which is most of a push's time), and the session is closed as a blob only when the artefact is intact,
    /// else cancelled. The digest the session is closed with is the verifier's own hash of the file, and the registry checks
    /// the bytes it received against it, so the sidecar is only a hint. Without a sidecar: verify, then HEAD, then upload.
    /// </summary>
    private static async Task<VerificationResult> VerifyWhileUploadingAsync(RegistryClient client, BlobTransfer transfer, string path, long length, CancellationToken cancel)
    {
        var hint = SidecarDigest(path);
        if (hint is null || await client.BlobExistsAsync(hint, cancel).ConfigureAwait(false))
        {
            var verification = Verified(path, MlPackageVerifier.Verify(path, hashFile: true));
            // With a sidecar, an intact artefact has exactly the sidecar's digest (the verifier compares them): it is there.
            await transfer.PutFileAsync(path, "sha256:" + verification.FileSha256, length, cancel).ConfigureAwait(false);
            return verification;
        }
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var upload = client.SendUploadAsync(path, length, abort.Token);
        VerificationResult result;
        try
        {
            result = await Task.Run(() => MlPackageVerifier.Verify(path, hashFile: true), cancel).ConfigureAwait(false);
        }
        catch
        {
            await AbandonAsync(client, upload, abort).ConfigureAwait(false);
            throw;
        }
        if (!result.Intact)
        {
            await AbandonAsync(client, upload, abort).ConfigureAwait(false);
            Verified(path, result);
        }
        var location = await upload.ConfigureAwait(false);
        await client.CommitUploadAsync(location, "sha256:" + result.FileSha256, cancel).ConfigureAwait(false);
        transfer.Count(length);
        return result;
    }

    private static VerificationResult Verified(string path, VerificationResult verification) => verification.Intact ? verification
        : throw new ArtefactNotIntactException(path, verification, "so it was not pushed", "Push only an intact artefact: rebuild it, or obtain an intact copy.");

    private static async Task AbandonAsync(RegistryClient client, Task<Uri> upload, CancellationTokenSource abort)
    {
        await abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await client.CancelUploadAsync(await upload.ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or MlOpsException)
        {
            // The session never opened or was cut short: the registry purges what is left of it.
        }
    }

    /// <summary>"sha256:…" from the artefact's .sha256 sidecar when it names this file; null otherwise (a hint only).</summary>
    private static string? SidecarDigest(string path)
    {
        var sidecar = Sidecar.PathFor(path);
        try
        {
            if (!File.Exists(sidecar) || new FileInfo(sidecar).Length > 4096)
            {
                return null;
            }
            return Sidecar.Parse(File.ReadAllText(sidecar)) is { } parsed && parsed.FileName == Path.GetFileName(path) ? "sha256:" + parsed.Sha256 : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>What a push did.</summary>
/// <param name="Target">Where it went.</param>
/// <param name="ManifestDigest">The model manifest's digest (pull by it for exactly these bytes).</param>
/// <param name="Model">"name version".</param>
/// <param name="BlobsUploaded">Blobs sent.</param>
/// <param name="BlobsSkipped">Blobs the repository already had.</param>
/// <param name="BytesUploaded">Bytes sent in blobs.</param>
/// <param name="Attestations">The bundle's referrer, when the artefact has a bundle.</param>
public sealed record PushResult(RegistryReference Target, string ManifestDigest, string Model, int BlobsUploaded, int BlobsSkipped, long BytesUploaded, ReferrerPush? Attestations);

/// <summary>The attestation bundle pushed as a referrer.</summary>
/// <param name="ManifestDigest">The referrer manifest's digest.</param>
/// <param name="ViaFallbackTag">True when the registry has no referrers API and the sha256-&lt;digest&gt; tag lists it.</param>
public sealed record ReferrerPush(string ManifestDigest, bool ViaFallbackTag);

/// <summary>Uploads blobs the repository lacks and counts what it did (an interrupted push repeated sends nothing twice).</summary>
internal sealed class BlobTransfer(RegistryClient client)
{
    public int Uploaded { get; private set; }

    /// <summary>Counts a blob sent outside <see cref="PutFileAsync"/> (an upload that ran beside the verification).</summary>
    public void Count(long length)
    {
        Uploaded++;
        BytesUploaded += length;
    }

    public int Skipped { get; private set; }

    public long BytesUploaded { get; private set; }

    public async Task PutBytesAsync(byte[] content, string digest, CancellationToken cancel)
    {
        if (await client.BlobExistsAsync(digest, cancel).ConfigureAwait(false))
        {
            Skipped++;
            return;
        }
        await client.UploadBytesAsync(content, digest, cancel).ConfigureAwait(false);
        Uploaded++;
        BytesUploaded += content.Length;
    }

    public async Task PutFileAsync(string path, string digest, long length, CancellationToken cancel)
    {
        if (await client.BlobExistsAsync(digest, cancel).ConfigureAwait(false))
        {
            Skipped++;
            return;
        }
        await client.UploadBlobAsync(path, digest, length, cancel).ConfigureAwait(false);
        Uploaded++;
        BytesUploaded += length;
    }
}
