using Microsoft.Data.Sqlite;
using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;
using MlOps.Catalog.Tests.Support;
using MlOps.Diagnostics;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Store;

/// <summary>A SQLite catalog that is not one, is damaged, locked, read-only or newer: each a clear MLOPS16x, nothing half-written.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteFaultTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_alone()
    {
        var path = folder.File("catalog.db");
        File.WriteAllText(path, "these are notes, not a catalog\n");

        var e = Assert.Throws<MlOpsException>(() => CatalogStores.OpenSqlite(path));

        Assert.Same(DiagnosticCatalog.CatalogDamaged, e.Diagnostic);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        // The fix points at the catalog setting, so the CLI can name its option.
        Assert.Contains(UserInputs.Catalog, e.Inputs.Select(i => i.Input));
        Assert.Equal("these are notes, not a catalog\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_damaged_database_is_refused()
    {
        var path = folder.File("catalog.db");
        using (var store = CatalogStores.OpenSqlite(path))
        {
            for (var i = 0; i < 50; i++)
            {
                store.Register(Samples.Version("credit-risk", $"1.0.{i}"), [Samples.Attestation($"line {i}")]);
            }
        }
        // Closing the last connection checkpointed the WAL into the file: overwrite every page but the first
        // (which holds the schema), as a failing disk or a half-copied file would.
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8192);
        for (var i = 4096; i < bytes.Length; i++)
        {
            bytes[i] = 0x5A;
        }
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<MlOpsException>(() =>
        {
            using var store = CatalogStores.OpenSqlite(path);
            store.ListModels();
        });

        Assert.Same(DiagnosticCatalog.CatalogDamaged, e.Diagnostic);
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_holding_the_lock_beyond_the_busy_timeout_is_reported_and_nothing_is_written()
    {
        var path = folder.File("catalog.db");
        CatalogStores.OpenSqlite(path).Dispose();
        using var other = new SqliteConnection($"Data Source={path};Pooling=false");
        other.Open();
        using var holding = other.BeginTransaction(deferred: false);

        // Readers do not wait for the writer (WAL): opening and listing work while the lock is held.
        using var store = CatalogStores.OpenSqlite(path, TimeSpan.FromMilliseconds(300));
        Assert.Empty(store.ListModels());
        var e = Assert.Throws<MlOpsException>(() => store.Register(Samples.Version("credit-risk", "1.0.0"), []));

        Assert.Same(DiagnosticCatalog.CatalogBusy, e.Diagnostic);
        Assert.Contains("locked by another writer", e.Message, StringComparison.Ordinal);
        holding.Rollback();
        Assert.Empty(store.ListModels());
        Assert.True(store.Register(Samples.Version("credit-risk", "1.0.0"), []).Created);
    }

    [Fact]
    public void A_failure_between_statements_rolls_the_whole_write_back()
    {
        var path = folder.File("catalog.db");
        using var store = (RelationalCatalogStore)CatalogStores.OpenSqlite(path);
        var v1 = Samples.Version("credit-risk", "1.0.0");
        var v2 = Samples.Version("credit-risk", "2.0.0");
        store.Register(v1, []);
        store.Register(v2, []);
        store.ChangeStage(Samples.Move(v1, Stage.Production));
        store.BetweenStatements = _ => throw new IOException("the process died here");

        Assert.Throws<IOException>(() => store.Register(Samples.Version("churn", "1.0.0"), [Samples.Attestation("a")]));
        Assert.Throws<IOException>(() => store.ChangeStage(Samples.Move(v2, Stage.Production)));
        Assert.Throws<IOException>(() => store.AddUsage([new(v1.Digest, new DateOnly(2026, 12, 1), "", 1, 1), new(v1.Digest, new DateOnly(2026, 12, 2), "", 1, 1)], null, new UsageCursor("log", 1, 1, 1, "h")));

        store.BetweenStatements = null;
        using var reader = CatalogStores.OpenSqlite(path);
        Assert.Equal(["credit-risk"], reader.ListModels().Select(m => m.Name));
        Assert.Equal(v1.Digest, reader.FindInStage("credit-risk", Stage.Production)!.Digest);
        Assert.Equal(Stage.Candidate, reader.FindByDigest(v2.Digest)!.Stage);
        Assert.Equal(3, reader.StageHistory("credit-risk").Count);
        Assert.Empty(reader.Usage());
        Assert.Null(reader.FindUsageCursor("log"));
    }

    [Fact]
    public void A_catalog_migrated_by_a_newer_tool_is_refused()
    {
        var path = folder.File("catalog.db");
        CatalogStores.OpenSqlite(path).Dispose();
        using (var raw = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (7, '2030-01-01T00:00:00Z')";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<MlOpsException>(() => CatalogStores.OpenSqlite(path));

        Assert.Same(DiagnosticCatalog.CatalogSchemaNewer, e.Diagnostic);
        Assert.Contains("schema version 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("Update MlOpsBuild", e.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_catalog_is_at_the_latest_schema_version()
    {
        using var store = (RelationalCatalogStore)CatalogStores.OpenSqlite(folder.File("a/b/catalog.db"));
        Assert.Equal(CatalogSchema.Latest, store.SchemaVersion());
        Assert.True(File.Exists(folder.File("a/b/catalog.db")));
    }

    [Fact]
    public void A_read_only_catalog_is_reported_as_not_writable()
    {
        var shared = folder.File("shared");
        var path = Path.Combine(shared, "catalog.db");
        using (var store = CatalogStores.OpenSqlite(path))
        {
            store.Register(Samples.Version("credit-risk", "1.0.0"), []);
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(shared, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(folder.Path, (UnixFileMode)0b111_101_101);

        try
        {
            string said;
            if (PostgresServer.RunsAsRoot)
            {
                // Root writes through any mode bits: try it as an ordinary user, in the racer process (exit 2 as the CLI).
                var result = Racers.RunOnce(path, "churn", folder.Path, runAs: "nobody");
                Assert.Equal(2, result.ExitCode);
                said = result.Error;
            }
            else
            {
                using var store = CatalogStores.OpenSqlite(path);
                said = Assert.Throws<MlOpsException>(() => store.Register(Samples.Version("churn", "1.0.0"), [])).Describe();
            }
            Assert.Contains("MLOPS163", said, StringComparison.Ordinal);
            Assert.Contains(path, said, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(shared, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        }
        using var after = CatalogStores.OpenSqlite(path);
        Assert.Equal(["credit-risk"], after.ListModels().Select(m => m.Name));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_reported_as_not_writable()
    {
        var locked = folder.File("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(folder.Path, (UnixFileMode)0b111_101_101);
        var path = Path.Combine(locked, "team", "catalog.db");
        try
        {
            var said = PostgresServer.RunsAsRoot
                ? Racers.RunOnce(path, "churn", folder.Path, runAs: "nobody") is var result && result.ExitCode == 2 ? result.Error : $"exit {result.ExitCode}: {result.Error}"
                : Assert.Throws<MlOpsException>(() => CatalogStores.OpenSqlite(path)).Describe();
            Assert.Contains("MLOPS163", said, StringComparison.Ordinal);
            Assert.Contains("folder could not be created", said, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(locked, (UnixFileMode)0b111_101_101);
        }
        Assert.False(Directory.Exists(Path.Combine(locked, "team")));
    }

    public void Dispose() => folder.Dispose();
}
