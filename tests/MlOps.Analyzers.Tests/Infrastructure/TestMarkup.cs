using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source with expected-diagnostic spans: <c>[|text|]</c> (the rule under test) or
/// <c>{|MLOPS00x:text|}</c> (a named rule). Spans do not nest.
/// </summary>
internal sealed record TestMarkup(string Source, IReadOnlyList<(string? Id, TextSpan Span)> Spans)
{
    public static TestMarkup Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var spans = new List<(string?, TextSpan)>();
        var open = -1;
        string? openId = null;
        for (var i = 0; i < markup.Length; i++)
        {
            if (Starts(markup, i, "[|"))
            {
                (open, openId) = (source.Length, null);
                i++;
            }
            else if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|' && markup.IndexOf(':', i) is var colon and > 0)
            {
                (open, openId) = (source.Length, markup.Substring(i + 2, colon - i - 2));
                i = colon;
            }
            else if (open >= 0 && (Starts(markup, i, "|]") || Starts(markup, i, "|}")))
            {
                spans.Add((openId, TextSpan.FromBounds(open, source.Length)));
                open = -1;
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        if (open >= 0)
        {
            throw new ArgumentException("Unclosed [| or {| in test markup.");
        }

        return new TestMarkup(source.ToString(), spans);
    }

    private static bool Starts(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
