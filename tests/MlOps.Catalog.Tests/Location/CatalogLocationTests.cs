using MlOps.Catalog.Location;
using MlOps.Catalog.Tests.Support;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Tests.Location;

/// <summary>Which catalog a value, MLOPS_CATALOG or the default names. The only class that sets MLOPS_CATALOG.</summary>
public sealed class CatalogLocationTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void By_default_the_catalog_is_at_the_repository_root()
    {
        var inner = folder.File("repo/src/deep");
        Directory.CreateDirectory(inner);
        Directory.CreateDirectory(folder.File("repo/.git"));

        var resolved = WithoutEnvironment(() => CatalogLocation.Resolve(null, inner));

        Assert.Equal(folder.File("repo/.mlops/catalog.db"), resolved.Value);
        Assert.False(resolved.IsPostgres);
    }

    [Fact]
    public void A_worktree_git_file_marks_the_root_too()
    {
        Directory.CreateDirectory(folder.File("wt/src"));
        File.WriteAllText(folder.File("wt/.git"), "gitdir: /elsewhere\n");

        Assert.Equal(folder.File("wt/.mlops/catalog.db"), WithoutEnvironment(() => CatalogLocation.Resolve("", folder.File("wt/src"))).Value);
    }

    [Fact]
    public void Outside_a_repository_the_catalog_is_in_the_current_folder()
    {
        Assert.Null(CatalogLocation.RepositoryRoot(folder.Path));
        Assert.Equal(folder.File(".mlops/catalog.db"), WithoutEnvironment(() => CatalogLocation.Resolve(null, folder.Path)).Value);
    }

    [Fact]
    public void The_environment_variable_is_used_when_no_value_is_given_and_a_value_wins_over_it()
    {
        var previous = Environment.GetEnvironmentVariable(CatalogLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(CatalogLocation.EnvironmentVariable, "Host=db.internal;Database=catalog;Username=ci;Password=pw");
            Assert.True(CatalogLocation.Resolve(null, folder.Path).IsPostgres);
            Assert.Equal(folder.File("given.db"), CatalogLocation.Resolve("given.db", folder.Path).Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CatalogLocation.EnvironmentVariable, previous);
        }
    }

    [Theory]
    [InlineData("postgresql://ci:pw%21@db.internal:6543/catalog?sslmode=require", "postgresql://ci@db.internal:6543/catalog")]
    [InlineData("postgres://ci@db.internal/catalog", "postgresql://ci@db.internal:5432/catalog")]
    [InlineData("Host=db.internal;Port=6543;Database=catalog;Username=ci;Password=pw!", "postgresql://ci@db.internal:6543/catalog")]
    [InlineData("server=db.internal;database=catalog;user id=ci", "postgresql://ci@db.internal:5432/catalog")]
    public void PostgreSQL_values_are_recognised_and_displayed_without_the_password(string value, string display)
    {
        var resolved = CatalogLocation.Resolve(value, folder.Path);

        Assert.True(resolved.IsPostgres);
        Assert.Equal(display, resolved.Display);
        Assert.Equal(display, resolved.ToString());
        Assert.DoesNotContain("pw", resolved.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void A_URI_keeps_its_password_and_settings_for_the_connection()
    {
        var resolved = CatalogLocation.Resolve("postgresql://ci:p%40ss@db.internal:6543/catalog?sslmode=require", folder.Path);

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(resolved.Value);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal(6543, builder.Port);
    }

    [Theory]
    [InlineData("catalog.db", "catalog.db")]
    [InlineData("team/catalog.db", "team/catalog.db")]
    [InlineData("Data Source=team/x.db", "team/x.db")]
    [InlineData("hostname.db", "hostname.db")]
    public void Anything_else_is_a_SQLite_file_relative_to_the_current_folder(string value, string relative)
    {
        var resolved = CatalogLocation.Resolve(value, folder.Path);

        Assert.False(resolved.IsPostgres);
        Assert.Equal(folder.File(relative), resolved.Value);
    }

    [Fact]
    public void Opening_a_missing_SQLite_catalog_creates_its_folder_and_file()
    {
        var path = folder.File("new/place/catalog.db");
        using (var store = CatalogLocation.Open(path))
        {
            Assert.Equal(path, store.Location);
        }
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void An_unreadable_connection_string_is_refused_without_its_values()
    {
        var e = Assert.Throws<MlOpsException>(() => CatalogLocation.Open("Host=db;Pasword=secret-value"));
        Assert.Contains("connection string cannot be read", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", e.Message, StringComparison.Ordinal);
    }

    private static T WithoutEnvironment<T>(Func<T> work)
    {
        var previous = Environment.GetEnvironmentVariable(CatalogLocation.EnvironmentVariable);
        Environment.SetEnvironmentVariable(CatalogLocation.EnvironmentVariable, null);
        try
        {
            return work();
        }
        finally
        {
            Environment.SetEnvironmentVariable(CatalogLocation.EnvironmentVariable, previous);
        }
    }

    public void Dispose() => folder.Dispose();
}
