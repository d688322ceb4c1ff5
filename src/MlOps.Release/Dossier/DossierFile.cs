using System.Text;
using MlOps.IO;

namespace MlOps.Release.Dossier;

/// <summary>Writes a dossier to a file, atomically: Markdown for a .md path, HTML otherwise.</summary>
public static class DossierFile
{
    /// <summary>Whether <paramref name="path"/> gets the Markdown rendering (.md or .markdown).</summary>
    public static bool IsMarkdown(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".md" or ".markdown";

    /// <summary>Renders <paramref name="dossier"/> in the form the extension names and writes it (UTF-8, no BOM).</summary>
    public static void Write(string path, TechnicalDossier dossier)
    {
        var text = IsMarkdown(path) ? DossierMarkdownRenderer.Render(dossier) : DossierHtmlRenderer.Render(dossier);
        AtomicFile.Write(path, new UTF8Encoding(false).GetBytes(text));
    }
}
