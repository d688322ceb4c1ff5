using System.Net;
using System.Net.Sockets;
using MlOps.Catalog.Location;
using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;
using MlOps.Catalog.Tests.Support;
using MlOps.Diagnostics;
using Npgsql;

namespace MlOps.Catalog.Tests.Store;

/// <summary>PostgreSQL unreachable, going away mid-transaction, newer: each a clear MLOPS16x without a password, nothing half-written.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresFaultTests(PostgresServer server)
{
    private const string Password = "s3cret-Pa55";

    [Fact]
    public void An_unreachable_server_is_named_by_host_and_port_without_the_password()
    {
        var port = UnusedPort();
        var connectionString = $"Host=127.0.0.1;Port={port};Username=mlops;Password={Password};Database=catalog;Timeout=5";

        var e = Assert.Throws<MlOpsException>(() => CatalogStores.OpenPostgres(connectionString));

        Assert.Same(DiagnosticCatalog.CatalogUnreachable, e.Diagnostic);
        Assert.Contains($"mlops@127.0.0.1:{port}/catalog", e.Message, StringComparison.Ordinal);
        Assert.Contains(UserInputs.Catalog, e.Inputs.Select(i => i.Input));
        Assert.DoesNotContain(Password, e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_given_as_a_URI_never_shows_the_password()
    {
        var port = UnusedPort();

        var e = Assert.Throws<MlOpsException>(() => CatalogLocation.Open($"postgresql://mlops:{Password}@127.0.0.1:{port}/catalog?Timeout=5"));

        Assert.Same(DiagnosticCatalog.CatalogUnreachable, e.Diagnostic);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, e.Describe(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public void The_location_never_shows_the_password()
    {
        // Trust authentication ignores the password, so the store opens with one in its connection string.
        var connectionString = new NpgsqlConnectionStringBuilder(server.CreateDatabase("location")) { Password = Password }.ConnectionString;
        using var store = CatalogStores.OpenPostgres(connectionString);

        Assert.StartsWith("postgresql://postgres@127.0.0.1:", store.Location, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, store.Location, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void The_server_going_away_mid_registration_leaves_nothing_and_the_store_reconnects()
    {
        var connectionString = server.CreateDatabase("away");
        using var store = (RelationalCatalogStore)CatalogStores.OpenPostgres(connectionString);
        store.BetweenStatements = TerminateOwnSession;
        var v = Samples.Version("credit-risk", "1.0.0");

        var e = Assert.Throws<MlOpsException>(() => store.Register(v, [Samples.Attestation("a")]));

        Assert.Same(DiagnosticCatalog.CatalogUnreachable, e.Diagnostic);
        Assert.Contains("went away during a write", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing of it was stored", e.Message, StringComparison.Ordinal);
        using (var reader = CatalogStores.OpenPostgres(connectionString))
        {
            Assert.Empty(reader.ListModels());
            Assert.Null(reader.FindByDigest(v.Digest));
            Assert.Empty(reader.StageHistory("credit-risk"));
            Assert.Empty(reader.Attestations(v.Digest));
        }
        store.BetweenStatements = null;
        Assert.True(store.Register(v, [Samples.Attestation("a")]).Created);
    }

    [PostgresFact]
    public void The_server_going_away_mid_promotion_or_usage_changes_nothing()
    {
        var connectionString = server.CreateDatabase("away");
        using var store = (RelationalCatalogStore)CatalogStores.OpenPostgres(connectionString);
        var v1 = Samples.Version("credit-risk", "1.0.0");
        var v2 = Samples.Version("credit-risk", "2.0.0");
        store.Register(v1, []);
        store.Register(v2, []);
        store.ChangeStage(Samples.Move(v1, Stage.Production));
        store.AddUsage([new(v1.Digest, new DateOnly(2026, 12, 1), "", 1, 1)], null, new UsageCursor("log", 1, 10, 1, "h1"));
        store.BetweenStatements = TerminateOwnSession;

        Assert.Same(DiagnosticCatalog.CatalogUnreachable,
            Assert.Throws<MlOpsException>(() => store.ChangeStage(Samples.Move(v2, Stage.Production))).Diagnostic);
        Assert.Same(DiagnosticCatalog.CatalogUnreachable, Assert.Throws<MlOpsException>(() => store.AddUsage(
            [new(v1.Digest, new DateOnly(2026, 12, 1), "", 5, 5), new(v1.Digest, new DateOnly(2026, 12, 2), "", 5, 5)],
            new UsageCursor("log", 1, 10, 1, "h1"), new UsageCursor("log", 1, 99, 11, "h11"))).Diagnostic);

        using var reader = CatalogStores.OpenPostgres(connectionString);
        Assert.Equal(v1.Digest, reader.FindInStage("credit-risk", Stage.Production)!.Digest);
        Assert.Equal(Stage.Candidate, reader.FindByDigest(v2.Digest)!.Stage);
        Assert.Equal(3, reader.StageHistory("credit-risk").Count);
        Assert.Equal([new UsageCount(v1.Digest, new DateOnly(2026, 12, 1), "", 1, 1)], reader.Usage());
        Assert.Equal(new UsageCursor("log", 1, 10, 1, "h1"), reader.FindUsageCursor("log"));
    }

    [PostgresFact]
    public void A_catalog_migrated_by_a_newer_tool_is_refused()
    {
        var connectionString = server.CreateDatabase("newer");
        CatalogStores.OpenPostgres(connectionString).Dispose();
        PostgresServer.Execute(connectionString, "INSERT INTO schema_version (version, applied_at) VALUES (9, '2030-01-01T00:00:00Z')");

        var e = Assert.Throws<MlOpsException>(() => CatalogStores.OpenPostgres(connectionString));

        Assert.Same(DiagnosticCatalog.CatalogSchemaNewer, e.Diagnostic);
        Assert.Contains("schema version 9", e.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void A_read_only_role_lists_but_cannot_write()
    {
        var connectionString = server.CreateDatabase("roles");
        using (var owner = CatalogStores.OpenPostgres(connectionString))
        {
            owner.Register(Samples.Version("credit-risk", "1.0.0"), []);
        }
        var role = "reader_" + Guid.NewGuid().ToString("N")[..8];
        PostgresServer.Execute(connectionString, $"CREATE ROLE {role} LOGIN");
        PostgresServer.Execute(connectionString, $"GRANT USAGE ON SCHEMA public TO {role}");
        PostgresServer.Execute(connectionString, $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
        var asReader = new NpgsqlConnectionStringBuilder(connectionString) { Username = role }.ConnectionString;

        // Opening a current catalog writes nothing, so the reader role can serve pages and reports.
        using var reader = CatalogStores.OpenPostgres(asReader);
        Assert.Equal(["credit-risk"], reader.ListModels().Select(m => m.Name));
        var e = Assert.Throws<MlOpsException>(() => reader.Register(Samples.Version("churn", "1.0.0"), []));

        Assert.Same(DiagnosticCatalog.CatalogNotWritable, e.Diagnostic);
        Assert.Contains($"{role}@127.0.0.1", e.Message, StringComparison.Ordinal);
        Assert.Single(reader.ListModels());
    }

    private void TerminateOwnSession(System.Data.Common.DbConnection connection) => server.Terminate(((NpgsqlConnection)connection).ProcessID);

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
