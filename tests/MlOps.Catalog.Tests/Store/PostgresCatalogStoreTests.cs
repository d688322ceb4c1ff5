using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;

namespace MlOps.Catalog.Tests.Store;

/// <summary>The store suite against a real PostgreSQL server: a fresh database per test.</summary>
[NeedsPostgres]
[Collection(PostgresServer.Collection)]
public sealed class PostgresCatalogStoreTests(PostgresServer server) : CatalogStoreSuite
{
    private readonly Dictionary<string, string> connectionStrings = [];

    protected override ICatalogStore OpenEmpty()
    {
        var connectionString = server.CreateDatabase("suite");
        var store = CatalogStores.OpenPostgres(connectionString);
        connectionStrings[store.Location] = connectionString;
        return store;
    }

    protected override ICatalogStore Reopen(ICatalogStore store) => CatalogStores.OpenPostgres(connectionStrings[store.Location]);
}
