using MlOps.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlOps.Governance.Yaml;

/// <summary>Loads the YAML option files (thresholds, gate policy) with the same user-facing errors.</summary>
public static class YamlFile
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
        YamlStream yaml;
        var text = File.ReadAllText(path);
        try
        {
            yaml = YamlText.Load(text);
        }
        catch (YamlException e)
        {
            throw new MlOpsException($"The {what} file is not valid YAML: {e.InnerException?.Message ?? e.Message}", path, YamlErrorLine.Of(e.Start.Line, text),
                syntaxFix, column: e.Start.Column, inner: e);
        }
        return yaml;
    }
}
