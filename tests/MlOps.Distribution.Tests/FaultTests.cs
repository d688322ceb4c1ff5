using System.Text;
using MlOps.Distribution.Oci;
using MlOps.Distribution.Registry;
using MlOps.Distribution.Tests.Support;
using MlOps.Distribution.Transfer;

namespace MlOps.Distribution.Tests;

/// <summary>The faults of the "Bad input and faults" list that fall to push and pull, each against a real registry.</summary>
public sealed class FaultTests
{
    private static RegistryReference Ref(string host, string tag = "0.3.1") => RegistryReference.Parse($"{host}/models/churn:{tag}", allowDigest: true);

    private static void AssertNothingWritten(string folder) =>
        Assert.False(Directory.Exists(folder), "a failed pull left " + folder + " behind");

    [Fact]
    public async Task A_registry_that_is_down_is_named_with_connection_refused()
    {
        using var sample = new SampleArtefact(weights: 16);
        var host = $"127.0.0.1:{LocalRegistry.FreePort()}";
        var push = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPusher.PushAsync(sample.PackagePath, Ref(host)));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryUnreachable, push.Diagnostic);
        Assert.Contains(host, push.Message);
        Assert.Contains("connection refused", push.Message);
        var pull = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(host), sample.OutFolder()));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryUnreachable, pull.Diagnostic);
        AssertNothingWritten(sample.OutFolder());
    }

    [RegistryFact]
    public async Task A_registry_whose_storage_fails_answers_500_and_the_push_says_so()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        // A file where the storage driver needs its folder: every write inside the registry fails, and it answers 500.
        File.WriteAllText(Path.Combine(registry.Storage, "docker"), "not a folder");
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host)));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryFailed, error.Diagnostic);
        Assert.Contains("500", error.Message);
        Assert.Contains(registry.Host, error.Message);
    }

    [RegistryFact]
    public async Task A_connection_dropped_mid_upload_fails_clearly_and_the_repeated_push_finishes_without_sending_a_blob_twice()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 256 * 1024, bundleLines: 300);
        var size = new FileInfo(sample.PackagePath).Length;
        var bundle = new FileInfo(sample.BundlePath).Length;
        Assert.True(bundle > 100_000, $"the bundle is {bundle} bytes: too small to be cut in the middle reliably");
        // Cut in the middle of the .mlpkg, then in the middle of the bundle (the .mlpkg and the configs are stored by then).
        foreach (var cut in new[] { size / 2, size + bundle / 2 })
        {
            using var proxy = new CuttingProxy(registry.Port, cutAfterBytes: cut);
            var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPusher.PushAsync(sample.PackagePath, Ref(proxy.Host)));
            Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryUnreachable, error.Diagnostic);
            Assert.Contains("dropped", error.Message);
            Assert.True(proxy.Cut);
        }
        var repeated = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host));
        Assert.Equal(3, repeated.BlobsSkipped); // the .mlpkg, its config and the empty config went up before the second cut
        Assert.Equal(1, repeated.BlobsUploaded); // only the bundle is sent again
        var pulled = await ArtefactPuller.PullAsync(Ref(registry.Host), sample.OutFolder());
        Assert.Equal(File.ReadAllBytes(sample.PackagePath), File.ReadAllBytes(pulled.ArtefactPath));
        Assert.Equal(300, pulled.AttestationLines);
    }

    [RegistryFact]
    public async Task Without_a_sidecar_the_artefact_is_verified_first_and_pushed_the_same_way()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        File.Delete(sample.PackagePath + ".sha256");
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host));
        Assert.Equal(4, pushed.BlobsUploaded);
        var pulled = await ArtefactPuller.PullAsync(Ref(registry.Host), sample.OutFolder());
        Assert.Equal(File.ReadAllBytes(sample.PackagePath), File.ReadAllBytes(pulled.ArtefactPath));
    }

    [RegistryFact]
    public async Task A_layer_changed_in_the_registry_storage_is_refused_and_nothing_is_written()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        var layer = "sha256:" + Hashing.Sha256Hex.OfFile(sample.PackagePath);
        await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host));
        var data = File.ReadAllBytes(registry.BlobData(layer));
        data[data.Length / 2] ^= 0xFF;
        File.WriteAllBytes(registry.BlobData(layer), data);
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(registry.Host), sample.OutFolder()));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryDigestMismatch, error.Diagnostic);
        Assert.Contains(layer, error.Message);
        AssertNothingWritten(sample.OutFolder());
    }

    [RegistryFact]
    public async Task A_manifest_changed_in_the_registry_storage_is_refused_and_nothing_is_written()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host));
        var path = registry.BlobData(pushed.ManifestDigest);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"0.3.1\"", "\"0.3.2\""));
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(registry.Host), sample.OutFolder()));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryDigestMismatch, error.Diagnostic);
        AssertNothingWritten(sample.OutFolder());
    }

    [RegistryFact]
    public async Task A_tampered_artefact_in_the_registry_under_its_own_digest_is_refused_with_verifys_differences_and_nothing_is_written()
    {
        // Another tool pushed an artefact whose model was changed after the build: the layer digest matches the bytes, so
        // only the member hashes (taken while the layer streams in) can tell; the verdict must be `mlops verify`'s.
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact();
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host));
        var bytes = File.ReadAllBytes(sample.PackagePath);
        using (var archive = Governance.Artefacts.SafeZipArchive.Open(sample.PackagePath))
        {
            var model = archive.Find(Governance.Artefacts.ArtefactPaths.Model)!;
            bytes[model.DataOffset + (model.Size / 2)] ^= 0x01;
        }
        var tampered = Path.Combine(sample.Folder, "tampered.mlpkg"); // no sidecar, as the pulled temp file
        File.WriteAllBytes(tampered, bytes);
        var expected = Governance.Artefacts.MlPackageVerifier.Verify(tampered).Differences;
        Assert.NotEmpty(expected);

        var layer = "sha256:" + Hashing.Sha256Hex.Of(bytes);
        using var client = new RegistryClient(Ref(registry.Host));
        await client.UploadBytesAsync(bytes, layer);
        var manifest = (await client.GetManifestAsync(pushed.ManifestDigest, OciMediaTypes.ImageManifest))!.Bytes;
        var forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(manifest).Replace("sha256:" + Hashing.Sha256Hex.OfFile(sample.PackagePath), layer, StringComparison.Ordinal));
        await client.PutManifestAsync("tampered", forged, OciMediaTypes.ImageManifest);

        var error = await Assert.ThrowsAsync<ArtefactNotIntactException>(() => ArtefactPuller.PullAsync(Ref(registry.Host, "tampered"), sample.OutFolder()));
        Assert.Equal(Diagnostics.DiagnosticCatalog.DistributedArtefactNotIntact, error.Diagnostic);
        Assert.Equal(expected, error.Verification.Differences);
        AssertNothingWritten(sample.OutFolder());
    }

    [RegistryFact]
    public async Task An_unknown_tag_lists_the_tags_there_are()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host));
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(registry.Host, "9.9.9"), sample.OutFolder()));
        Assert.Equal(Diagnostics.DiagnosticCatalog.RegistryReferenceUnknown, error.Diagnostic);
        Assert.Contains("no tag '9.9.9'", error.Message);
        Assert.Contains("its tags are: 0.3.1", error.Message);
        Assert.DoesNotContain("sha256-", error.Message); // the referrers tag is bookkeeping, not a version
        AssertNothingWritten(sample.OutFolder());
    }

    [RegistryFact]
    public async Task A_tampered_artefact_is_refused_and_nothing_is_stored()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        var bytes = File.ReadAllBytes(sample.PackagePath);
        bytes[200] ^= 0x01;
        File.WriteAllBytes(sample.PackagePath, bytes);
        var error = await Assert.ThrowsAsync<ArtefactNotIntactException>(() => ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry.Host)));
        Assert.Equal(Diagnostics.DiagnosticCatalog.DistributedArtefactNotIntact, error.Diagnostic);
        Assert.NotEmpty(error.Verification.Differences);
        Assert.False(Directory.Exists(Path.Combine(registry.Storage, "docker", "registry", "v2", "blobs")), "a blob was stored");
        Assert.False(Directory.Exists(Path.Combine(registry.Storage, "docker", "registry", "v2", "repositories", "models", "churn", "_manifests")), "a manifest was stored");
    }

    [RegistryFact]
    public async Task Something_that_is_not_an_MlOpsBuild_model_is_refused_by_name()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(weights: 16);
        using var client = new RegistryClient(Ref(registry.Host));
        var config = "{}"u8.ToArray();
        var digest = OciJson.DigestOf(config);
        await client.UploadBytesAsync(config, digest);
        var manifest = OciJson.Manifest("application/vnd.example.thing", new OciDescriptor(OciMediaTypes.Empty, digest, 2),
            [new OciDescriptor(OciMediaTypes.Empty, digest, 2)], null, new Dictionary<string, string>());
        await client.PutManifestAsync("other", manifest, OciMediaTypes.ImageManifest);
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(registry.Host, "other"), sample.OutFolder()));
        Assert.Equal(Diagnostics.DiagnosticCatalog.NotAnOciModelArtefact, error.Diagnostic);
        Assert.Contains("application/vnd.example.thing", error.Message);
        AssertNothingWritten(sample.OutFolder());
    }
}
