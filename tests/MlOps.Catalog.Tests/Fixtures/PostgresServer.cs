using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MlOps.Catalog.Tests.Fixtures;

/// <summary>
/// A real PostgreSQL server for one test run: initdb into a temporary folder, pg_ctl start on a free port on
/// 127.0.0.1 (its socket in the same folder, trust authentication), a fresh database per test class, stopped and
/// deleted at the end. PostgreSQL refuses to run as root, so under uid 0 the folder belongs to the postgres user
/// and the binaries run through runuser. Shared through an xunit collection fixture (<see cref="PostgresCollection"/>);
/// other test projects link this file (Compile Include … LinkBase="Fixtures").
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>The collection name for test classes that share the server.</summary>
    public const string Collection = "PostgreSQL server";

    private const string InstallCommand = "bash eng/install-test-deps.sh";

    private readonly string? folder;
    private readonly Lock gate = new();
    private int databases;

    public PostgresServer()
    {
        if (BinFolder is null)
        {
            return;
        }
        folder = Path.Combine(Path.GetTempPath(), "mlops-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (RunsAsRoot)
        {
            Run("chown", ["-R", "postgres:", folder]);
        }
        var data = Path.Combine(folder, "data");
        RunPostgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
        Port = FreePort();
        var options = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}", $"-k {folder}", "-c listen_addresses=127.0.0.1",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=60");
        RunPostgres("pg_ctl", ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        Started = true;
    }

    /// <summary>The folder holding initdb, pg_ctl and postgres (the newest /usr/lib/postgresql/&lt;ver&gt;/bin), or null.</summary>
    public static string? BinFolder { get; } = FindBinFolder();

    /// <summary>Why PostgreSQL tests skip on this machine, or null when they run (always null under CI=true: they fail there instead).</summary>
    public static string? SkipReason => BinFolder is null && !IsCi
        ? $"PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/pg_ctl): run '{InstallCommand}'."
        : null;

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True under uid 0, where PostgreSQL refuses to run and the tools run as the postgres user.</summary>
    public static bool RunsAsRoot { get; } = OperatingSystem.IsLinux() && GetUid() == 0;

    /// <summary>True once the server runs.</summary>
    public bool Started { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string (no password: trust authentication) for <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Terminated test connections must not come back from a pool.
        Pooling = false,
    }.ConnectionString;

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public string CreateDatabase(string prefix = "catalog")
    {
        EnsureStarted();
        string name;
        lock (gate)
        {
            name = $"{prefix}_{++databases}_{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        }
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Runs one SQL statement against <paramref name="connectionString"/>'s database (as the superuser).</summary>
    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Ends another connection's session from the server side, as a restart or an administrator would.</summary>
    public void Terminate(int processId)
    {
        Execute(ConnectionString(), $"SELECT pg_terminate_backend({processId.ToString(CultureInfo.InvariantCulture)})");
    }

    public void Dispose()
    {
        if (folder is null)
        {
            return;
        }
        try
        {
            if (Started)
            {
                RunPostgres("pg_ctl", ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private void EnsureStarted()
    {
        if (!Started)
        {
            throw new InvalidOperationException(SkipReason ?? $"PostgreSQL is required under CI=true but is not installed: run '{InstallCommand}'.");
        }
    }

    private static string? FindBinFolder()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(d => (Folder: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(c => File.Exists(Path.Combine(c.Folder, "pg_ctl")) && File.Exists(Path.Combine(c.Folder, "initdb")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Folder)
            .FirstOrDefault();
    }

    private static void RunPostgres(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(BinFolder!, tool);
        if (RunsAsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", executable, .. arguments]);
        }
        else
        {
            Run(executable, arguments);
        }
    }

    private static void Run(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetUid();
}

/// <summary>The test classes that share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
