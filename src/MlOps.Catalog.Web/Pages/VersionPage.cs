using System.Text;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Catalog.Store;
using MlOps.Catalog.Views;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>Everything the version page shows, read from the store in one go (so the page renders without the store).</summary>
internal sealed record VersionPageData(
    VersionRecord Version,
    IReadOnlyList<StageChange> History,
    IReadOnlyList<StoredAttestation> Attestations,
    IReadOnlyList<MonitoringRecord> Monitoring,
    IReadOnlyList<UsageCount> Usage)
{
    /// <summary>Reads the page's data for <paramref name="model"/> <paramref name="version"/>, or null when the catalog has no such version.</summary>
    public static VersionPageData? Load(ICatalogStore store, string model, string version)
    {
        if (store.FindVersion(model, version) is not { } v)
        {
            return null;
        }
        return new VersionPageData(v, store.StageHistory(model).Where(c => c.Digest == v.Digest).ToList(),
            store.Attestations(v.Digest), store.Monitoring(v.Digest), store.Usage(model).Where(u => u.Digest == v.Digest).ToList());
    }
}

/// <summary>
/// `/models/{name}/{version}`: the decision first (stage, risk, the gate's verdict and what it found missing, the
/// approvals), then the card, the lineage, usage, drift history, the stage history and the attestations.
/// </summary>
internal static class VersionPage
{
    /// <summary>The page for <paramref name="data"/>.</summary>
    /// <param name="data">What the page shows.</param>
    /// <param name="trust">The trust file approvals are judged under, or null to show them as recorded.</param>
    public static string Render(VersionPageData data, TrustFile? trust = null)
    {
        var v = data.Version;
        var html = new StringBuilder(16384);
        Begin(html, $"{v.Model} {v.Version}");
        html.Append("<p><a href=\"").Append(E(ModelHref(v.Model))).Append("\">← ").Append(E(v.Model)).Append("</a></p>\n")
            .Append("<h1>").Append(E(v.Model)).Append(' ').Append(E(v.Version)).Append(' ').Append(Badge(v.Stage)).Append("</h1>\n");
        AppendDecision(html, v, StoredApproval.Read(v, data.Attestations, trust), trust is not null);
        CardSection.Append(html, v.Title, v.CardJson);
        AppendLineage(html, v);
        UsageChart.Append(html, UsageChart.CallsPerDay(data.Usage, v.Digest));
        DriftChart.Append(html, data.Monitoring);
        ModelPage.AppendHistory(html, data.History);
        AppendAttestations(html, data.Attestations);
        End(html);
        return html.ToString();
    }

    private static void AppendDecision(StringBuilder html, VersionRecord v, IReadOnlyList<StoredApproval> approvals, bool judged)
    {
        var evidence = EvidenceSummary.Read(v.EvidenceJson);
        html.Append("<section class=\"decision\" aria-labelledby=\"decision\">\n<h2 id=\"decision\">Decision summary</h2>\n<dl class=\"facts\">")
            .Append("<dt>Stage</dt><dd>").Append(Badge(v.Stage)).Append("</dd>")
            .Append("<dt>Risk level</dt><dd>").Append(E(v.RiskLevel)).Append("</dd>")
            .Append("<dt>EU AI Act category</dt><dd>").Append(E(v.EuAiActCategory)).Append("</dd>")
            .Append("<dt>Gate</dt><dd class=\"gate\">");
        if (!evidence.Readable)
        {
            html.Append("<span class=\"muted\">the stored evidence summary is not JSON</span>");
        }
        else if (evidence.GateVerdict is null)
        {
            html.Append("<span class=\"muted\">not run (no gate evidence)</span>");
        }
        else
        {
            html.Append("<span class=\"verdict-").Append(E(evidence.GateVerdict)).Append("\">").Append(E(evidence.GateVerdict)).Append("</span>");
            if (evidence.Total > 0)
            {
                html.Append(": ").Append(Number(evidence.Met)).Append(" of ").Append(Number(evidence.Total)).Append(" requirements met");
            }
        }
        html.Append("</dd>");
        if (evidence.Evidence.Count > 0)
        {
            html.Append("<dt>Evidence</dt><dd>")
                .Append(E(string.Join(", ", evidence.Evidence.Select(e => e.Verdict is null ? e.Kind : $"{e.Kind} ({e.Verdict})")))).Append("</dd>");
        }
        html.Append("</dl>\n");
        if (evidence.Unmet.Count > 0)
        {
            html.Append("<h3>Unmet requirements</h3>\n<ul class=\"unmet\">\n");
            foreach (var u in evidence.Unmet)
            {
                html.Append("<li>").Append(E(u)).Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("<h3>Approvals</h3>\n");
        if (approvals.Count == 0)
        {
            html.Append("<p class=\"muted\">No approvals recorded.</p>\n");
        }
        else
        {
            html.Append("<table class=\"approvals\">\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">Decision</th><th scope=\"col\">When</th>")
                .Append("<th scope=\"col\">Signer</th><th scope=\"col\">Counts</th><th scope=\"col\">Comment</th></tr></thead>\n<tbody>\n");
            foreach (var a in approvals)
            {
                html.Append("<tr><td>").Append(E(a.Role)).Append("</td><td>").Append(E(a.Decision))
                    .Append(a.Expires is { } x ? $" <span class=\"muted\">(until {Time(x)})</span>" : "").Append("</td>")
                    .Append("<td>").Append(Time(a.Time)).Append("</td><td>").Append(E(a.Signer)).Append("</td>")
                    .Append("<td class=\"status-").Append(E(a.Status.Replace(' ', '-'))).Append("\">").Append(E(a.Status)).Append("</td>")
                    .Append("<td>").Append(E(a.Comment)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n").Append(judged
                ? "<p class=\"muted\">Judged under the server's trust file; the gate judges them again at promotion.</p>\n"
                : "<p class=\"muted\">As recorded (serve with a trust file to see who signed and whether each counts); the gate judges each signer against the trust file at promotion.</p>\n");
        }
        html.Append("</section>\n");
    }

    private static void AppendLineage(StringBuilder html, VersionRecord v)
    {
        html.Append("<h2 id=\"lineage\">Lineage</h2>\n<dl class=\"facts\">")
            .Append("<dt>Commit</dt><dd><code>").Append(E(v.Commit ?? "not recorded")).Append("</code></dd>")
            .Append("<dt>Repository</dt><dd>").Append(E(v.RepositoryUrl ?? "not recorded")).Append("</dd>")
            .Append("<dt>Artefact digest</dt><dd><code>").Append(E(v.Digest)).Append("</code></dd>")
            .Append("<dt>File SHA-256</dt><dd><code>").Append(E(v.FileSha256)).Append("</code></dd>")
            .Append("<dt>Size</dt><dd>").Append(Number(v.Size)).Append(" bytes</dd>")
            .Append("<dt>Location</dt><dd>").Append(E(v.Location ?? "not recorded")).Append("</dd>")
            .Append("<dt>Registered</dt><dd>").Append(Time(v.RegisteredAt)).Append(" by ").Append(E(v.RegisteredBy)).Append("</dd>")
            .Append("</dl>\n");
    }

    private static void AppendAttestations(StringBuilder html, IReadOnlyList<StoredAttestation> attestations)
    {
        html.Append("<h2 id=\"attestations\">Attestations</h2>\n");
        if (attestations.Count == 0)
        {
            html.Append("<p class=\"muted\">No attestations stored.</p>\n");
            return;
        }
        html.Append("<table class=\"attestations\">\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Predicate type</th>")
            .Append("<th scope=\"col\">Key</th><th scope=\"col\">Line SHA-256</th></tr></thead>\n<tbody>\n");
        foreach (var a in attestations)
        {
            html.Append("<tr><td>").Append(E(a.PredicateType.Length == 0 ? "unreadable" : PredicateTypes.Word(a.PredicateType))).Append("</td>")
                .Append("<td><code>").Append(E(a.PredicateType)).Append("</code></td><td><code>").Append(E(a.KeyId ?? "unsigned")).Append("</code></td>")
                .Append("<td>").Append(ShortDigest(a.Sha256)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }
}
