using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Relational;

/// <summary>
/// The embedded catalog: one SQLite file in WAL mode (readers never wait for the writer), writers serialized by
/// BEGIN IMMEDIATE and waiting up to the busy timeout for each other before giving up with MLOPS161.
/// </summary>
internal sealed class SqliteDialect(string path, TimeSpan busyTimeout) : SqlDialect
{
    // SQLite's primary result codes (https://sqlite.org/rescode.html).
    private const int Perm = 3, Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CantOpen = 14, Constraint = 19, NotADatabase = 26;

    public override string Location => path;

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string SchemaTableExistsSql => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    public override DbConnection Open()
    {
        try
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable($"the catalog's folder could not be created: {e.Message}", e);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // A pooled connection would keep the file open after Dispose; each store owns its connection.
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}"));
            Execute(connection, "PRAGMA foreign_keys = ON");
            // WAL is a property of the file: set once, kept by every later connection. A read-only catalog keeps its mode.
            using (var mode = connection.CreateCommand())
            {
                mode.CommandText = "PRAGMA journal_mode";
                if (!string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    Execute(connection, "PRAGMA journal_mode = WAL");
                }
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override void LockForMigration(DbConnection connection, DbTransaction transaction)
    {
        // BEGIN IMMEDIATE already holds the one write lock.
    }

    public override bool IsLostRace(Exception error) => error is SqliteException { SqliteErrorCode: Constraint, SqliteExtendedErrorCode: 2067 or 1555 };

    public override MlOpsException? Translate(Exception error, bool duringWrite)
    {
        if (error is not SqliteException sqlite)
        {
            return null;
        }
        var said = sqlite.Message.Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal);
        return sqlite.SqliteErrorCode switch
        {
            Corrupt or NotADatabase => new MlOpsException(
                $"'{path}' is not a catalog: SQLite cannot read it ({said}).",
                fix: DiagnosticCatalog.CatalogDamaged.Fix, diagnostic: DiagnosticCatalog.CatalogDamaged, inner: error, inputs: [UserInputs.Catalog]),
            Busy or Locked => new MlOpsException(
                $"The catalog '{path}' is locked by another writer and stayed locked for {busyTimeout.TotalSeconds:0.#} s; nothing was written.",
                fix: DiagnosticCatalog.CatalogBusy.Fix, diagnostic: DiagnosticCatalog.CatalogBusy, inner: error),
            ReadOnly or CantOpen or Perm or IoError or Full => NotWritable(
                (duringWrite ? "the catalog could not be written; nothing of the write was stored" : "the catalog could not be opened for writing") + $" ({said})", error),
            _ => null,
        };
    }

    private MlOpsException NotWritable(string what, Exception inner) => new(
        $"The catalog '{path}': {what}.", fix: DiagnosticCatalog.CatalogNotWritable.Fix,
        diagnostic: DiagnosticCatalog.CatalogNotWritable, inner: inner, inputs: [UserInputs.Catalog]);

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
