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

    /// <summary>Registers an uploaded artefact (`POST /api/register`); null answers 501.</summary>
    public ArtefactRegistrar? Registrar { get; init; }

    /// <summary>The environment variable the token is read from unless told otherwise.</summary>
    public const string DefaultTokenVariable = "MLOPS_CATALOG_TOKEN";
}
