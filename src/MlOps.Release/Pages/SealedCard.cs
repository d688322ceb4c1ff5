using System.Text;
using System.Text.RegularExpressions;
using MlOps.Governance.Artefacts;

namespace MlOps.Release.Pages;

/// <summary>
/// The card as sealed in the artefact (card/model-card.html and card/model-card.md, each checked against the
/// manifest when read), prepared for embedding in the release page: the HTML card's content and stylesheet, and both
/// forms with every heading one level down, so that the card's title becomes one section of the release page and the
/// decision stays the page's only top-level heading. The card is embedded as packaged, never re-rendered: it is what
/// the approvers approved (their approvals name its digest).
/// </summary>
/// <param name="HtmlContent">The HTML card's content (inside its &lt;main&gt;), headings demoted; null when the artefact has no HTML card.</param>
/// <param name="HtmlStyle">The HTML card's own stylesheet; null when it has none.</param>
/// <param name="Markdown">The Markdown card, headings demoted; null when the artefact has no Markdown card.</param>
internal sealed partial record SealedCard(string? HtmlContent, string? HtmlStyle, string? Markdown)
{
    /// <summary>Reads the card members of the artefact at <paramref name="artefactPath"/>.</summary>
    /// <exception cref="MlOpsException">The artefact cannot be read, or a card member differs from the manifest.</exception>
    public static SealedCard Read(string artefactPath)
    {
        using var package = MlPackageReader.Open(artefactPath);
        string? html = package.Manifest.Member(ArtefactPaths.CardHtml) is null ? null : package.ReadCardHtml();
        string? markdown = package.Manifest.Member(ArtefactPaths.CardMarkdown) is null ? null : package.ReadCardMarkdown();
        return new SealedCard(
            html is null ? null : Content(html) is { } content ? DemoteHtml(content) : null,
            html is null ? null : Between(html, "<style>", "</style>"),
            markdown is null ? null : DemoteMarkdown(markdown));
    }

    /// <summary>Every &lt;h1&gt;..&lt;h5&gt; one level down (h6 stays h6).</summary>
    internal static string DemoteHtml(string html) =>
        HeadingTag().Replace(html, m => $"<{m.Groups[1].Value}h{Math.Min(6, m.Groups[2].Value[0] - '0' + 1)}");

    /// <summary>Every ATX heading outside a code fence one level down (a level-6 heading stays at 6).</summary>
    internal static string DemoteMarkdown(string markdown)
    {
        var result = new StringBuilder(markdown.Length + 64);
        string? fence = null;
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.TrimStart(' ');
            var indent = line.Length - trimmed.Length;
            if (indent <= 3 && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                var marker = trimmed[..3];
                fence = fence is null ? marker : fence == marker ? null : fence;
            }
            else if (fence is null && indent <= 3 && AtxHeading().IsMatch(trimmed) && !trimmed.StartsWith("######", StringComparison.Ordinal))
            {
                result.Append(line, 0, indent).Append('#').Append(trimmed).Append('\n');
                continue;
            }
            result.Append(line).Append('\n');
        }
        // Split leaves one empty piece after a final line break; keep the text's own ending.
        result.Length -= 1;
        return result.ToString();
    }

    // The card's content: inside <main> (where CardHtmlRenderer puts it), else inside <body>.
    private static string? Content(string html) => Between(html, "<main>", "</main>") ?? Between(html, "<body>", "</body>");

    private static string? Between(string text, string open, string close)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal);
        var end = text.LastIndexOf(close, StringComparison.Ordinal);
        return start < 0 || end < start + open.Length ? null : text[(start + open.Length)..end].Trim('\n');
    }

    // The card renderers write headings as bare tags; the text between them is escaped, so a '<h2' in it is markup.
    [GeneratedRegex("<(/?)h([1-5])(?=[\\s>])", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingTag();

    [GeneratedRegex("^#{1,6}(?:[ \\t]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex AtxHeading();
}
