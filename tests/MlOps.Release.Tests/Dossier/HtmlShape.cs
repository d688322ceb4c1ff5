using System.Text.RegularExpressions;

namespace MlOps.Release.Tests.Dossier;

/// <summary>
/// A cheap well-formedness check for generated HTML: every non-void element is closed, in order, and nothing is
/// left open at the end. (The page is HTML, not XML: void elements such as meta and br are not self-closed.)
/// </summary>
internal static partial class HtmlShape
{
    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "meta", "br", "hr", "img", "input", "link", "col", "wbr", "source" };

    public static void AssertBalanced(string html)
    {
        var body = StyleBlock().Replace(html, "");
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(body))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (tag.Groups["close"].Success)
            {
                Assert.True(open.Count > 0 && open.Peek() == name, $"</{name}> closes {(open.Count > 0 ? "<" + open.Peek() + ">" : "nothing")} at {tag.Index}");
                open.Pop();
            }
            else if (!Void.Contains(name) && !tag.Value.EndsWith("/>", StringComparison.Ordinal))
            {
                open.Push(name);
            }
        }
        Assert.Empty(open);
    }

    [GeneratedRegex("<style>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9]*)\\b[^>]*>")]
    private static partial Regex Tag();
}
