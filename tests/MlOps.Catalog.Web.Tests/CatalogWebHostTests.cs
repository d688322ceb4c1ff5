using System.Net;
using System.Net.Sockets;
using MlOps.Catalog.Relational;
using MlOps.Catalog.Web.Api;
using MlOps.Catalog.Web.Hosting;
using MlOps.Catalog.Web.Tests.Support;
using MlOps.Diagnostics;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Web.Tests;

/// <summary>Binding, URLs and the token: the faults a server owner meets at startup.</summary>
public sealed class CatalogWebHostTests
{
    [Fact]
    public void A_port_in_use_is_a_clear_error_naming_the_address()
    {
        using var folder = new TempFolder();
        using var store = CatalogStores.OpenSqlite(folder.File("catalog.db"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var e = Assert.Throws<MlOpsException>(() => CatalogWebHost.Start(store, new CatalogWebOptions { Urls = $"http://127.0.0.1:{port}" }));
        Assert.Equal(DiagnosticCatalog.CatalogServerAddressInUse, e.Diagnostic);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("another process is using that port", e.Message);
    }

    [Fact]
    public void The_server_binds_loopback_by_default_and_reports_the_port_it_got()
    {
        Assert.Equal("http://127.0.0.1:5080", new CatalogWebOptions().Urls);
        using var folder = new TempFolder();
        using var store = CatalogStores.OpenSqlite(folder.File("catalog.db"));
        using var host = CatalogWebHost.Start(store, new CatalogWebOptions { Urls = "http://127.0.0.1:0" });
        Assert.Equal("127.0.0.1", host.Address.Host);
        Assert.NotEqual(0, host.Address.Port);
        Assert.Empty(host.Warnings);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5080", "plain http")]
    [InlineData("ftp://127.0.0.1:21", "not an http URL")]
    [InlineData("127.0.0.1:5080", "not an http URL")]
    [InlineData("http://127.0.0.1", "names no port")]
    [InlineData("http://127.0.0.1:5080/catalog", "has a path")]
    [InlineData("", "empty")]
    public void Urls_that_cannot_be_served_are_refused_before_binding(string urls, string why)
    {
        var e = Assert.Throws<MlOpsException>(() => ServerUrls.Parse(urls));
        Assert.Equal(DiagnosticCatalog.InvalidCatalogServerUrl, e.Diagnostic);
        Assert.Contains(why, e.Message);
        Assert.Contains(UserInputs.CatalogServerUrls, e.Inputs.Select(i => i.Input));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://localhost:5080", false)]
    [InlineData("http://[::1]:5080", false)]
    [InlineData("http://0.0.0.0:5080", true)]
    [InlineData("http://*:5080", true)]
    [InlineData("http://192.168.1.20:5080", true)]
    public void Only_a_non_loopback_address_warns_that_anyone_can_read_the_pages(string url, bool warns)
    {
        var warning = ServerUrls.ExposureWarning(Assert.Single(ServerUrls.Parse(url)));
        Assert.Equal(warns, warning is not null);
        if (warns)
        {
            Assert.Contains("readable by anyone who can reach it", warning);
        }
    }

    [Fact]
    public void A_short_token_is_refused_without_printing_it()
    {
        var e = Assert.Throws<MlOpsException>(() => BearerToken.From("hunter2", "MLOPS_CATALOG_TOKEN"));
        Assert.Equal(DiagnosticCatalog.WeakCatalogToken, e.Diagnostic);
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Contains("MLOPS_CATALOG_TOKEN", e.Message);
        Assert.Null(BearerToken.From("", "MLOPS_CATALOG_TOKEN"));
    }

    [Fact]
    public void The_token_admits_only_its_own_bearer_header()
    {
        var token = BearerToken.From(CatalogServer.Token, "the test")!;
        Assert.True(token.Admits("Bearer " + CatalogServer.Token));
        Assert.True(token.Admits("bearer " + CatalogServer.Token));
        Assert.False(token.Admits(CatalogServer.Token));
        Assert.False(token.Admits("Basic " + CatalogServer.Token));
        Assert.False(token.Admits("Bearer " + CatalogServer.Token[..^1]));
        Assert.False(token.Admits(null));
    }
}
