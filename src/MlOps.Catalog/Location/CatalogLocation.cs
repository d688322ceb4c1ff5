using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using MlOps.Catalog.Relational;
using MlOps.Catalog.Store;
using MlOps.Diagnostics;
using Npgsql;

namespace MlOps.Catalog.Location;

/// <summary>
/// Where the catalog is: the value of the catalog setting (the CLI's --catalog), else the MLOPS_CATALOG environment
/// variable, else <c>.mlops/catalog.db</c> at the root of the git repository around the current folder (the
/// current folder itself outside a repository). A value is PostgreSQL when it is a postgres:// or postgresql:// URI
/// or a key=value; connection string naming a Host; anything else is a SQLite file path.
/// </summary>
public static partial class CatalogLocation
{
    /// <summary>The environment variable read when no catalog is given.</summary>
    public const string EnvironmentVariable = "MLOPS_CATALOG";

    /// <summary>The default catalog file, relative to the repository root (or the current folder).</summary>
    public static readonly string DefaultRelativePath = Path.Combine(".mlops", "catalog.db");

    /// <summary>Opens the catalog <paramref name="value"/> names (see the type's remarks for the rules), migrating it.</summary>
    /// <param name="value">The catalog setting, or null/empty to use MLOPS_CATALOG or the default.</param>
    /// <param name="busyTimeout">For SQLite: how long a write waits for another writer; the default when null.</param>
    /// <param name="create">
    /// True for commands that write the first version or the first usage (a missing SQLite file is created); false for
    /// commands that read or change what is there, so a mistyped path is an error instead of a new, empty catalog.
    /// </param>
    public static ICatalogStore Open(string? value, TimeSpan? busyTimeout = null, bool create = true)
    {
        var resolved = Resolve(value);
        if (!create && !resolved.IsPostgres && !File.Exists(resolved.Value))
        {
            throw new MlOpsException(
                $"There is no catalog at {resolved.Display}: the file does not exist.",
                resolved.Value, diagnostic: DiagnosticCatalog.CatalogMissing,
                fix: "Name the catalog the team uses (a SQLite file or a PostgreSQL connection string), or register a model first: registering creates the catalog.",
                inputs: [UserInputs.Catalog]);
        }
        return resolved.IsPostgres
            ? CatalogStores.OpenPostgres(resolved.Value)
            : CatalogStores.OpenSqlite(resolved.Value, busyTimeout);
    }

    /// <summary>Which catalog <paramref name="value"/> (or the environment, or the default) names, without opening it.</summary>
    public static ResolvedCatalog Resolve(string? value, string? currentFolder = null)
    {
        var given = !string.IsNullOrWhiteSpace(value) ? value.Trim()
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment.Trim()
            : null;
        var folder = currentFolder ?? Directory.GetCurrentDirectory();
        if (given is null)
        {
            var path = Path.Combine(RepositoryRoot(folder) ?? folder, DefaultRelativePath);
            return new ResolvedCatalog(path, IsPostgres: false, path);
        }
        if (IsPostgresUri(given))
        {
            var connectionString = FromUri(given);
            return new ResolvedCatalog(connectionString, IsPostgres: true, Describe(connectionString));
        }
        if (IsPostgresConnectionString(given))
        {
            return new ResolvedCatalog(given, IsPostgres: true, Describe(given));
        }
        if (SqliteDataSource().IsMatch(given))
        {
            given = new SqliteConnectionStringBuilder(given).DataSource;
        }
        var full = Path.GetFullPath(given, folder);
        return new ResolvedCatalog(full, IsPostgres: false, full);
    }

    /// <summary>The folder holding <c>.git</c> (a folder, or a worktree's file) at or above <paramref name="folder"/>, or null.</summary>
    public static string? RepositoryRoot(string folder)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(folder)); current is not null; current = current.Parent)
        {
            var git = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current.FullName;
            }
        }
        return null;
    }

    /// <summary>A PostgreSQL location for messages: postgresql://user@host:port/database, never the password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            return PostgresDialect.Describe(new NpgsqlConnectionStringBuilder(connectionString));
        }
        catch (ArgumentException)
        {
            return "a PostgreSQL connection string that cannot be read";
        }
    }

    private static bool IsPostgresUri(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static bool IsPostgresConnectionString(string value) => HostKey().IsMatch(value);

    /// <summary>postgresql://user:password@host:port/database?sslmode=require as an Npgsql connection string.</summary>
    private static string FromUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new MlOpsException(
                "The catalog's PostgreSQL URI cannot be read; it has the form postgresql://user:password@host:port/database.",
                fix: "Write the catalog location as postgresql://user:password@host:port/database, or as a connection string Host=…;Database=…;Username=….",
                inputs: [UserInputs.Catalog]);
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var setting = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = setting;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new MlOpsException(
                    $"The catalog's PostgreSQL URI has a setting Npgsql does not know: '{key}'.",
                    fix: "Remove the setting, or use a key Npgsql documents (https://www.npgsql.org/doc/connection-string-parameters.html).", inner: e,
                    inputs: [UserInputs.Catalog]);
            }
        }
        return builder.ConnectionString;
    }

    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKey();

    [GeneratedRegex(@"^\s*(data source|datasource|filename)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqliteDataSource();
}

/// <summary>A resolved catalog location.</summary>
/// <param name="Value">The SQLite file's full path, or the Npgsql connection string (with its password: never print it).</param>
/// <param name="IsPostgres">True for PostgreSQL.</param>
/// <param name="Display">What messages show: the path, or postgresql://user@host:port/database.</param>
public sealed record ResolvedCatalog(string Value, bool IsPostgres, string Display)
{
    /// <summary>The display form: a record's default ToString would print the connection string's password.</summary>
    public override string ToString() => Display;
}
