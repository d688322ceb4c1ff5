using System.Net;

namespace MlOps.Governance.Cards;

/// <summary>HTML escaping for the card renderers (and the evidence renderers that plug into them).</summary>
public static class Html
{
    /// <summary>Escapes text for element content and attribute values.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");
}
