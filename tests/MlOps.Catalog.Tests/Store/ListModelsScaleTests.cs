using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MlOps.Catalog.Relational;
using MlOps.Catalog.Tests.Support;
using MlOps.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace MlOps.Catalog.Tests.Store;

/// <summary>
/// The model list at scale (10,000 versions of 1,000 models): one query whose plan never scans the versions table,
/// only searches its indexes. The elapsed time goes to the test output for the benchmark note, never into an assertion.
/// Run: dotnet test tests/MlOps.Catalog.Tests -c Release --filter ListModelsScale --logger "console;verbosity=detailed"
/// </summary>
public sealed class ListModelsScaleTests(ITestOutputHelper output) : IDisposable
{
    private const int Models = 1_000;
    private const int VersionsPerModel = 10;
    private readonly TempFolder folder = new();

    [Fact]
    public void Listing_10000_versions_of_1000_models_is_one_indexed_query()
    {
        var path = folder.File("catalog.db");
        CatalogStores.OpenSqlite(path).Dispose();
        Fill(path);
        using var store = CatalogStores.OpenSqlite(path);

        store.ListModels(); // warm the page cache and the statement
        var clock = Stopwatch.StartNew();
        var models = store.ListModels();
        var list = clock.Elapsed;
        clock.Restart();
        var found = store.ListModels("model-0999");
        var search = clock.Elapsed;

        Assert.Equal(Models, models.Count);
        Assert.All(models, m => Assert.Equal(VersionsPerModel, m.Versions));
        Assert.All(models, m => Assert.Equal($"1.0.{VersionsPerModel - 1}", m.LatestVersion));
        Assert.All(models, m => Assert.Equal("1.0.3", m.ProductionVersion));
        Assert.All(models, m => Assert.Equal("1.0.5", m.StagingVersion));
        Assert.Equal("model-0999", Assert.Single(found).Name);
        var plan = Plan(path, RelationalCatalogStore.ListModelsSql(""));
        Assert.DoesNotContain(plan, line => line.Contains("SCAN", StringComparison.Ordinal) && !line.Contains("SCAN m", StringComparison.Ordinal));
        output.WriteLine($"ListModels: {Models} models, {Models * VersionsPerModel} versions: {list.TotalMilliseconds:0.0} ms; search: {search.TotalMilliseconds:0.0} ms");
        output.WriteLine(string.Join(Environment.NewLine, plan));
    }

    private static void Fill(string path)
    {
        // Registration through the store would be one transaction each: set up the scale in one instead.
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var model = connection.CreateCommand();
        model.CommandText = "INSERT INTO models (name, created_at) VALUES ($name, '2026-12-01T00:00:00Z')";
        var name = model.Parameters.Add("$name", SqliteType.Text);
        using var version = connection.CreateCommand();
        version.CommandText =
            """
            INSERT INTO versions (model, version, digest, file_sha256, size, title, card_json, evidence_json, risk_level,
                eu_ai_act_category, stage, registered_at, registered_by)
            VALUES ($model, $version, $digest, $digest, 1, $model, '{}', '{}', 'low', 'minimal', $stage, '2026-12-01T00:00:00Z', 'bench')
            """;
        var versionModel = version.Parameters.Add("$model", SqliteType.Text);
        var versionName = version.Parameters.Add("$version", SqliteType.Text);
        var digest = version.Parameters.Add("$digest", SqliteType.Text);
        var stage = version.Parameters.Add("$stage", SqliteType.Text);
        for (var m = 0; m < Models; m++)
        {
            name.Value = $"model-{m:D4}";
            model.ExecuteNonQuery();
            for (var v = 0; v < VersionsPerModel; v++)
            {
                versionModel.Value = name.Value;
                versionName.Value = $"1.0.{v}";
                digest.Value = Samples.Digest($"{m}/{v}");
                stage.Value = v switch { 3 => "production", 5 => "staging", < 3 => "archived", _ => "candidate" };
                version.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private static List<string> Plan(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }
        return lines;
    }

    public void Dispose() => folder.Dispose();
}
