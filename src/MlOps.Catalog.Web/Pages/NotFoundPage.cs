using System.Text;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>The 404 page: what was not found, and a way back.</summary>
internal static class NotFoundPage
{
    /// <summary>The page saying <paramref name="what"/> is not in the catalog, linking back to <paramref name="backHref"/>.</summary>
    public static string Render(string what, string backHref, string backText)
    {
        var html = new StringBuilder(1024);
        Begin(html, "Not found");
        html.Append("<h1>Not found</h1>\n<p>").Append(E(what)).Append(" is not in the catalog.</p>\n")
            .Append("<p><a href=\"").Append(E(backHref)).Append("\">").Append(E(backText)).Append("</a></p>\n");
        End(html);
        return html.ToString();
    }
}

/// <summary>The 503 page: the catalog's database could not be read for this request.</summary>
internal static class UnavailablePage
{
    /// <summary>The page carrying the store's <paramref name="message"/> (which never holds a password).</summary>
    public static string Render(string message)
    {
        var html = new StringBuilder(1024);
        Begin(html, "Catalog unavailable");
        html.Append("<h1>The catalog cannot be read right now</h1>\n<p>").Append(E(message)).Append("</p>\n")
            .Append("<p>Try again in a moment. <a href=\"/\">All models</a></p>\n");
        End(html);
        return html.ToString();
    }
}
