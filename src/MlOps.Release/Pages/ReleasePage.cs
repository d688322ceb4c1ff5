using System.Text;
using MlOps.IO;
using MlOps.Release.Releasing;
using MlOps.Serialization;

namespace MlOps.Release.Pages;

/// <summary>The three files of a release page.</summary>
/// <param name="Html">release.html.</param>
/// <param name="Markdown">release.md.</param>
/// <param name="Json">release.json.</param>
public sealed record ReleasePageFiles(string Html, string Markdown, string Json);

/// <summary>
/// The release page (<c>mlops release</c>, docs/attestations.md "Release page"): release.html, release.md and
/// release.json, each starting with the decision (released or blocked, and every unmet requirement), then the
/// signatures and who holds the keys, the approvals, the provenance, the trust file's digest, and the card as sealed in
/// the artefact. The same verdict always gives the same bytes: its time is the only time on the page, and the
/// artefact, policy and trust file are named by file name, never by path.
/// </summary>
public static class ReleasePage
{
    /// <summary>The HTML page's file name.</summary>
    public const string HtmlFileName = "release.html";

    /// <summary>The Markdown page's file name.</summary>
    public const string MarkdownFileName = "release.md";

    /// <summary>The JSON file's name.</summary>
    public const string JsonFileName = "release.json";

    /// <summary>Writes the page into <paramref name="outFolder"/> (created when missing), each file atomically.</summary>
    /// <param name="outFolder">The folder of the three files.</param>
    /// <param name="verdict">The release decision.</param>
    /// <param name="releaseRecordSha256">The SHA-256 of the release record's bundle line, when the artefact was released and the record appended.</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="MlOpsException">The artefact's card cannot be read, or a file cannot be written.</exception>
    /// <exception cref="ArgumentException">A release record is given for a blocked verdict.</exception>
    public static ReleasePageFiles Write(string outFolder, ReleaseVerdict verdict, string? releaseRecordSha256)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var facts = new ReleaseFacts(verdict, releaseRecordSha256, SealedCard.Read(verdict.ArtefactPath));
        var files = new ReleasePageFiles(
            Path.Combine(outFolder, HtmlFileName), Path.Combine(outFolder, MarkdownFileName), Path.Combine(outFolder, JsonFileName));
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        // JSON last: a script that waits for release.json finds the pages beside it.
        AtomicFile.Write(files.Html, utf8.GetBytes(ReleasePageHtml.Render(facts)), createFolder: true);
        AtomicFile.Write(files.Markdown, utf8.GetBytes(ReleasePageMarkdown.Render(facts)), createFolder: true);
        AtomicFile.Write(files.Json, CanonicalJson.Indented(ReleasePageJson.Build(facts)), createFolder: true);
        return files;
    }
}
