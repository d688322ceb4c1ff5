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
