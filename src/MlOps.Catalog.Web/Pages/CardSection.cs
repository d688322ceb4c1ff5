using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static MlOps.Catalog.Web.Pages.HtmlPage;

namespace MlOps.Catalog.Web.Pages;

/// <summary>
/// The card as the version page shows it, from the stored structured card (card/model-card.json, mlops.card/v1). The
/// Governance card renderers need the whole artefact (model, members, evidence files), which the catalog does not
/// keep, so this renders the stored JSON's own fields: the author's sections, the risk, the model's signature and
/// the evidence list. Fields it does not know are left out rather than guessed at.
/// </summary>
internal static class CardSection
{
    private static readonly (string Field, string Heading)[] AuthorSections =
    [
        ("description", "Description"), ("intendedUse", "Intended use"), ("outOfScopeUse", "Out-of-scope use"),
        ("limitations", "Limitations"), ("ethicalConsiderations", "Ethical considerations"),
        ("humanOversight", "Human oversight"), ("notes", "Notes"),
    ];

    /// <summary>Appends the card section for <paramref name="cardJson"/> titled <paramref name="title"/>.</summary>
    public static void Append(StringBuilder html, string title, string cardJson)
    {
        html.Append("<h2 id=\"card\">Card</h2>\n<h3 class=\"card-title\">").Append(E(title)).Append("</h3>\n");
        JsonObject? card;
        try
        {
            card = JsonNode.Parse(cardJson) as JsonObject;
        }
        catch (JsonException)
        {
            card = null;
        }
        if (card is null)
        {
            html.Append("<p class=\"muted\">The stored card is not a JSON object; register the artefact again to store its card.</p>\n");
            return;
        }
        html.Append("<dl class=\"facts\">");
        Fact(html, "Owners", List(card["owners"]));
        Fact(html, "Licence", Text(card["licence"]));
        Fact(html, "Label", Text(card["label"]));
        Fact(html, "Sensitive features", List(card["sensitiveFeatures"]));
        if (card["risk"] is JsonObject risk)
        {
            Fact(html, "Risk", $"probability {Text(risk["probability"]) ?? "?"}, severity {Text(risk["severity"]) ?? "?"}: " +
                $"level {Text(risk["level"]) ?? "?"} (EU AI Act: {Text(risk["euAiActCategory"]) ?? "?"})");
        }
        if (card["model"] is JsonObject model)
        {
            Fact(html, "Model format", Text(model["format"]));
            Fact(html, "Inputs", Signature(model["inputs"]));
            Fact(html, "Outputs", Signature(model["outputs"]));
        }
        html.Append("</dl>\n");
        foreach (var (field, heading) in AuthorSections)
        {
            if (Text(card[field]) is { Length: > 0 } text)
            {
                html.Append("<h3>").Append(heading).Append("</h3>\n<p class=\"prose\">").Append(E(text.TrimEnd('\n'))).Append("</p>\n");
            }
        }
        if (card["evidence"] is JsonArray { Count: > 0 } evidence)
        {
            html.Append("<h3>Evidence in the artefact</h3>\n<table class=\"evidence\">\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Verdict</th>")
                .Append("<th scope=\"col\">File</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n");
            foreach (var e in evidence.OfType<JsonObject>())
            {
                var verdict = Text(e["verdict"]);
                html.Append("<tr><td>").Append(E(Text(e["kind"]))).Append("</td><td class=\"verdict-").Append(E(verdict)).Append("\">")
                    .Append(E(verdict)).Append("</td><td><code>").Append(E(Text(e["path"]))).Append("</code></td><td>")
                    .Append(ShortDigest(Text(e["sha256"]) ?? "")).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
    }

    private static void Fact(StringBuilder html, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append("<dt>").Append(name).Append("</dt><dd>").Append(E(value)).Append("</dd>");
        }
    }

    private static string? List(JsonNode? node) =>
        node is JsonArray a ? string.Join(", ", a.Select(Text).OfType<string>()) : Text(node);

    private static string? Signature(JsonNode? node) =>
        node is JsonArray a ? string.Join(", ", a.OfType<JsonObject>().Select(s => Text(s["name"])).OfType<string>()) : null;

    private static string? Text(JsonNode? node) => node is JsonValue v ? v.ToString() : null;
}
