using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using MlOps.Diagnostics;
using MlOps.Distribution.Oci;
using MlOps.Hashing;

namespace MlOps.Distribution.Registry;

/// <summary>
/// The OCI distribution API for one repository, over HttpClient: blobs (HEAD, streamed upload, streamed download),
/// manifests, tags, referrers. Authenticates once up front (anonymous, basic, or a bearer token from the registry's
/// challenge), so a streamed body is never sent twice. Every failure is an <see cref="MlOpsException"/> that names the
/// registry: MLOPS180 unreachable or dropped, MLOPS181 an error status, MLOPS182 unauthorized.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private const int BufferSize = 1 << 20;

    /// <summary>Buffers in flight while a blob downloads: enough that no stage waits for another's momentary stall.</summary>
    private const int Buffers = 8;
    private readonly HttpClient _http;
    private readonly RegistryReference _reference;
    private readonly RegistryCredentials? _credentials;
    private readonly long _chunkSize;
    private AuthenticationHeaderValue? _authorization;

    /// <summary>Opens a client for the repository of <paramref name="reference"/>.</summary>
    /// <param name="reference">The registry and repository.</param>
    /// <param name="options">Transport and credentials (defaults: https except for loopback, credentials from the environment).</param>
    public RegistryClient(RegistryReference reference, RegistryClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new RegistryClientOptions();
        _reference = reference;
        _credentials = options.Credentials ?? RegistryCredentials.Find(reference.Registry);
        _chunkSize = options.ChunkSize;
        var scheme = options.PlainHttp || reference.IsLoopback ? "http" : "https";
        BaseAddress = new Uri($"{scheme}://{reference.Registry}/");
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // A blob GET may be redirected to storage (S3, a CDN): followed, and HttpClient drops the Authorization header on the way.
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
        };
        // Large blobs take as long as they take; a stalled connection is caught by the socket, not by a total timeout.
        _http = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mlops", "1"));
    }

    /// <summary>http(s)://registry/.</summary>
    public Uri BaseAddress { get; }

    private string Name => _reference.Repository;

    private string Registry => _reference.Registry;

    /// <summary>
    /// Pings /v2/ and, when the registry challenges, prepares the Authorization header: basic with the credentials, or a
    /// bearer token for this repository (pull, or pull and push) fetched from the challenge's realm.
    /// </summary>
    public async Task AuthenticateAsync(bool push, CancellationToken cancel = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v2/"), "reach the registry API (/v2/)", cancel).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            await EnsureSuccessAsync(response, "reach the registry API (/v2/)").ConfigureAwait(false);
            return;
        }
        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        if (_credentials is null && challenge?.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw Unauthorized("it asks for credentials and none were found");
        }
        if (challenge is null || challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            _authorization = new AuthenticationHeaderValue("Basic", _credentials!.BasicValue);
            return;
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw Failed($"it asks for '{challenge.Scheme}' authentication, which is not supported (basic and bearer tokens are)", null);
        }
        var parameters = ChallengeParameters(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            throw Failed("its bearer challenge names no token realm", null);
        }
        var scope = $"repository:{Name}:{(push ? "pull,push" : "pull")}";
        var query = $"scope={Uri.EscapeDataString(scope)}" + (parameters.TryGetValue("service", out var service) ? $"&service={Uri.EscapeDataString(service)}" : "");
        var tokenUri = new UriBuilder(realmUri) { Query = string.IsNullOrEmpty(realmUri.Query) ? query : realmUri.Query.TrimStart('?') + "&" + query }.Uri;
        using var tokenResponse = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
            if (_credentials is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicValue);
            }
            return request;
        }, "get a token from its token service", cancel).ConfigureAwait(false);
        if (tokenResponse.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw Unauthorized(_credentials is null ? "its token service asks for credentials and none were found" : $"its token service refused the credentials from {_credentials.Source}");
        }
        await EnsureSuccessAsync(tokenResponse, "get a token from its token service").ConfigureAwait(false);
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false));
        var value = token.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : token.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(value))
        {
            throw Failed("its token service answered without a token", null);
        }
        _authorization = new AuthenticationHeaderValue("Bearer", value);
    }

    /// <summary>True when the repository already has the blob (an interrupted push repeated skips it).</summary>
    public async Task<bool> BlobExistsAsync(string digest, CancellationToken cancel = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, $"v2/{Name}/blobs/{digest}"), $"check blob {digest}", cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, $"check blob {digest}").ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Uploads <paramref name="length"/> bytes of <paramref name="path"/> as the blob <paramref name="digest"/>, streamed from
    /// the file: one PUT up to the chunk size, PATCH chunks with Content-Range above it, then the closing PUT with the digest
    /// (the registry checks it).
    /// </summary>
    public async Task UploadBlobAsync(string path, string digest, long length, CancellationToken cancel = default)
    {
        var what = $"upload blob {digest} ({length} bytes)";
        var location = await StartUploadAsync(what, cancel).ConfigureAwait(false);
        long offset = 0;
        if (length > _chunkSize)
        {
            while (offset < length)
            {
                var size = Math.Min(_chunkSize, length - offset);
                location = await PatchAsync(location, path, offset, size, what, cancel).ConfigureAwait(false);
                offset += size;
            }
        }
        var last = offset;
        var close = WithDigest(location, digest);
        using var put = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, close)
        {
            Content = last < length ? new FileRangeContent(path, last, length - last) : new ByteArrayContent([]),
        }, what, cancel).ConfigureAwait(false);
        await EnsureSuccessAsync(put, what).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the whole file into a new upload session in PATCH chunks, without closing it: the blob exists in the repository
    /// only after <see cref="CommitUploadAsync"/>. Lets a push send the bytes while the artefact is still being verified.
    /// </summary>
    /// <returns>The session's location, for <see cref="CommitUploadAsync"/> or <see cref="CancelUploadAsync"/>.</returns>
    public async Task<Uri> SendUploadAsync(string path, long length, CancellationToken cancel = default)
    {
        var what = $"upload {Path.GetFileName(path)} ({length} bytes)";
        var location = await StartUploadAsync(what, cancel).ConfigureAwait(false);
        for (long offset = 0; offset < length;)
        {
            var size = Math.Min(_chunkSize, length - offset);
            location = await PatchAsync(location, path, offset, size, what, cancel).ConfigureAwait(false);
            offset += size;
        }
        return location;
    }

    /// <summary>Sends bytes [start, start + size) of the file as one PATCH chunk; returns the session's next location.</summary>
    private async Task<Uri> PatchAsync(Uri location, string path, long start, long size, string what, CancellationToken cancel)
    {
        using var patch = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new FileRangeContent(path, start, size) };
            request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + size - 1}");
            return request;
        }, what, cancel).ConfigureAwait(false);
        await EnsureSuccessAsync(patch, what).ConfigureAwait(false);
        return UploadLocation(patch, what);
    }

    /// <summary>Closes an upload session as the blob <paramref name="digest"/> (the registry checks the bytes it received against it).</summary>
    public async Task CommitUploadAsync(Uri location, string digest, CancellationToken cancel = default)
    {
        var what = $"store blob {digest}";
        using var put = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new ByteArrayContent([]) }, what, cancel).ConfigureAwait(false);
        await EnsureSuccessAsync(put, what).ConfigureAwait(false);
    }

    /// <summary>Abandons an upload session (best effort: the registry also purges abandoned sessions itself).</summary>
    public async Task CancelUploadAsync(Uri location)
    {
        try
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, location), "cancel an upload", CancellationToken.None).ConfigureAwait(false);
        }
        catch (MlOpsException)
        {
        }
    }

    /// <summary>Uploads a small blob held in memory (a config, a manifest-sized JSON) in one PUT.</summary>
    public async Task UploadBytesAsync(byte[] content, string digest, CancellationToken cancel = default)
    {
        var what = $"upload blob {digest} ({content.Length} bytes)";
        var location = await StartUploadAsync(what, cancel).ConfigureAwait(false);
        using var put = await SendAsync(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = body };
        }, what, cancel).ConfigureAwait(false);
        await EnsureSuccessAsync(put, what).ConfigureAwait(false);
    }

    /// <summary>Stores a manifest under a tag or its digest; returns whether the registry indexed its subject (OCI-Subject header).</summary>
    public async Task<bool> PutManifestAsync(string reference, byte[] manifest, string mediaType, CancellationToken cancel = default)
    {
        var what = $"store manifest {reference}";
        using var response = await SendAsync(() =>
        {
            var body = new ByteArrayContent(manifest);
            body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, $"v2/{Name}/manifests/{reference}") { Content = body };
        }, what, cancel).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what).ConfigureAwait(false);
        return response.Headers.Contains("OCI-Subject");
    }

    /// <summary>A manifest's bytes, its media type and the digest the registry says it has; null when there is none (404).</summary>
    public async Task<FetchedManifest?> GetManifestAsync(string reference, string accept, CancellationToken cancel = default)
    {
        var what = $"get manifest {reference}";
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Name}/manifests/{reference}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            return request;
        }, what, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, what).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(response, what, cancel).ConfigureAwait(false);
        var header = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        return new FetchedManifest(bytes, response.Content.Headers.ContentType?.MediaType, header);
    }

    /// <summary>
    /// Streams the blob into <paramref name="destination"/> while hashing it; throws MLOPS184 when its size or SHA-256 is
    /// not the one the manifest pins (nothing more than <paramref name="size"/> bytes is accepted).
    /// </summary>
    /// <param name="digest">The blob's digest (sha256:...).</param>
    /// <param name="size">The blob's size, as the manifest gives it.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="cancel">Cancels the download.</param>
    /// <param name="observe">Also given every buffer written to <paramref name="destination"/>, in order, on another core than the
    /// download and the digest (e.g. to verify the blob's content as it streams in), or null. It has finished when this returns.</param>
    public async Task DownloadBlobAsync(string digest, long size, Stream destination, CancellationToken cancel = default, Action<ReadOnlyMemory<byte>>? observe = null)
    {
        var what = $"download blob {digest}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"v2/{Name}/blobs/{digest}"), what, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MlOpsException($"The registry {Registry} has no blob {digest} in {Name}, though the manifest lists it.", BaseAddress + $"v2/{Name}/blobs/{digest}",
                fix: "Push the artefact again (the registry lost or garbage-collected the blob).", diagnostic: DiagnosticCatalog.RegistryReferenceUnknown);
        }
        await EnsureSuccessAsync(response, what).ConfigureAwait(false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        // The hash runs on another core, a few buffers behind the network and the disk, so hashing adds no time to the
        // download (a hash in the same loop would add a full pass's worth). The observer is a third stage after the hash:
        // each stage has its own core when there are enough, and a buffer is reused only once every stage is done with it.
        var free = Channel.CreateUnbounded<byte[]>();
        for (var i = 0; i < Buffers; i++)
        {
            free.Writer.TryWrite(new byte[BufferSize]);
        }
        var filled = Channel.CreateBounded<(byte[] Buffer, int Count)>(Buffers);
        var hashed = observe is null ? null : Channel.CreateBounded<(byte[] Buffer, int Count)>(Buffers);
        var hashing = Task.Run(async () =>
        {
            try
            {
                await foreach (var (buffer, count) in filled.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    hash.AppendData(buffer, 0, count);
                    if (hashed is null)
                    {
                        free.Writer.TryWrite(buffer);
                    }
                    else
                    {
                        await hashed.Writer.WriteAsync((buffer, count)).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                hashed?.Writer.TryComplete();
            }
        }, CancellationToken.None);
        var observing = hashed is null ? Task.CompletedTask : Task.Run(async () =>
        {
            try
            {
                await foreach (var (buffer, count) in hashed.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    observe!(buffer.AsMemory(0, count));
                    free.Writer.TryWrite(buffer);
                }
            }
            catch (Exception e)
            {
                free.Writer.TryComplete(e); // the download stops instead of waiting for buffers that never come back
                throw;
            }
        }, CancellationToken.None);
        try
        {
            while (true)
            {
                var buffer = await free.Reader.ReadAsync(cancel).ConfigureAwait(false);
                int read;
                try
                {
                    read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    throw Unreachable($"the connection dropped while downloading blob {digest} after {received} of {size} bytes", e);
                }
                if (read == 0)
                {
                    break;
                }
                received += read;
                if (received > size)
                {
                    throw Mismatch($"blob {digest} is longer than the {size} bytes its manifest gives");
                }
                // A write failure (a full disk) is the caller's I/O error, not the registry's: it is not caught here.
                await destination.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
                await filled.Writer.WriteAsync((buffer, read), cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            filled.Writer.TryComplete();
            await hashing.ConfigureAwait(false);
            await observing.ConfigureAwait(false);
        }
        if (received != size)
        {
            throw Mismatch($"blob {digest} has {received} bytes, its manifest gives {size}");
        }
        var actual = "sha256:" + Sha256Hex.Format(hash.GetHashAndReset());
        if (actual != digest)
        {
            throw Mismatch($"blob {digest} has the digest {actual}");
        }
    }

    /// <summary>The repository's tags, or null when the registry does not list them (or the repository is unknown).</summary>
    public async Task<IReadOnlyList<string>?> ListTagsAsync(CancellationToken cancel = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"v2/{Name}/tags/list?n=1000"), "list tags", cancel).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(await ReadBoundedAsync(response, "list tags", cancel).ConfigureAwait(false));
            return document.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Select(t => t.GetString()!).Where(t => t is not null).ToList() : [];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The referrers API (OCI distribution 1.1): the index of manifests whose subject is <paramref name="digest"/>; null when the
    /// registry does not support the API (404), so the caller falls back to the sha256-&lt;digest&gt; tag.
    /// </summary>
    public async Task<byte[]?> GetReferrersAsync(string digest, CancellationToken cancel = default)
    {
        var what = $"list referrers of {digest}";
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Name}/referrers/{digest}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageIndex));
            return request;
        }, what, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, what).ConfigureAwait(false);
        return await ReadBoundedAsync(response, what, cancel).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<Uri> StartUploadAsync(string what, CancellationToken cancel)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"v2/{Name}/blobs/uploads/"), what, cancel).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what).ConfigureAwait(false);
        return UploadLocation(response, what);
    }

    private Uri UploadLocation(HttpResponseMessage response, string what) =>
        response.Headers.Location is { } location ? new Uri(BaseAddress, location) : throw Failed($"it gave no upload location to {what}", response.StatusCode);

    private static Uri WithDigest(Uri location, string digest)
    {
        var builder = new UriBuilder(location);
        var query = $"digest={Uri.EscapeDataString(digest)}";
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }

    // Manifests, indexes and tag lists are small; a registry that sends megabytes is refused rather than buffered.
    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string what, CancellationToken cancel)
    {
        const int limit = 4 << 20;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw Failed($"its answer to {what} is larger than {limit} bytes", response.StatusCode);
        }
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + read > limit)
                {
                    throw Failed($"its answer to {what} is larger than {limit} bytes", response.StatusCode);
                }
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unreachable($"the connection dropped while reading its answer to {what}", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string what, CancellationToken cancel)
    {
        using var request = create();
        if (_authorization is not null && request.RequestUri is { } uri && (!uri.IsAbsoluteUri || uri.Authority == BaseAddress.Authority))
        {
            request.Headers.Authorization = _authorization;
        }
        try
        {
            // Headers first for every request: a manifest or error body is read bounded, a blob streamed.
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } || e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException is SocketException)
        {
            throw Unreachable($"connection refused at {BaseAddress} (while trying to {what})", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.NameResolutionError)
        {
            throw Unreachable($"its host name does not resolve (while trying to {what})", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw Unreachable($"no TLS connection to {BaseAddress} could be made (while trying to {what}); a registry that speaks plain HTTP needs the plain-HTTP setting", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !cancel.IsCancellationRequested)
        {
            throw Unreachable($"the connection dropped while trying to {what}", e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var detail = await ErrorDetailAsync(response).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw Unauthorized($"it answered {(int)response.StatusCode} {response.ReasonPhrase} to '{what}'{detail}" +
                (_credentials is null ? "; no credentials were found" : $"; the credentials came from {_credentials.Source}"));
        }
        throw Failed($"it answered {(int)response.StatusCode} {response.ReasonPhrase} to '{what}'{detail}", response.StatusCode);
    }

    // The registry's own words from its error body ({"errors":[{"code":…,"message":…}]}), when it sends them.
    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            using var document = JsonDocument.Parse(text.Length > 8192 ? text[..8192] : text);
            var errors = document.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => $"{(e.TryGetProperty("code", out var c) ? c.GetString() : "")}: {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}").ToList();
            return errors.Count == 0 ? "" : $" ({string.Join("; ", errors)})";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or HttpRequestException or IOException or ArgumentException)
        {
            return "";
        }
    }

    internal MlOpsException Unreachable(string why, Exception inner) =>
        new($"The registry {Registry} cannot be reached: {why}.", BaseAddress.ToString(),
            fix: "Check that the registry is running and that its host and port are right; a push interrupted this way can be repeated: it skips the blobs already uploaded.",
            diagnostic: DiagnosticCatalog.RegistryUnreachable, inner: inner);

    private MlOpsException Failed(string why, HttpStatusCode? status) =>
        new($"The registry {Registry} failed: {why}.", BaseAddress.ToString(),
            fix: status is { } s && (int)s >= 500 ? "The registry itself has a problem: look at its log, and retry when it is healthy." : "Check that the address is an OCI registry (distribution API v2) and look at its log.",
            diagnostic: DiagnosticCatalog.RegistryFailed);

    private MlOpsException Unauthorized(string why) =>
        new($"The registry {Registry} refused access to {Name}: {why}.", BaseAddress.ToString(),
            fix: $"Give a user name and password that may use this repository through {RegistryCredentials.WhereLooked(Registry)} (docker login writes the latter).",
            diagnostic: DiagnosticCatalog.RegistryUnauthorized);

    private MlOpsException Mismatch(string why) =>
        new($"Content from the registry {Registry} is not what its manifest pins: {why}.", BaseAddress.ToString(),
            fix: "Nothing was written. The blob was changed in the registry's storage or on the way: push the artefact again from an intact copy.",
            diagnostic: DiagnosticCatalog.RegistryDigestMismatch);

    private static Dictionary<string, string> ChallengeParameters(string parameter) =>
        ChallengePair().Matches(parameter).ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => m.Groups[2].Value, StringComparer.Ordinal);

    [GeneratedRegex("""([A-Za-z]+)="([^"]*)"?""")]
    private static partial Regex ChallengePair();
}

/// <summary>A manifest as the registry sent it.</summary>
/// <param name="Bytes">The exact bytes (their SHA-256 is the manifest's digest).</param>
/// <param name="MediaType">The Content-Type.</param>
/// <param name="DigestHeader">The Docker-Content-Digest header, when sent.</param>
public sealed record FetchedManifest(byte[] Bytes, string? MediaType, string? DigestHeader);

/// <summary>How to reach a registry.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Speak plain HTTP to a registry that is not on the loopback (a registry on an isolated CI network).</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Credentials to use; null finds them in the environment or the Docker config file.</summary>
    public RegistryCredentials? Credentials { get; init; }

    /// <summary>Blobs larger than this are uploaded in PATCH chunks of this size (default 64 MiB).</summary>
    public long ChunkSize { get; init; } = 64L << 20;
}
