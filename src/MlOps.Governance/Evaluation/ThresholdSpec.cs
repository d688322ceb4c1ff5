using MlOps.Diagnostics;
using System.Globalization;
using MlOps.Governance.Yaml;
using YamlDotNet.RepresentationModel;

namespace MlOps.Governance.Evaluation;

/// <summary>
/// Reads metric thresholds: inline (<c>accuracy&gt;=0.7</c>, <c>logLoss&lt;=0.6</c>) or from a YAML file:
/// <code>
/// thresholds:
///   accuracy: { threshold: 0.7 }
///   rocAuc: { threshold: 0.75, minAbsoluteChange: 0.01 }
///   logLoss: { threshold: 0.6, greaterIsBetter: false }
/// </code>
/// </summary>
public static class ThresholdSpec
{
    /// <summary>Parses one inline rule <c>metric&gt;=value</c> or <c>metric&lt;=value</c>.</summary>
    /// <exception cref="MlOpsException">The text is not of that form, or the number is not finite (NaN would fail or pass every check).</exception>
    public static MetricThreshold ParseInline(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (op, higher) in new[] { (">=", true), ("<=", false) })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at > 0 && double.TryParse(text[(at + 2)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                if (!double.IsFinite(value))
                {
                    throw new MlOpsException($"The threshold '{text}' compares with {text[(at + 2)..].Trim()}, which is not a finite number.",
                        fix: "Compare the metric with a finite number, e.g. accuracy>=0.7.",
                        inputs: [UserInputs.MetricThresholds.Example("accuracy>=0.7")]);
                }
                return new MetricThreshold(text[..at].Trim(), Threshold: value, GreaterIsBetter: higher);
            }
        }
        throw new MlOpsException($"The threshold '{text}' is not of the form <metric>>=<number> or <metric><=<number>.",
            // An unquoted rule in a shell loses everything from '>' on (and leaves a file named like '=0.7').
            fix: "Write the rule as accuracy>=0.7 or logLoss<=0.6, quoted where a shell would read '>' as a redirection."
                 + (text.Contains('>') || text.Contains('<') ? "" : " An unquoted rule may also have left a stray file named like '=0.7'."),
            inputs: [UserInputs.MetricThresholds.Example("accuracy>=0.7")]);
    }

    /// <summary>Reads a thresholds YAML file.</summary>
    /// <exception cref="MlOpsException">Missing file, invalid YAML (line, column), unknown keys or non-numbers (line).</exception>
    public static IReadOnlyList<MetricThreshold> ReadFile(string path)
    {
        var yaml = YamlFile.Load(path, "thresholds", missingFix: "Check the path of the thresholds file.", syntaxFix: "Fix the YAML syntax at that line.", UserInputs.MetricThresholds);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root ||
            !root.Children.TryGetValue(new YamlScalarNode("thresholds"), out var node) || node is not YamlMappingNode rules)
        {
            throw new MlOpsException("The thresholds file has no 'thresholds:' mapping.", path, 1,
                "Start the file with 'thresholds:' and one entry per metric, e.g. '  accuracy: { threshold: 0.7 }'.");
        }
        var list = new List<MetricThreshold>();
        foreach (var (keyNode, valueNode) in rules.Children)
        {
            var metric = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is not YamlMappingNode fields)
            {
                throw new MlOpsException($"The threshold for '{metric}' is not a mapping.", path, valueNode.Start.Line,
                    $"Write '{metric}: {{ threshold: <number> }}'.");
            }
            double? threshold = null, abs = null, rel = null;
            bool? greater = null;
            foreach (var (fk, fv) in fields.Children)
            {
                var name = ((YamlScalarNode)fk).Value;
                var value = (fv as YamlScalarNode)?.Value ?? "";
                switch (name)
                {
                    case "threshold": threshold = Number(path, fv, metric, name, value); break;
                    case "minAbsoluteChange": abs = Number(path, fv, metric, name, value); break;
                    case "minRelativeChange": rel = Number(path, fv, metric, name, value); break;
                    case "greaterIsBetter":
                        greater = value switch
                        {
                            "true" => true,
                            "false" => false,
                            _ => throw new MlOpsException($"'{metric}.greaterIsBetter' is '{value}', not true or false.", path, fv.Start.Line,
                                "Write greaterIsBetter: true or false.", column: fv.Start.Column),
                        };
                        break;
                    default:
                        throw new MlOpsException($"'{metric}' has an unknown field '{name}'.", path, fk.Start.Line,
                            "Use threshold, minAbsoluteChange, minRelativeChange or greaterIsBetter.", column: fk.Start.Column);
                }
            }
            list.Add(new MetricThreshold(metric, threshold, abs, rel, greater));
        }
        return list;
    }

    private static double Number(string path, YamlNode node, string metric, string? field, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x))
        {
            return x;
        }
        throw new MlOpsException($"'{metric}.{field}' is '{value}', not a finite number.", path, node.Start.Line,
            $"Write a number with '.' as the decimal separator for {field}.", column: node.Start.Column);
    }
}
