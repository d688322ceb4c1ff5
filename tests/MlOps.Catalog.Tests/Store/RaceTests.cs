using MlOps.Catalog.Location;
using MlOps.Catalog.Store;
using MlOps.Catalog.Tests.Fixtures;
using MlOps.Catalog.Tests.Support;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Store;

/// <summary>
/// Eight real processes open one fresh catalog (racing through its migration) and register the same versions at the
/// same moment: each version ends up as exactly one row with one history row, exactly one process created it, and
/// every process's own attestation was still added.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class RaceTests(PostgresServer server) : IDisposable
{
    private const int Processes = 8;
    private const int Versions = 12;
    private readonly TempFolder folder = new();

    [Fact]
    public void Eight_processes_registering_the_same_versions_on_SQLite_leave_one_row_each()
    {
        var catalog = folder.File("shared/catalog.db");
        Race(catalog);
    }

    [PostgresFact]
    public void Eight_processes_registering_the_same_versions_on_PostgreSQL_leave_one_row_each()
    {
        Race(server.CreateDatabase("race"));
    }

    private void Race(string catalog)
    {
        var results = Racers.Race(catalog, "credit-risk", Versions, Processes, folder.Path);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, $"a racer failed ({r.ExitCode}): {r.Error}"));
        var created = results.SelectMany(r => r.Lines).Where(l => l.StartsWith("created ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Versions, created.Count);
        Assert.Equal(Versions, created.Distinct().Count());
        Assert.All(results, r => Assert.Equal(Versions, r.Lines.Count));

        using var store = CatalogLocation.Open(catalog);
        Assert.Equal(Versions, store.ListVersions("credit-risk").Count);
        var model = Assert.Single(store.ListModels());
        Assert.Equal(Versions, model.Versions);
        // Each process registers 1.0.0 upwards, so whoever created the last version found all the others there.
        Assert.Equal($"{Versions}.0.0", model.LatestVersion);
        Assert.Equal(Versions, store.StageHistory("credit-risk").Count);
        foreach (var version in store.ListVersions("credit-risk"))
        {
            Assert.Equal(Processes, store.Attestations(version.Digest).Count);
        }
    }

    public void Dispose() => folder.Dispose();
}
