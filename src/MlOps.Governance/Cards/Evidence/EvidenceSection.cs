namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// A rendered evidence section: the same content as Markdown and as an HTML fragment. The card adds the
/// heading (kind, verdict, member digest) itself; a renderer writes only the body.
/// </summary>
/// <param name="Markdown">Markdown body (no top-level heading; use ####-level headings at most).</param>
/// <param name="Html">HTML body fragment: escaped text, inline SVG allowed, no scripts, no external resources.</param>
public sealed record EvidenceSection(string Markdown, string Html);
