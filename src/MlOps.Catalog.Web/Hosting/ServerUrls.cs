using System.Net;
using MlOps.Diagnostics;

namespace MlOps.Catalog.Web.Hosting;

/// <summary>The URLs the server listens on, checked before binding: http only, a host and a port, and whether each is loopback.</summary>
public static class ServerUrls
{
    /// <summary>The default: this machine only.</summary>
    public const string Default = "http://127.0.0.1:5080";

    /// <summary>Splits and checks <paramref name="urls"/> (separated by ';' or ',').</summary>
    /// <exception cref="MlOpsException">A URL is not http://host:port (MLOPS175).</exception>
    public static IReadOnlyList<Uri> Parse(string urls)
    {
        var parts = urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw Invalid(urls, "it is empty");
        }
        var result = new List<Uri>();
        foreach (var part in parts)
        {
            // Kestrel's wildcards (http://*:5080, http://+:5080) are not valid URI hosts: read them as "every address".
            var text = part.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw Invalid(part, "it is not an http URL");
            }
            if (uri.Scheme == "https")
            {
                throw Invalid(part, "the server speaks plain http (it has no certificate); put a TLS-terminating reverse proxy in front of it for https");
            }
            if (!part.Contains($":{uri.Port}", StringComparison.Ordinal))
            {
                throw Invalid(part, "it names no port");
            }
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                throw Invalid(part, "it has a path; the catalog is served at the root");
            }
            result.Add(uri);
        }
        return result;
    }

    /// <summary>Whether <paramref name="url"/> is reachable from this machine only (localhost, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The warning printed for a URL that others can reach, or null for loopback.</summary>
    public static string? ExposureWarning(Uri url) => IsLoopback(url) ? null :
        $"warning: {url.GetLeftPart(UriPartial.Authority)} is not a loopback address: the catalog's pages (models, cards, approvals, usage) are readable by anyone who can reach it.";

    private static MlOpsException Invalid(string url, string why) =>
        new($"The catalog server's URL '{url}' cannot be served: {why}.", fix: DiagnosticCatalog.InvalidCatalogServerUrl.Fix,
            diagnostic: DiagnosticCatalog.InvalidCatalogServerUrl, inputs: [UserInputs.CatalogServerUrls]);
}
