namespace MlOps.Catalog.Web.Pages;

/// <summary>The catalog's one stylesheet: readable type, clear tables, stage badges with enough contrast (WCAG AA).</summary>
internal static class Stylesheet
{
    /// <summary>The CSS text.</summary>
    public const string Css = """
        :root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; --link: #0550ae; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
        header.site, footer.site { padding: .75rem 1.5rem; background: var(--bg-alt); border-bottom: 1px solid var(--line); }
        footer.site { border-top: 1px solid var(--line); border-bottom: 0; color: var(--muted); font-size: .875rem; margin-top: 2rem; }
        header.site a { font-weight: 600; color: var(--fg); text-decoration: none; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; }
        a { color: var(--link); }
        h1 { font-size: 1.75rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--bg-alt); font-weight: 600; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .875em; overflow-wrap: anywhere; }
        .badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid transparent; }
        .badge.production { background: #dafbe1; color: #116329; border-color: #4ac26b; }
        .badge.staging { background: #fff8c5; color: #7d4e00; border-color: #d4a72c; }
        .badge.candidate { background: #ddf4ff; color: #0550ae; border-color: #54aeff; }
        .badge.archived { background: #eaeef2; color: #57606a; border-color: #afb8c1; }
        .verdict-passed { color: #116329; font-weight: 600; }
        .verdict-failed, .drifted { color: #a40e26; font-weight: 600; }
        form.search { display: flex; gap: .5rem; align-items: center; margin: 0 0 1rem; }
        form.search input { flex: 1; max-width: 24rem; padding: .35rem .5rem; font: inherit; border: 1px solid var(--muted); border-radius: .25rem; }
        form.search button { padding: .35rem .9rem; font: inherit; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
        dl.facts dt { font-weight: 600; color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        section.decision { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem 1rem; background: var(--bg-alt); }
        .prose { white-space: pre-wrap; }
        .muted { color: var(--muted); }
        svg.chart { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
        svg.chart .axis { stroke: #57606a; stroke-width: 1; }
        svg.chart text { font-size: 11px; fill: #57606a; }
        svg.chart rect.bar { fill: #0969da; }
        svg.chart circle.check { fill: #2da44e; }
        svg.chart circle.check.drifted { fill: #cf222e; }
        """;
}
