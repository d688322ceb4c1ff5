using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using MlOps.Catalog.Store;
using MlOps.Diagnostics;
using MlOps.Serialization;

namespace MlOps.Catalog.Relational;

/// <summary>
/// <see cref="ICatalogStore"/> over one open connection, for SQLite and PostgreSQL alike (the differences live in
/// <see cref="SqlDialect"/>). One lock makes a store safe to share between threads (the web host does); each write
/// is one transaction, retried when it lost a race against another process so that it then finds the winner's row.
/// </summary>
internal sealed partial class RelationalCatalogStore : ICatalogStore
{
    private const int Attempts = 5;

    private readonly SqlDialect dialect;
    private readonly object gate = new();
    private bool disposed;
    private DbConnection? connection;
    private DbTransaction? transaction;

    private RelationalCatalogStore(SqlDialect dialect) => this.dialect = dialect;

    /// <inheritdoc />
    public string Location => dialect.Location;

    /// <summary>A test's window between two statements of a write (to make the database go away there).</summary>
    internal Action<DbConnection>? BetweenStatements { get; set; }

    /// <summary>Opens the catalog and brings its schema up to date (or refuses a newer one).</summary>
    public static RelationalCatalogStore Open(SqlDialect dialect)
    {
        var store = new RelationalCatalogStore(dialect);
        try
        {
            store.Run(duringWrite: false, () =>
            {
                store.Migrate();
                return 0;
            });
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            transaction?.Dispose();
            transaction = null;
            connection?.Dispose();
            connection = null;
        }
    }

    /// <summary>The schema version the catalog is at (for tests and diagnostics).</summary>
    internal int SchemaVersion() => Run(duringWrite: false, ReadSchemaVersion);

    private void Migrate()
    {
        var found = ReadSchemaVersion();
        if (found == CatalogSchema.Latest)
        {
            return;
        }
        RefuseNewer(found);
        InTransaction(() =>
        {
            dialect.LockForMigration(connection!, transaction!);
            Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)");
            // Read again under the lock: another process may have migrated meanwhile.
            var current = ReadSchemaVersion();
            RefuseNewer(current);
            for (var next = current + 1; next <= CatalogSchema.Latest; next++)
            {
                Execute(CatalogSchema.Migrations[next - 1].Replace("{id}", dialect.IdentityColumn, StringComparison.Ordinal));
                Execute("INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)",
                    ("version", next), ("at", UtcTime.Format(DateTimeOffset.UtcNow)));
            }
            return 0;
        });
    }

    private int ReadSchemaVersion()
    {
        if (Scalar(dialect.SchemaTableExistsSql) is null)
        {
            return 0;
        }
        return Scalar("SELECT MAX(version) FROM schema_version") is { } value and not DBNull ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;
    }

    private void RefuseNewer(int found)
    {
        if (found > CatalogSchema.Latest)
        {
            throw new MlOpsException(
                $"The catalog at {Location} has schema version {found}; this MlOpsBuild knows versions up to {CatalogSchema.Latest}: a newer MlOpsBuild has migrated it.",
                fix: DiagnosticCatalog.CatalogSchemaNewer.Fix, diagnostic: DiagnosticCatalog.CatalogSchemaNewer);
        }
    }

    /// <summary>Runs <paramref name="work"/> under the lock on an open connection, translating database failures.</summary>
    private T Run<T>(bool duringWrite, Func<T> work)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            try
            {
                if (connection is null || SqlDialect.IsBroken(connection))
                {
                    connection?.Dispose();
                    connection = null;
                    connection = dialect.Open();
                }
                return work();
            }
            catch (Exception e) when (e is not MlOpsException && dialect.Translate(e, duringWrite) is { } problem)
            {
                if (connection is not null && SqlDialect.IsBroken(connection))
                {
                    connection.Dispose();
                    connection = null;
                }
                throw problem;
            }
        }
    }

    /// <summary>One write transaction, retried when it lost a race; must run inside <see cref="Run{T}"/>.</summary>
    private T InTransaction<T>(Func<T> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            transaction = dialect.BeginWrite(connection!);
            try
            {
                var result = work();
                transaction.Commit();
                return result;
            }
            catch (Exception e) when ((e is LostRace || dialect.IsLostRace(e)) && attempt < Attempts)
            {
                // Another process committed the same key first: start again, and the reads now see its row.
                SafeRollback();
            }
            catch
            {
                SafeRollback();
                throw;
            }
            finally
            {
                transaction?.Dispose();
                transaction = null;
            }
        }
    }

    private T Write<T>(Func<T> work) => Run(duringWrite: true, () => InTransaction(work));

    private void SafeRollback()
    {
        try
        {
            transaction?.Rollback();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            // The connection is gone; the server rolls the transaction back itself.
        }
    }

    private void Pause() => BetweenStatements?.Invoke(connection!);

    /// <summary>Thrown inside a transaction when an insert found its key taken by a concurrent writer.</summary>
    private sealed class LostRace : Exception;

    // ---- commands ----

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private List<T> Query<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long Number(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) =>
        UtcTime.TryParse(reader.GetString(ordinal), out var time) ? time : throw new FormatException($"not a time: {reader.GetString(ordinal)}");

    private static Stage StageOf(string word) =>
        StageWords.TryParse(word, out var stage) ? stage : throw new FormatException($"not a stage: {word}");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string FeaturesJson(IReadOnlyList<string> features) => JsonSerializer.Serialize(features);

    private static IReadOnlyList<string> Features(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
