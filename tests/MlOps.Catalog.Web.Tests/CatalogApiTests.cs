using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MlOps.Catalog.Web.Tests.Support;
using MlOps.Cli.Tests.ArtefactCommands;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Catalog.Web.Tests;

/// <summary>The JSON API and the write endpoints over HTTP, against a real server on a real SQLite catalog.</summary>
public sealed class CatalogApiTests : IDisposable
{
    private readonly CatalogServer server = new();
    private readonly HttpClient http;

    public CatalogApiTests() => http = new HttpClient { BaseAddress = server.Host.Address };

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }

    [Fact]
    public async Task Models_are_listed_in_camel_case_with_stage_words()
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/models?q=credit"));
        var model = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("credit-risk", model.GetProperty("name").GetString());
        Assert.Equal("1.2.0", model.GetProperty("latestVersion").GetString());
        Assert.Equal("1.1.0", model.GetProperty("productionVersion").GetString());
        Assert.Equal("1.2.0", model.GetProperty("stagingVersion").GetString());
    }

    [Fact]
    public async Task A_version_comes_with_its_card_evidence_and_attestations()
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/models/credit-risk/1.1.0"));
        var v = doc.RootElement;
        Assert.Equal("production", v.GetProperty("stage").GetString());
        Assert.Equal("credit-risk", v.GetProperty("card").GetProperty("name").GetString());
        Assert.Equal("passed", v.GetProperty("evidence").GetProperty("gate").GetProperty("verdict").GetString());
        Assert.Equal("https://mlopsbuild.dev/approval/v1", Assert.Single(v.GetProperty("attestations").EnumerateArray()).GetProperty("predicateType").GetString());
        Assert.Equal(JsonValueKind.Array, v.GetProperty("stageHistory").ValueKind);

        var missing = await http.GetAsync("/api/models/credit-risk/9.9.9");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Contains("no version '9.9.9'", error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Register_without_a_token_or_with_a_wrong_one_is_401_with_a_bearer_challenge()
    {
        using var folder = new TempFolder();
        var artefact = SampleArtefact.Build(folder.Path).PackagePath;

        var missing = await Post(artefact, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);

        var wrong = await Post(artefact, token: CatalogServer.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("invalid_token", wrong.Headers.WwwAuthenticate.ToString());

        Assert.Empty(server.Store.ListModels("churn"));
        Assert.False(Directory.Exists(server.Uploads) && Directory.EnumerateFileSystemEntries(server.Uploads).Any());
    }

    [Fact]
    public async Task Register_with_the_token_verifies_keeps_and_registers_idempotently()
    {
        using var folder = new TempFolder();
        var artefact = SampleArtefact.Build(folder.Path).PackagePath;

        var first = await Post(artefact, CatalogServer.Token);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var doc = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
        {
            Assert.Equal("churn", doc.RootElement.GetProperty("model").GetString());
            Assert.True(doc.RootElement.GetProperty("created").GetBoolean());
        }
        var again = await Post(artefact, CatalogServer.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"created\": false", await again.Content.ReadAsStringAsync());

        var version = server.Store.FindVersion("churn", "0.3.1")!;
        Assert.Equal(CatalogWebUploadName(version.FileSha256), version.Location);
        Assert.True(File.Exists(version.Location));
        Assert.Equal(File.ReadAllBytes(artefact), File.ReadAllBytes(version.Location!));
        Assert.Single(Directory.GetFiles(server.Uploads));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/models/churn/0.3.1")).StatusCode);
    }

    [Fact]
    public async Task A_tampered_upload_is_refused_and_nothing_is_kept()
    {
        using var folder = new TempFolder();
        var artefact = SampleArtefact.Build(folder.Path).PackagePath;
        var bytes = File.ReadAllBytes(artefact);
        // Flip one byte inside the stored model member: the ZIP still opens, the digests no longer match.
        var at = bytes.Length / 3;
        bytes[at] ^= 0x5a;
        File.WriteAllBytes(artefact, bytes);

        var response = await Post(artefact, CatalogServer.Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync());
        Assert.Empty(server.Store.ListModels("churn"));
        Assert.Empty(Directory.GetFiles(server.Uploads));
    }

    [Fact]
    public async Task Promote_is_left_to_the_cli_and_says_so()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/promote");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CatalogServer.Token);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("mlops catalog promote", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_forbid_scripts_and_sniffing()
    {
        var response = await http.GetAsync("/");
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var css = await http.GetAsync("/catalog.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    private string CatalogWebUploadName(string sha256) => Path.Combine(server.Uploads, sha256 + ".mlpkg");

    private async Task<HttpResponseMessage> Post(string artefact, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/register") { Content = new StreamContent(File.OpenRead(artefact)) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await http.SendAsync(request);
    }
}

/// <summary>A server started without a token: everything reads, nothing writes.</summary>
public sealed class ReadOnlyServerTests : IDisposable
{
    private readonly CatalogServer server = new(withToken: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Without_a_token_writes_are_disabled_with_a_403_saying_how_to_enable_them()
    {
        using var http = new HttpClient { BaseAddress = server.Host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/register") { Content = new ByteArrayContent([1, 2, 3]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CatalogServer.Token);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Writes are disabled", body);
        Assert.Contains("MLOPS_CATALOG_TOKEN", body);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }
}
