using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;

namespace MlOps.Catalog.Tests.Usage;

/// <summary>The usage ingest suite against a real PostgreSQL server: one fresh database per test, reopened by every ingest.</summary>
[NeedsPostgres]
[Collection(PostgresServer.Collection)]
public sealed class PostgresUsageIngestTests(PostgresServer server) : UsageIngestSuite
{
    private string? _connectionString;

    protected override ICatalogStore OpenStore() => CatalogStores.OpenPostgres(_connectionString ??= server.CreateDatabase("usage"));
}
