using System.Text;
using MlOps.Governance.Risk;
using MlOps.Governance.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using MlOps.Diagnostics;

namespace MlOps.Governance.Cards;

/// <summary>
/// Reads a card source: Markdown that starts with YAML front matter between two "---" lines.
/// Missing file: MLOPS104. Bad YAML, unknown keys, wrong shapes: MLOPS105 with line and column.
/// Unknown risk words: MLOPS107. Required fields are checked separately (<see cref="CardRequirements"/>).
/// </summary>
public static class CardSourceParser
{
    /// <summary>Reads and parses a card file.</summary>
    public static CardSource ParseFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException("The model card does not exist.", file: path,
                fix: "Create the card (see docs/model-card.md) or correct its path.", diagnostic: DiagnosticCatalog.CardMissing, inputs: [UserInputs.Card]);
        }
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses card text; <paramref name="path"/> is used in messages.</summary>
    public static CardSource Parse(string text, string path)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            throw Invalid(path, 1, 1, "The card does not start with YAML front matter (a line '---').",
                "Start the card with '---', the fields (see docs/model-card.md), and another '---' line.");
        }
        var close = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() is "---" or "...")
            {
                close = i;
                break;
            }
        }
        if (close < 0)
        {
            throw Invalid(path, 1, 1, "The YAML front matter is not closed.", "End the front matter with a line '---'.");
        }
        var yaml = string.Join('\n', lines, 1, close - 1);
        var body = string.Join('\n', lines, close + 1, lines.Length - close - 1);
        // Line 1 of the YAML is line 2 of the file.
        const int lineOffset = 1;

        YamlMappingNode root;
        try
        {
            var stream = YamlText.Load(yaml);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                throw Invalid(path, 2, 1, "The YAML front matter is empty.", "Add the card fields (see docs/model-card.md).");
            }
            root = stream.Documents[0].RootNode as YamlMappingNode
                ?? throw Invalid(path, stream.Documents[0].RootNode.Start.Line + lineOffset, stream.Documents[0].RootNode.Start.Column,
                    "The YAML front matter is not a mapping of 'key: value' lines.", "Write one 'key: value' per line (see docs/model-card.md).");
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Trim();
            throw new MlOpsException($"Invalid YAML in the card's front matter: {reason}", file: path,
                line: YamlErrorLine.Of(e.Start.Line, yaml) + lineOffset, column: e.Start.Column,
                fix: "Correct the YAML at that position (indentation, ':' after keys, quotes around values containing ': ' or '#').",
                diagnostic: DiagnosticCatalog.InvalidFrontMatter, inner: e);
        }

        var reader = new FieldReader(path, lineOffset);
        string? name = null, description = null, intendedUse = null, outOfScope = null, limitations = null,
            ethics = null, oversight = null, label = null, licence = null, metricsRationale = null, riskManagement = null,
            lifecycleChanges = null, declaration = null, postMarket = null;
        CardValue? version = null;
        IReadOnlyList<string> owners = [], sensitive = [], standards = [];
        IReadOnlyList<MonotonicConstraint> monotonic = [];
        RiskAssessment? risk = null;
        IReadOnlyList<string> missingRisk = [CardFields.RiskProbability, CardFields.RiskSeverity, CardFields.RiskEuAiActCategory];
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);

        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var folded = CardFields.Fold(key);
            if (key.StartsWith("x-", StringComparison.Ordinal))
            {
                continue; // documented extension keys: kept in the source, ignored here
            }
            var field = CardFields.TopLevel.FirstOrDefault(f => CardFields.Fold(f) == folded)
                ?? (folded == "license" ? CardFields.Licence : null);
            if (field is null)
            {
                throw Invalid(path, keyNode.Start.Line + lineOffset, keyNode.Start.Column,
                    $"Unknown card field '{key}'.",
                    $"Use one of {string.Join(", ", CardFields.TopLevel)}, or prefix your own keys with 'x-'.");
            }
            if (!seen.TryAdd(field, keyNode))
            {
                throw Invalid(path, keyNode.Start.Line + lineOffset, keyNode.Start.Column,
                    $"The card field '{field}' is given twice.", "Keep one of them.");
            }
            switch (field)
            {
                case CardFields.Name: name = reader.Scalar(field, value)?.Text; break;
                case CardFields.Version: version = reader.Scalar(field, value); break;
                case CardFields.Owners: owners = reader.List(field, value); break;
                case CardFields.Description: description = reader.Text(field, value); break;
                case CardFields.IntendedUse: intendedUse = reader.Text(field, value); break;
                case CardFields.OutOfScopeUse: outOfScope = reader.Text(field, value); break;
                case CardFields.Limitations: limitations = reader.Text(field, value); break;
                case CardFields.EthicalConsiderations: ethics = reader.Text(field, value); break;
                case CardFields.HumanOversight: oversight = reader.Text(field, value); break;
                case CardFields.SensitiveFeatures: sensitive = reader.List(field, value); break;
                case CardFields.Label: label = reader.Scalar(field, value)?.Text; break;
                case CardFields.Licence: licence = reader.Scalar(field, value)?.Text; break;
                case CardFields.Risk: (risk, missingRisk) = reader.Risk(value); break;
                case CardFields.MetricsRationale: metricsRationale = reader.Text(field, value); break;
                case CardFields.RiskManagement: riskManagement = reader.Text(field, value); break;
                case CardFields.LifecycleChanges: lifecycleChanges = reader.Text(field, value); break;
                case CardFields.StandardsApplied: standards = reader.List(field, value); break;
                case CardFields.DeclarationOfConformity: declaration = reader.Text(field, value); break;
                case CardFields.PostMarketMonitoring: postMarket = reader.Text(field, value); break;
                case CardFields.Monotonic: monotonic = reader.Monotonic(value); break;
            }
        }

        return new CardSource
        {
            FilePath = path,
            Text = text,
            Body = body,
            BodyLine = close + 2,
            Name = name,
            Version = version,
            Owners = owners,
            Description = description,
            IntendedUse = intendedUse,
            OutOfScopeUse = outOfScope,
            Limitations = limitations,
            EthicalConsiderations = ethics,
            HumanOversight = oversight,
            Risk = risk,
            MissingRiskFields = missingRisk,
            SensitiveFeatures = sensitive,
            Label = label,
            Licence = licence,
            MetricsRationale = metricsRationale,
            RiskManagement = riskManagement,
            LifecycleChanges = lifecycleChanges,
            StandardsApplied = standards,
            DeclarationOfConformity = declaration,
            PostMarketMonitoring = postMarket,
            Monotonic = monotonic,
        };
    }

    private static MlOpsException Invalid(string path, long line, long column, string message, string fix) =>
        new(message, file: path, line: line, column: column, fix: fix, diagnostic: DiagnosticCatalog.InvalidFrontMatter);

    private sealed class FieldReader(string path, int lineOffset)
    {
        public CardValue? Scalar(string field, YamlNode node)
        {
            if (node is not YamlScalarNode scalar)
            {
                throw Invalid(path, node.Start.Line + lineOffset, node.Start.Column,
                    $"The card field '{field}' must be a single value.", $"Write '{field}: <value>' on one line.");
            }
            var text = Clean(scalar);
            return text is null ? null : new CardValue(text, node.Start.Line + lineOffset, node.Start.Column);
        }

        public string? Text(string field, YamlNode node)
        {
            if (node is YamlSequenceNode)
            {
                var items = List(field, node);
                return items.Count == 0 ? null : string.Join('\n', items.Select(i => "- " + i));
            }
            return Scalar(field, node)?.Text;
        }

        public IReadOnlyList<string> List(string field, YamlNode node)
        {
            if (node is YamlScalarNode)
            {
                return Scalar(field, node) is { } one ? [one.Text] : [];
            }
            if (node is not YamlSequenceNode sequence)
            {
                throw Invalid(path, node.Start.Line + lineOffset, node.Start.Column,
                    $"The card field '{field}' must be a value or a list of values.", $"Write '{field}:' followed by '- item' lines.");
            }
            var items = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (item is not YamlScalarNode scalar)
                {
                    throw Invalid(path, item.Start.Line + lineOffset, item.Start.Column,
                        $"Each item of '{field}' must be a single value.", "Write each item as '- text' on one line.");
                }
                if (Clean(scalar) is { } text)
                {
                    items.Add(text);
                }
            }
            return items;
        }

        public (RiskAssessment?, IReadOnlyList<string>) Risk(YamlNode node)
        {
            if (node is YamlScalarNode { Value: null or "" })
            {
                return (null, [CardFields.RiskProbability, CardFields.RiskSeverity, CardFields.RiskEuAiActCategory]);
            }
            if (node is not YamlMappingNode mapping)
            {
                throw Invalid(path, node.Start.Line + lineOffset, node.Start.Column,
                    "The card field 'risk' must hold probability, severity and euAiActCategory.",
                    "Write 'risk:' followed by indented 'probability: ...', 'severity: ...', 'euAiActCategory: ...' lines.");
            }
            RiskProbability? probability = null;
            RiskSeverity? severity = null;
            EuAiActCategory? category = null;
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = CardFields.Fold((keyNode as YamlScalarNode)?.Value ?? "");
                var field = key switch
                {
                    "probability" => CardFields.RiskProbability,
                    "severity" => CardFields.RiskSeverity,
                    "euaiactcategory" or "euaiact" => CardFields.RiskEuAiActCategory,
                    _ => throw Invalid(path, keyNode.Start.Line + lineOffset, keyNode.Start.Column,
                        $"Unknown risk field '{(keyNode as YamlScalarNode)?.Value}'.", "Use probability, severity and euAiActCategory."),
                };
                var word = Scalar(field, value);
                if (word is null)
                {
                    continue;
                }
                switch (field)
                {
                    case CardFields.RiskProbability: probability = RiskWords.Probability(word.Text, path, word.Line, word.Column); break;
                    case CardFields.RiskSeverity: severity = RiskWords.Severity(word.Text, path, word.Line, word.Column); break;
                    default: category = RiskWords.EuAiAct(word.Text, path, word.Line, word.Column); break;
                }
            }
            var missing = new List<string>();
            if (probability is null) missing.Add(CardFields.RiskProbability);
            if (severity is null) missing.Add(CardFields.RiskSeverity);
            if (category is null) missing.Add(CardFields.RiskEuAiActCategory);
            return missing.Count > 0 ? (null, missing) : (new RiskAssessment(probability!.Value, severity!.Value, category!.Value), []);
        }

        // Either a mapping (monotonic: { duration: decreasing }) or a list of one-entry mappings (- duration: decreasing).
        public IReadOnlyList<MonotonicConstraint> Monotonic(YamlNode node)
        {
            if (node is YamlScalarNode { Value: null or "" })
            {
                return [];
            }
            var entries = node switch
            {
                YamlMappingNode map => map.Children.ToList(),
                YamlSequenceNode list => list.Children.Select(item => item is YamlMappingNode { Children.Count: 1 } one
                    ? one.Children.Single()
                    : throw Invalid(path, item.Start.Line + lineOffset, item.Start.Column,
                        "Each item of 'monotonic' must be one 'feature: increasing|decreasing' pair.", "Write each item as '- <feature>: decreasing'.")).ToList(),
                _ => throw Invalid(path, node.Start.Line + lineOffset, node.Start.Column,
                    "The card field 'monotonic' must map features to increasing or decreasing.",
                    "Write 'monotonic:' followed by indented '<feature>: increasing' or '<feature>: decreasing' lines."),
            };
            var constraints = new List<MonotonicConstraint>();
            foreach (var (keyNode, value) in entries)
            {
                var feature = keyNode is YamlScalarNode k ? Clean(k) : null;
                if (feature is null)
                {
                    throw Invalid(path, keyNode.Start.Line + lineOffset, keyNode.Start.Column,
                        "A 'monotonic' entry has no feature name.", "Write '<feature>: increasing' or '<feature>: decreasing'.");
                }
                var word = Scalar($"monotonic.{feature}", value);
                var direction = MonotonicConstraint.TryDirection(word?.Text) ?? throw Invalid(path, value.Start.Line + lineOffset, value.Start.Column,
                    $"The monotonic direction of '{feature}' is '{word?.Text}', not increasing or decreasing.",
                    "Write 'increasing' (the score must not fall as the feature rises) or 'decreasing' (the score must not rise).");
                if (constraints.Any(c => c.Feature == feature))
                {
                    throw Invalid(path, keyNode.Start.Line + lineOffset, keyNode.Start.Column,
                        $"The monotonic constraint on '{feature}' is given twice.", "Keep one of them.");
                }
                constraints.Add(new MonotonicConstraint(feature, direction, keyNode.Start.Line + lineOffset, keyNode.Start.Column));
            }
            return constraints;
        }

        private static string? Clean(YamlScalarNode scalar)
        {
            // A plain '~' or 'null' is YAML's null; an empty value counts as absent.
            if (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "~" or "null" or "Null" or "NULL")
            {
                return null;
            }
            var text = scalar.Value?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
