using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;

namespace MlOps.Catalog.Tests.Usage;

/// <summary>The usage ingest suite against a real SQLite catalog file.</summary>
public sealed class SqliteUsageIngestTests : UsageIngestSuite
{
    protected override ICatalogStore OpenStore() => CatalogStores.OpenSqlite(Folder.File("catalog/catalog.db"));
}
