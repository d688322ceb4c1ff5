using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Governance.Artefacts;
using MlOps.Hashing;

namespace MlOps.Catalog.Web.Api;

/// <summary>An uploaded artefact that does not verify; nothing was kept or registered.</summary>
public sealed class UploadRejectedException(string message, IReadOnlyList<string> differences) : Exception(message)
{
    /// <summary>What differs, as `mlops verify` lists it.</summary>
    public IReadOnlyList<string> Differences { get; } = differences;
}

/// <summary>
/// Where the server keeps artefacts uploaded to `POST /api/register`, by file SHA-256
/// (<c>&lt;folder&gt;/&lt;sha256&gt;.mlpkg</c>): the version's registered location must be a file that stays, since
/// promotion and `--champion catalog:` open it. An upload lands under a temporary name in the same folder and is
/// renamed only after it verified, so the folder never holds a half-written or tampered artefact.
/// </summary>
/// <param name="Path">The folder (created on first upload).</param>
public sealed record UploadFolder(string Path)
{
    /// <summary>Who the catalog records as the registrant of an upload: whoever holds the server's token.</summary>
    public const string RegisteredBy = "catalog API (bearer token)";

    /// <summary>Streams <paramref name="body"/> to disk, verifies it, keeps it and registers it.</summary>
    /// <exception cref="UploadRejectedException">The upload is not an intact artefact.</exception>
    /// <exception cref="MlOpsException">Not an artefact at all, or the catalog refuses it (same name and version, another digest).</exception>
    public async Task<RegistrationOutcome> RegisterAsync(Stream body, ICatalogStore store, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path);
        var partial = System.IO.Path.Combine(Path, $".upload-{Guid.NewGuid():N}.partial");
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await body.CopyToAsync(file, cancel);
            }
            var verified = MlPackageVerifier.Verify(partial, hashFile: true);
            if (!verified.Intact)
            {
                throw new UploadRejectedException(
                    $"The uploaded artefact {verified.Name} {verified.Version} is not intact ({verified.Differences.Count} difference(s)), so it was not registered.",
                    verified.Differences.Select(d => d.ToString()!).ToList());
            }
            var sha256 = verified.FileSha256 ?? Sha256Hex.OfFile(partial);
            var kept = System.IO.Path.Combine(Path, sha256 + ".mlpkg");
            var keptNow = !File.Exists(kept);
            if (keptNow)
            {
                File.Move(partial, kept);
            }
            try
            {
                return Registration.Register(store, kept, sha256, RegisteredBy, DateTimeOffset.UtcNow);
            }
            catch (MlOpsException) when (keptNow)
            {
                // Refused (another artefact under the same name and version): keep nothing the catalog does not name.
                File.Delete(kept);
                throw;
            }
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
