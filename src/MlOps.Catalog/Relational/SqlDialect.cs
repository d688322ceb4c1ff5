using System.Data;
using System.Data.Common;

namespace MlOps.Catalog.Relational;

/// <summary>
/// What differs between SQLite and PostgreSQL, kept to a handful of members: the rest of the catalog is one SQL
/// text (ON CONFLICT, partial unique indexes and named @parameters work in both).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Where the catalog lives, for messages (never a password).</summary>
    public abstract string Location { get; }

    /// <summary>The auto-numbered primary key column's type and constraint.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>SQL returning 1 when the schema_version table exists, nothing otherwise.</summary>
    public abstract string SchemaTableExistsSql { get; }

    /// <summary>Opens a connection, ready for use (pragmas set).</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// Begins a write transaction that serializes writers where the database needs it: SQLite takes the write
    /// lock up front (BEGIN IMMEDIATE), so two writers never deadlock upgrading read locks.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Serializes concurrent migrations of a fresh catalog (PostgreSQL: an advisory lock), inside <paramref name="transaction"/>.</summary>
    public abstract void LockForMigration(DbConnection connection, DbTransaction transaction);

    /// <summary>True when the error is a lost race (a unique key taken meanwhile, a serialization failure): the write is retried.</summary>
    public abstract bool IsLostRace(Exception error);

    /// <summary>The user-facing error for a database failure, or null when it is not one the user can fix (a bug).</summary>
    public abstract MlOpsException? Translate(Exception error, bool duringWrite);

    /// <summary>True when the connection can no longer be used and must be opened again.</summary>
    public static bool IsBroken(DbConnection connection) => connection.State is ConnectionState.Broken or ConnectionState.Closed;
}
