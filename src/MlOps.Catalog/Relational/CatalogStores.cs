using MlOps.Catalog.Store;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Relational;

/// <summary>Opens a catalog on one of the two databases, migrating its schema first (see docs/catalog-store.md).</summary>
public static class CatalogStores
{
    /// <summary>How long a SQLite writer waits for another one before giving up (MLOPS161).</summary>
    public static TimeSpan DefaultBusyTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Opens (creating when missing, with its folder) the SQLite catalog file at <paramref name="path"/>.</summary>
    /// <param name="path">The catalog file.</param>
    /// <param name="busyTimeout">How long a write waits for another writer's lock; <see cref="DefaultBusyTimeout"/> when null.</param>
    public static ICatalogStore OpenSqlite(string path, TimeSpan? busyTimeout = null) =>
        RelationalCatalogStore.Open(new SqliteDialect(Path.GetFullPath(path), busyTimeout ?? DefaultBusyTimeout));

    /// <summary>Opens the PostgreSQL catalog an Npgsql connection string (key=value;…) names.</summary>
    public static ICatalogStore OpenPostgres(string connectionString)
    {
        PostgresDialect dialect;
        try
        {
            dialect = new PostgresDialect(connectionString);
        }
        catch (ArgumentException e)
        {
            // Npgsql names the key at fault, never a value: the message cannot leak a password.
            throw new MlOpsException(
                $"The catalog's PostgreSQL connection string cannot be read: {e.Message}",
                fix: "Write it as Host=…;Port=…;Database=…;Username=…;Password=… (https://www.npgsql.org/doc/connection-string-parameters.html).", inner: e,
                inputs: [UserInputs.Catalog]);
        }
        return RelationalCatalogStore.Open(dialect);
    }
}
