namespace MlOps.Governance.Yaml;

/// <summary>
/// Where a YAML syntax error is. YamlDotNet's scanner ends the stream with an implicit line break, so an error it
/// finds at the end of the text (an unclosed '[' or quote on the last line) is reported on the line after the last
/// one: one line too far, and in a card's front matter that is the closing '---'. Such a line is moved back to the
/// last line that has text.
/// </summary>
internal static class YamlErrorLine
{
    /// <summary>The 1-based line of <paramref name="text"/> to report for an error YamlDotNet reports at <paramref name="reported"/>.</summary>
    public static long Of(long reported, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var last = lines.Length;
        while (last > 1 && lines[last - 1].Trim().Length == 0)
        {
            last--;
        }
        return Math.Min(reported, last);
    }
}
