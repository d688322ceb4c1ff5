using System.Text.Json.Nodes;
using MlOps.Distribution.Oci;
using MlOps.Distribution.Registry;
using MlOps.Distribution.Tests.Support;
using MlOps.Distribution.Transfer;

namespace MlOps.Distribution.Tests;

/// <summary>Push and pull through a real CNCF distribution registry (docker-registry 2.8: no referrers API, so the fallback tag).</summary>
public sealed class PushPullTests
{
    private static RegistryReference Ref(LocalRegistry registry, string tag = "0.3.1", string repository = "models/churn") =>
        RegistryReference.Parse($"{registry.Host}/{repository}:{tag}", allowDigest: true);

    [RegistryFact]
    public async Task Round_trip_writes_the_same_artefact_and_bundle_and_finds_the_bundle_through_the_fallback_tag()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact();
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry));
        Assert.Equal(4, pushed.BlobsUploaded); // the model config, the .mlpkg, the empty config and the bundle
        Assert.True(pushed.Attestations!.ViaFallbackTag);

        var pulled = await ArtefactPuller.PullAsync(Ref(registry), sample.OutFolder());
        Assert.Equal(pushed.ManifestDigest, pulled.ManifestDigest);
        Assert.Equal(File.ReadAllBytes(sample.PackagePath), File.ReadAllBytes(pulled.ArtefactPath));
        Assert.Equal(File.ReadAllBytes(sample.BundlePath), File.ReadAllBytes(pulled.BundlePath!));
        Assert.Equal(1, pulled.AttestationLines);
        Assert.True(pulled.ViaFallbackTag);
        Assert.Equal(["churn-0.3.1.mlpkg", "churn-0.3.1.mlpkg.intoto.jsonl"], Directory.GetFiles(sample.OutFolder()).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [RegistryFact]
    public async Task Pushing_the_same_artefact_again_gives_the_same_manifest_digest_and_uploads_nothing()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact();
        var first = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry));
        var second = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry, "latest"));
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(0, second.BlobsUploaded);
        Assert.Equal(first.Attestations!.ManifestDigest, second.Attestations!.ManifestDigest);
        // The fallback index lists the referrer once, not once per push.
        using var client = new RegistryClient(Ref(registry));
        var index = await client.GetManifestAsync(Referrers.FallbackTag(first.ManifestDigest), OciMediaTypes.ImageIndex);
        Assert.Single(OciJson.IndexEntries(index!.Bytes));
    }

    [RegistryFact]
    public async Task The_manifest_carries_the_artifact_type_the_layer_media_type_and_annotations_from_the_artefact()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact();
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry));
        using var client = new RegistryClient(Ref(registry));
        var fetched = await client.GetManifestAsync("0.3.1", OciMediaTypes.ImageManifest);
        var manifest = JsonNode.Parse(fetched!.Bytes)!;
        Assert.Equal(OciMediaTypes.ModelArtifact, (string?)manifest["artifactType"]);
        Assert.Equal(OciMediaTypes.ModelConfig, (string?)manifest["config"]!["mediaType"]);
        Assert.Equal(OciMediaTypes.ModelLayer, (string?)manifest["layers"]![0]!["mediaType"]);
        Assert.Equal(sample.FileName, (string?)manifest["layers"]![0]!["annotations"]![OciMediaTypes.TitleAnnotation]);
        Assert.Equal("churn", (string?)manifest["annotations"]![OciMediaTypes.TitleAnnotation]);
        Assert.Equal("0.3.1", (string?)manifest["annotations"]![OciMediaTypes.VersionAnnotation]);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)manifest["annotations"]![OciMediaTypes.CreatedAnnotation]);
        Assert.Equal(pushed.ManifestDigest, fetched.DigestHeader);
    }

    [RegistryFact]
    public async Task A_large_blob_goes_up_in_chunks_and_pulls_by_digest()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact();
        var options = new RegistryClientOptions { ChunkSize = 16 * 1024 };
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry), options);
        Assert.True(new FileInfo(sample.PackagePath).Length > 10 * options.ChunkSize);
        var byDigest = RegistryReference.Parse($"{registry.Host}/models/churn@{pushed.ManifestDigest}", allowDigest: true);
        var pulled = await ArtefactPuller.PullAsync(byDigest, sample.OutFolder());
        Assert.Equal(File.ReadAllBytes(sample.PackagePath), File.ReadAllBytes(pulled.ArtefactPath));
    }

    [RegistryFact]
    public async Task An_artefact_without_a_bundle_is_pushed_and_pulled_without_attestations()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact(bundle: false);
        var pushed = await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry));
        Assert.Null(pushed.Attestations);
        var pulled = await ArtefactPuller.PullAsync(Ref(registry), sample.OutFolder());
        Assert.Null(pulled.BundlePath);
        Assert.Single(Directory.GetFiles(sample.OutFolder()));
    }

    [RegistryFact]
    public async Task Pulling_again_into_a_folder_that_has_the_same_files_keeps_them_and_a_different_file_is_refused()
    {
        using var registry = LocalRegistry.Start();
        using var sample = new SampleArtefact();
        await ArtefactPusher.PushAsync(sample.PackagePath, Ref(registry));
        var folder = sample.OutFolder();
        await ArtefactPuller.PullAsync(Ref(registry), folder);
        var again = await ArtefactPuller.PullAsync(Ref(registry), folder);
        Assert.Equal(2, again.FilesAlreadyPresent);

        var other = sample.OutFolder("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, sample.FileName), "my own file");
        var error = await Assert.ThrowsAsync<MlOpsException>(() => ArtefactPuller.PullAsync(Ref(registry), other));
        Assert.Contains("already exists with other bytes", error.Message);
        Assert.Equal("my own file", File.ReadAllText(Path.Combine(other, sample.FileName)));
        Assert.Single(Directory.GetFiles(other)); // no bundle and no temp file left beside it
    }
}
