using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Distribution.Oci;
using MlOps.Distribution.Registry;

namespace MlOps.Distribution.Transfer;

/// <summary>
/// The attestation bundle as a referrer of the model manifest (OCI distribution 1.1). A registry with the referrers API
/// indexes the referrer by its subject (it answers the manifest PUT with an OCI-Subject header); for one without it the
/// client keeps the list itself in the tag <c>sha256-&lt;hex of the subject digest&gt;</c>, an image index updated by
/// read-modify-write, as the spec's fallback says.
/// </summary>
internal static class Referrers
{
    /// <summary>The fallback tag of a subject: sha256:abc… → sha256-abc….</summary>
    public static string FallbackTag(string subjectDigest) => subjectDigest.Replace(':', '-');

    /// <summary>Pushes the bundle file as a referrer of <paramref name="subject"/>.</summary>
    public static async Task<ReferrerPush> PushBundleAsync(RegistryClient client, BlobTransfer transfer, string bundlePath, OciDescriptor subject, CancellationToken cancel)
    {
        // A bundle is a few kilobytes of JSON lines: read once, so the digest and the upload see the same bytes even if a
        // signer appends a line meanwhile.
        var bundle = await File.ReadAllBytesAsync(bundlePath, cancel).ConfigureAwait(false);
        var layer = new OciDescriptor(OciMediaTypes.AttestationsLayer, OciJson.DigestOf(bundle), bundle.Length,
            Annotations: new Dictionary<string, string> { [OciMediaTypes.TitleAnnotation] = Path.GetFileName(bundlePath) });
        var empty = OciMediaTypes.EmptyContent.ToArray();
        var config = new OciDescriptor(OciMediaTypes.Empty, OciJson.DigestOf(empty), empty.Length);
        await transfer.PutBytesAsync(empty, config.Digest, cancel).ConfigureAwait(false);
        await transfer.PutBytesAsync(bundle, layer.Digest, cancel).ConfigureAwait(false);
        var subjectDescriptor = new OciDescriptor(subject.MediaType, subject.Digest, subject.Size);
        var manifest = OciJson.Manifest(OciMediaTypes.AttestationsArtifact, config, [layer], subjectDescriptor, new Dictionary<string, string>());
        var referrer = new OciDescriptor(OciMediaTypes.ImageManifest, OciJson.DigestOf(manifest), manifest.Length, OciMediaTypes.AttestationsArtifact);
        var indexed = await client.PutManifestAsync(referrer.Digest, manifest, OciMediaTypes.ImageManifest, cancel).ConfigureAwait(false);
        if (indexed)
        {
            return new ReferrerPush(referrer.Digest, ViaFallbackTag: false);
        }
        var tag = FallbackTag(subject.Digest);
        var current = await client.GetManifestAsync(tag, OciMediaTypes.ImageIndex, cancel).ConfigureAwait(false);
        var entries = current is null ? [] : OciJson.IndexEntries(current.Bytes).ToList();
        if (!entries.Any(e => e.Digest == referrer.Digest))
        {
            entries.Add(referrer);
            await client.PutManifestAsync(tag, OciJson.Index(entries), OciMediaTypes.ImageIndex, cancel).ConfigureAwait(false);
        }
        return new ReferrerPush(referrer.Digest, ViaFallbackTag: true);
    }

    /// <summary>
    /// The attestation bundle layer among the referrers of <paramref name="subjectDigest"/>: by the referrers API, else by the
    /// fallback tag; null when there is none. With several (a bundle pushed again after more lines were appended) the largest
    /// wins: a bundle only grows.
    /// </summary>
    public static async Task<FoundBundle?> FindBundleAsync(RegistryClient client, string registry, string subjectDigest, CancellationToken cancel)
    {
        var index = await client.GetReferrersAsync(subjectDigest, cancel).ConfigureAwait(false);
        var viaTag = index is null;
        index ??= (await client.GetManifestAsync(FallbackTag(subjectDigest), OciMediaTypes.ImageIndex, cancel).ConfigureAwait(false))?.Bytes;
        if (index is null)
        {
            return null;
        }
        FoundBundle? best = null;
        foreach (var entry in OciJson.IndexEntries(index).Where(e => e.ArtifactType == OciMediaTypes.AttestationsArtifact))
        {
            var fetched = await client.GetManifestAsync(entry.Digest, OciMediaTypes.ImageManifest, cancel).ConfigureAwait(false);
            if (fetched is null)
            {
                continue;
            }
            ManifestDigest.Check(fetched, entry.Digest, registry, $"the attestations referrer {entry.Digest}");
            var layer = SingleLayer(fetched.Bytes, OciMediaTypes.AttestationsLayer);
            if (layer is not null && (best is null || layer.Size > best.Layer.Size))
            {
                best = new FoundBundle(layer, entry.Digest, viaTag);
            }
        }
        return best;
    }

    /// <summary>The one layer of <paramref name="manifest"/> when it has exactly one, of <paramref name="mediaType"/>; else null.</summary>
    public static OciDescriptor? SingleLayer(byte[] manifest, string mediaType)
    {
        try
        {
            return JsonNode.Parse(manifest)?["layers"] is JsonArray { Count: 1 } layers && OciDescriptor.From(layers[0]) is { } layer && layer.MediaType == mediaType ? layer : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>An attestation bundle found among a model's referrers.</summary>
/// <param name="Layer">The bundle blob.</param>
/// <param name="ReferrerDigest">The referrer manifest that carries it.</param>
/// <param name="ViaFallbackTag">Found through the sha256-&lt;digest&gt; tag (the registry has no referrers API).</param>
internal sealed record FoundBundle(OciDescriptor Layer, string ReferrerDigest, bool ViaFallbackTag);

/// <summary>The check every fetched manifest passes: the SHA-256 of its bytes is the digest asked for and the one the registry states.</summary>
internal static class ManifestDigest
{
    public static string Check(FetchedManifest fetched, string? expected, string registry, string what)
    {
        var actual = OciJson.DigestOf(fetched.Bytes);
        var stated = fetched.DigestHeader;
        if ((expected is not null && actual != expected) || (stated is not null && stated.StartsWith("sha256:", StringComparison.Ordinal) && stated != actual))
        {
            throw new MlOpsException($"The manifest of {what} from the registry {registry} has the digest {actual}, " +
                $"but {(expected is not null && actual != expected ? $"{expected} was asked for" : $"the registry states {stated}")}.", registry,
                fix: "Nothing was written. The manifest was changed in the registry's storage or on the way: push the artefact again and pull by the digest the push prints.",
                diagnostic: DiagnosticCatalog.RegistryDigestMismatch);
        }
        return actual;
    }
}
