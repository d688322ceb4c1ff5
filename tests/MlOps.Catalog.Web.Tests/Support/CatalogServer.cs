using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Catalog.Web.Api;
using MlOps.Catalog.Web.Hosting;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Web.Tests.Support;

/// <summary>A real SQLite catalog filled with <see cref="CatalogSamples"/>, served in-process on a free loopback port.</summary>
public sealed class CatalogServer : IDisposable
{
    public const string Token = "0123456789abcdef0123456789abcdef-test-token";

    private readonly TempFolder folder = new();

    public CatalogServer() : this(withToken: true)
    {
    }

    public CatalogServer(bool withToken)
    {
        Store = CatalogStores.OpenSqlite(folder.File("catalog.db"));
        Production = CatalogSamples.Fill(Store);
        Uploads = folder.File("uploads");
        Host = CatalogWebHost.Start(Store, new CatalogWebOptions
        {
            Urls = "http://127.0.0.1:0",
            Token = withToken ? BearerToken.From(Token, "the test") : null,
            Uploads = new UploadFolder(Uploads),
        });
    }

    public ICatalogStore Store { get; }

    public CatalogWebHost Host { get; }

    public VersionRecord Production { get; }

    public string Uploads { get; }

    public string Folder => folder.Path;

    public string Url(string path) => new Uri(Host.Address, path).AbsoluteUri;

    public void Dispose()
    {
        Host.Dispose();
        Store.Dispose();
        folder.Dispose();
    }
}
