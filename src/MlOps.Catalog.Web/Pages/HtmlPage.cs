using System.Globalization;
using System.Text;
using MlOps.Catalog.Store;
using MlOps.Governance.Cards;

namespace MlOps.Catalog.Web.Pages;

/// <summary>
/// The frame every catalog page shares (document head, the link to the stylesheet, the header and the footer) and the
/// few HTML helpers the pages use. Every string that comes from the catalog goes through <see cref="E"/>: a card's
/// title or a model name is text, never markup.
/// </summary>
internal static class HtmlPage
{
    /// <summary>Where the stylesheet is served (the one CSS file; no inline styles, so the CSP can forbid them).</summary>
    public const string StylesheetPath = "/catalog.css";

    /// <summary>Escapes text for element content and attribute values.</summary>
    public static string E(string? text) => Html.Escape(text);

    /// <summary>A path segment of a link (model names and versions are escaped for the URL, then for the attribute).</summary>
    public static string Segment(string text) => Uri.EscapeDataString(text);

    /// <summary>The link to a model's page.</summary>
    public static string ModelHref(string model) => $"/models/{Segment(model)}";

    /// <summary>The link to a version's page.</summary>
    public static string VersionHref(string model, string version) => $"/models/{Segment(model)}/{Segment(version)}";

    /// <summary>Opens the document: head, header and the start of the main region.</summary>
    public static void Begin(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · MlOps catalog</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(StylesheetPath).Append("\">\n</head>\n<body>\n")
            .Append("<header class=\"site\"><a href=\"/\">MlOps model catalog</a></header>\n<main>\n");
    }

    /// <summary>Closes the main region and the document.</summary>
    public static void End(StringBuilder html) =>
        html.Append("</main>\n<footer class=\"site\">Read-only pages of the model catalog. ")
            .Append("Writes go through <code>mlops catalog</code> or the token-protected API.</footer>\n</body>\n</html>\n");

    /// <summary>A stage badge: production and staging stand out, candidate and archived are quiet.</summary>
    public static string Badge(Stage stage) => $"<span class=\"badge {Word(stage)}\">{Word(stage)}</span>";

    /// <summary>The stage as the catalog's users write it.</summary>
    public static string Word(Stage stage) => stage.Word();

    /// <summary>A time as the catalog shows it (UTC, to the second).</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A digest shortened for tables; the full value is in the title attribute.</summary>
    public static string ShortDigest(string digest)
    {
        var hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
        return $"<code title=\"{E(digest)}\">{E(hex.Length > 12 ? hex[..12] : hex)}</code>";
    }
}
