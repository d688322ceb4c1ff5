using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Catalog.Store;
using MlOps.Catalog.Web.Api;
using MlOps.Catalog.Web.Pages;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Web.Hosting;

/// <summary>
/// The catalog's web server (Kestrel, minimal APIs, from the shared framework): server-rendered pages for anyone
/// who can reach it, JSON for scripts, and the write endpoints behind the bearer token. Started in-process by the
/// CLI and by the browser tests alike.
/// </summary>
public sealed class CatalogWebHost : IDisposable
{
    /// <summary>Headers every response carries: no script may run, nothing is framed or sniffed.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private readonly WebApplication app;

    private CatalogWebHost(WebApplication app, IReadOnlyList<Uri> addresses, IReadOnlyList<string> warnings)
    {
        this.app = app;
        Addresses = addresses;
        Warnings = warnings;
    }

    /// <summary>The addresses the server listens on (with the port picked when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The first address: where the catalog page is.</summary>
    public Uri Address => Addresses[0];

    /// <summary>Warnings to print at startup (an address others can reach).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Starts the server over <paramref name="store"/> (shared by the requests' threads: the relational store
    /// serialises its own use) and returns once it listens.
    /// </summary>
    /// <exception cref="MlOpsException">A URL is invalid (MLOPS175) or cannot be bound, e.g. the port is in use (MLOPS174).</exception>
    public static CatalogWebHost Start(ICatalogStore store, CatalogWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var urls = ServerUrls.Parse(options.Urls);
        // The empty builder reads no appsettings.json, no ASPNETCORE_* variables and logs nothing: the server does
        // exactly what the options say, whatever folder it is started from.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(CatalogWebHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls(urls.Select(u => u.GetLeftPart(UriPartial.Authority)).ToArray());
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        Map(app, store, options);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            var url = string.Join(", ", urls.Select(u => u.GetLeftPart(UriPartial.Authority)));
            ((IDisposable)app).Dispose();
            var inUse = e.InnerException is AddressInUseException
                || e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse };
            throw new MlOpsException(inUse
                    ? $"The catalog server cannot listen on {url}: another process is using that port."
                    : $"The catalog server cannot listen on {url}: {e.InnerException?.Message ?? e.Message}",
                fix: DiagnosticCatalog.CatalogServerAddressInUse.Fix, diagnostic: DiagnosticCatalog.CatalogServerAddressInUse,
                inner: e, inputs: [UserInputs.CatalogServerUrls]);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return new CatalogWebHost(app, bound, urls.Select(ServerUrls.ExposureWarning).OfType<string>().ToList());
    }

    /// <summary>Blocks until the server stops: Ctrl+C or SIGTERM (the host's console lifetime), or <see cref="Dispose"/>.</summary>
    public void WaitForShutdown() => app.WaitForShutdownAsync().GetAwaiter().GetResult();

    /// <summary>Stops the server: requests in flight get five seconds to finish.</summary>
    public void Dispose()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
    }

    private static void Map(WebApplication app, ICatalogStore store, CatalogWebOptions options)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            try
            {
                await next(context);
            }
            catch (MlOpsException e) when (!context.Response.HasStarted)
            {
                // The database went away or is locked: say so (503, try again), never a stack trace or an empty 500.
                var result = context.Request.Path.StartsWithSegments("/api")
                    ? Results.Json(ApiJson.Error(e.Message, e.Fix, e.Diagnostic?.Id), ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Html(UnavailablePage.Render(e.Message), StatusCodes.Status503ServiceUnavailable);
                await result.ExecuteAsync(context);
            }
        });
        app.MapGet(HtmlPage.StylesheetPath, () => Results.Text(Stylesheet.Css, "text/css; charset=utf-8"));
        app.MapGet("/", (string? q) => Html(ModelListPage.Render(store.ListModels(Search(q)), Search(q))));
        app.MapGet("/models/{name}", (string name) =>
        {
            var versions = store.ListVersions(name);
            return versions.Count == 0
                ? Html(NotFoundPage.Render($"The model '{name}'", "/", "All models"), StatusCodes.Status404NotFound)
                : Html(ModelPage.Render(name, versions, store.StageHistory(name)));
        });
        app.MapGet("/models/{name}/{version}", (string name, string version) =>
        {
            var data = VersionPageData.Load(store, name, version);
            if (data is not null)
            {
                return Html(VersionPage.Render(data, options.Trust));
            }
            var modelKnown = store.ListVersions(name).Count > 0;
            return Html(modelKnown
                    ? NotFoundPage.Render($"Version '{version}' of '{name}'", HtmlPage.ModelHref(name), $"All versions of {name}")
                    : NotFoundPage.Render($"The model '{name}'", "/", "All models"),
                StatusCodes.Status404NotFound);
        });
        app.MapGet("/api/models", (string? q) => Results.Json(store.ListModels(Search(q)), ApiJson.Options));
        app.MapGet("/api/models/{name}/{version}", (string name, string version) =>
        {
            var found = store.FindVersion(name, version) is { } v
                ? ApiJson.Version(v, store.Attestations(v.Digest), store.StageHistory(name).Where(c => c.Digest == v.Digest).ToList())
                : null;
            return found is null
                ? Results.Json(ApiJson.Error($"The catalog has no version '{version}' of '{name}'.", "List the versions with GET /api/models."), ApiJson.Options, statusCode: StatusCodes.Status404NotFound)
                : Results.Json(found, ApiJson.Options);
        });
        app.MapPost("/api/register", async (HttpContext context) =>
            WriteEndpoints.Refusal(context, options.Token, options.TokenVariable)
            ?? await WriteEndpoints.RegisterAsync(context, store, options.Uploads));
        app.MapPost("/api/promote", (HttpContext context) => WriteEndpoints.Refusal(context, options.Token, options.TokenVariable) ?? WriteEndpoints.Promote());
        app.MapFallback((HttpContext context) => context.Request.Path.StartsWithSegments("/api")
            ? Results.Json(ApiJson.Error($"No endpoint {context.Request.Method} {context.Request.Path}."), ApiJson.Options, statusCode: StatusCodes.Status404NotFound)
            : Html(NotFoundPage.Render("That page", "/", "All models"), StatusCodes.Status404NotFound));
    }

    private static string? Search(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim();

    private static IResult Html(string page, int status = StatusCodes.Status200OK) =>
        Results.Content(page, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
