using System.Text;
using MlOps.Catalog.Store;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>`/models/{name}`: a model's versions with their stages, and its stage history (who moved what, when, why).</summary>
internal static class ModelPage
{
    /// <summary>The page of <paramref name="model"/> (<paramref name="versions"/> newest first, <paramref name="history"/> oldest first).</summary>
    public static string Render(string model, IReadOnlyList<VersionRecord> versions, IReadOnlyList<StageChange> history)
    {
        var html = new StringBuilder(4096 + versions.Count * 400 + history.Count * 300);
        Begin(html, model);
        html.Append("<h1>").Append(E(model)).Append("</h1>\n");
        if (versions.Count > 0)
        {
            html.Append("<p>").Append(E(versions[0].Title)).Append("</p>\n");
        }
        html.Append("<h2 id=\"versions\">Versions</h2>\n<table class=\"versions\">\n<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Stage</th>")
            .Append("<th scope=\"col\">Risk level</th><th scope=\"col\">Registered</th><th scope=\"col\">By</th><th scope=\"col\">Digest</th></tr></thead>\n<tbody>\n");
        foreach (var v in versions)
        {
            html.Append("<tr><th scope=\"row\"><a href=\"").Append(E(VersionHref(v.Model, v.Version))).Append("\">").Append(E(v.Version)).Append("</a></th>")
                .Append("<td>").Append(Badge(v.Stage)).Append("</td><td>").Append(E(v.RiskLevel)).Append("</td>")
                .Append("<td>").Append(Time(v.RegisteredAt)).Append("</td><td>").Append(E(v.RegisteredBy)).Append("</td>")
                .Append("<td>").Append(ShortDigest(v.Digest)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        AppendHistory(html, history);
        End(html);
        return html.ToString();
    }

    /// <summary>The stage-history table (shared with the version page, which shows one version's rows).</summary>
    public static void AppendHistory(StringBuilder html, IReadOnlyList<StageChange> history)
    {
        html.Append("<h2 id=\"stage-history\">Stage history</h2>\n");
        if (history.Count == 0)
        {
            html.Append("<p class=\"muted\">No stage changes yet: every version is a candidate until promoted.</p>\n");
            return;
        }
        html.Append("<table class=\"stage-history\">\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Version</th><th scope=\"col\">From</th>")
            .Append("<th scope=\"col\">To</th><th scope=\"col\">By</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
        foreach (var c in history)
        {
            html.Append("<tr><td>").Append(Time(c.At)).Append("</td>")
                .Append("<td><a href=\"").Append(E(VersionHref(c.Model, c.Version))).Append("\">").Append(E(c.Version)).Append("</a></td>")
                .Append("<td>").Append(c.From is { } from ? Badge(from) : "<span class=\"muted\">registered</span>").Append("</td>")
                .Append("<td>").Append(Badge(c.To)).Append("</td><td>").Append(E(c.Actor)).Append("</td>")
                .Append("<td>").Append(E(c.Reason)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }
}
