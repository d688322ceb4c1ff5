using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MlOps.Cli.Tests.TestSupport;

namespace MlOps.Cli.Tests.Catalog;

/// <summary>`mlops catalog serve`: startup faults exit 2 with their diagnostic; a running server answers and stops cleanly.</summary>
public sealed class CatalogServeCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-serve-").FullName;

    public CatalogServeCommandTests()
    {
        // An empty catalog, as registering creates one: serve refuses a catalog that is not there (MLOPS177).
        MlOps.Catalog.Location.CatalogLocation.Open(Catalog).Dispose();
    }

    private string Catalog => Path.Combine(folder, "catalog.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_catalog_that_is_not_there_exits_2_and_is_not_created()
    {
        var missing = Path.Combine(folder, "typo", "catalog.db");
        var result = CliRunner.Run("catalog", "serve", "--catalog", missing, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS177", result.StdErr);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void A_port_in_use_exits_2_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = CliRunner.Run("catalog", "serve", "--catalog", Catalog, "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS174", result.StdErr);
        Assert.Contains($"127.0.0.1:{port}", result.StdErr);
        Assert.Contains("--urls", result.StdErr);
    }

    [Fact]
    public void A_short_token_exits_2_without_printing_it()
    {
        var variable = $"MLOPS_TEST_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "hunter2");
        try
        {
            var result = CliRunner.Run("catalog", "serve", "--catalog", Catalog, "--urls", "http://127.0.0.1:0", "--token-env", variable);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("MLOPS176", result.StdErr);
            Assert.Contains(variable, result.StdErr);
            Assert.DoesNotContain("hunter2", result.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void An_https_url_exits_2()
    {
        var result = CliRunner.Run("catalog", "serve", "--catalog", Catalog, "--urls", "https://127.0.0.1:5443");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS175", result.StdErr);
    }

    [Fact]
    public void The_server_prints_its_address_serves_and_stops_on_sigterm_with_exit_0()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var served = false;
        var result = CliRunner.RunProcess(["catalog", "serve", "--catalog", Catalog, "--urls", $"http://127.0.0.1:{port}"], [], process =>
        {
            if (served)
            {
                return;
            }
            try
            {
                using var http = new HttpClient();
                served = http.GetAsync($"http://127.0.0.1:{port}/").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return; // not listening yet
            }
            // SIGTERM takes the same clean-shutdown path as Ctrl+C (the host's console lifetime handles both).
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }, TimeSpan.FromMinutes(1));
        Assert.True(served, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"open: http://127.0.0.1:{port}/", result.StdOut);
        Assert.Contains("writes: disabled", result.StdOut);
        Assert.Contains("catalog: stopped", result.StdOut);
    }
}
