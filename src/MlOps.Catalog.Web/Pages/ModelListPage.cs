using System.Text;
using MlOps.Catalog.Store;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>`/`: every model with its latest version and who holds production and staging, and a search box (a GET form, no script).</summary>
internal static class ModelListPage
{
    /// <summary>The page for <paramref name="models"/>, found with <paramref name="search"/> (null or empty: all).</summary>
    public static string Render(IReadOnlyList<ModelSummary> models, string? search)
    {
        // About 400 bytes a row: one allocation up front instead of doubling through a thousand rows.
        var html = new StringBuilder(4096 + models.Count * 400);
        Begin(html, "Models");
        html.Append("<h1>Models</h1>\n")
            .Append("<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">")
            .Append("<label for=\"q\">Search models</label>")
            .Append("<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"name, title or version\" value=\"").Append(E(search)).Append("\">")
            .Append("<button type=\"submit\">Search</button>");
        if (!string.IsNullOrEmpty(search))
        {
            html.Append(" <a href=\"/\">Show all</a>");
        }
        html.Append("</form>\n");
        if (models.Count == 0)
        {
            html.Append(string.IsNullOrEmpty(search)
                ? "<p>The catalog has no models yet. Register one with <code>mlops catalog register &lt;artefact.mlpkg&gt;</code>.</p>\n"
                : $"<p>No model matches <strong>{E(search)}</strong>.</p>\n");
            End(html);
            return html.ToString();
        }
        html.Append("<p class=\"muted\">").Append(Number(models.Count)).Append(models.Count == 1 ? " model" : " models")
            .Append(string.IsNullOrEmpty(search) ? "" : $" matching <strong>{E(search)}</strong>").Append(".</p>\n")
            .Append("<table class=\"models\">\n<caption class=\"muted\">Models by name</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">Model</th><th scope=\"col\">Title</th><th scope=\"col\">Latest version</th>")
            .Append("<th scope=\"col\">Production</th><th scope=\"col\">Staging</th><th scope=\"col\" class=\"number\">Versions</th>")
            .Append("<th scope=\"col\">Last registered</th></tr></thead>\n<tbody>\n");
        foreach (var m in models)
        {
            html.Append("<tr><th scope=\"row\"><a href=\"").Append(E(ModelHref(m.Name))).Append("\">").Append(E(m.Name)).Append("</a></th>")
                .Append("<td>").Append(E(m.Title)).Append("</td>")
                .Append("<td><a href=\"").Append(E(VersionHref(m.Name, m.LatestVersion))).Append("\">").Append(E(m.LatestVersion)).Append("</a></td>");
            AppendStageCell(html, m.Name, m.ProductionVersion, Stage.Production);
            AppendStageCell(html, m.Name, m.StagingVersion, Stage.Staging);
            html.Append("<td class=\"number\">").Append(Number(m.Versions)).Append("</td>")
                .Append("<td>").Append(Time(m.LastRegisteredAt)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        End(html);
        return html.ToString();
    }

    private static void AppendStageCell(StringBuilder html, string model, string? version, Stage stage)
    {
        if (version is null)
        {
            html.Append("<td><span class=\"muted\">none</span></td>");
            return;
        }
        html.Append("<td>").Append(Badge(stage)).Append(" <a href=\"").Append(E(VersionHref(model, version))).Append("\">")
            .Append(E(version)).Append("</a></td>");
    }
}
