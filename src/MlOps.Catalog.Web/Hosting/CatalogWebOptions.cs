using MlOps.Attestations.Trust;
using MlOps.Catalog.Web.Api;

namespace MlOps.Catalog.Web.Hosting;

/// <summary>How the catalog server runs.</summary>
public sealed record CatalogWebOptions
{
    /// <summary>The URLs to listen on, separated by ';' (default <see cref="ServerUrls.Default"/>; port 0 picks a free port).</summary>
    public string Urls { get; init; } = ServerUrls.Default;

    /// <summary>The write token; null disables the write endpoints (403).</summary>
    public BearerToken? Token { get; init; }

    /// <summary>The environment variable the token is read from, named in the 403's fix.</summary>
    public string TokenVariable { get; init; } = DefaultTokenVariable;

    /// <summary>Where artefacts uploaded to `POST /api/register` are kept; null answers 501 (register with the CLI).</summary>
    public UploadFolder? Uploads { get; init; }

    /// <summary>
    /// The trust file the version page judges approvals under (who signed, and whether it counts); null shows them
    /// as recorded, with the key id and "not checked".
    /// </summary>
    public TrustFile? Trust { get; init; }

    /// <summary>The environment variable the token is read from unless told otherwise.</summary>
    public const string DefaultTokenVariable = "MLOPS_CATALOG_TOKEN";
}
