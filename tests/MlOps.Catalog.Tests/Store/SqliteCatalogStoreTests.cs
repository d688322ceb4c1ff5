using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Support;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Store;

/// <summary>The store suite against a real SQLite file per test.</summary>
public sealed class SqliteCatalogStoreTests : CatalogStoreSuite, IDisposable
{
    private readonly TempFolder folder = new();

    protected override ICatalogStore OpenEmpty() => CatalogStores.OpenSqlite(folder.File($"{Guid.NewGuid():N}/catalog.db"));

    protected override ICatalogStore Reopen(ICatalogStore store) => CatalogStores.OpenSqlite(store.Location);

    public void Dispose() => folder.Dispose();
}
