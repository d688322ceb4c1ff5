using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MlOps.Governance.Cards;

/// <summary>
/// The author's Markdown as safe, self-contained HTML: raw HTML is escaped (no scripts can come in) and
/// images become links (no external resources are fetched when the card is opened).
/// </summary>
public static class ProseRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>HTML for <paramref name="markdown"/>.</summary>
    /// <param name="markdown">The author's Markdown.</param>
    /// <param name="headingOffset">Levels added to every heading (at most h6), so prose nested under a document's own
    /// h2 and h3 cannot outrank them; 0 in the card.</param>
    public static string ToHtml(string markdown, int headingOffset = 0)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
        }
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + headingOffset);
        }
        using var writer = new StringWriter { NewLine = "\n" };
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
