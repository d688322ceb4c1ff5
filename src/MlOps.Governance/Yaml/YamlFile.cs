using MlOps.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlOps.Governance.Yaml;

/// <summary>Loads the YAML option files (thresholds, gate policy) with the same user-facing errors.</summary>
internal static class YamlFile
{
    /// <summary>Parses <paramref name="path"/> into a YAML stream.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for messages ("thresholds", "policy").</param>
    /// <param name="missingFix">The fix when the file does not exist.</param>
    /// <param name="input">The setting that names the file, for the caller's way of fixing it.</param>
    /// <param name="syntaxFix">The fix for a syntax error (the message names the line and column).</param>
    /// <exception cref="MlOpsException">The file is missing or not valid YAML (line, column).</exception>
    public static YamlStream Load(string path, string what, string missingFix, string syntaxFix, UserInput input)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The {what} file '{path}' does not exist.", path, fix: missingFix, inputs: [input]);
        }
        var yaml = new YamlStream();
        var text = File.ReadAllText(path);
        try
        {
            YamlNesting.Check(text);
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new MlOpsException($"The {what} file is not valid YAML: {e.InnerException?.Message ?? e.Message}", path, YamlErrorLine.Of(e.Start.Line, text),
                syntaxFix, column: e.Start.Column, inner: e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way (not with a YamlException) when the text ends inside an unclosed flow
            // collection or quote, or meets some control characters; it gives no position, so name the last line with text.
            throw new MlOpsException($"The {what} file is not valid YAML: it ends inside an unclosed '[', '{{' or quoted value, or holds a character YAML does not allow.",
                path, YamlErrorLine.Of(int.MaxValue, text), "Close every '[', '{' and quote, and remove control characters. " + syntaxFix, column: 1, inner: e);
        }
        return yaml;
    }
}
