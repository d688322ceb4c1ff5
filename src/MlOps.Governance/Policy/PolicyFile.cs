using MlOps.Diagnostics;
using System.Globalization;
using YamlDotNet.RepresentationModel;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Risk;
using MlOps.Governance.Yaml;

namespace MlOps.Governance.Policy;

/// <summary>
/// Reads a policy override YAML file (docs/policy.md). Each level given replaces the built-in value of each key
/// it names; keys and levels it leaves out keep the built-in defaults. Every mistake names the file, the line
/// and the field.
/// </summary>
public static class PolicyFile
{
    private static readonly string[] LevelKeys = ["cardSections", "evidence", "passingEvidence", "metrics", "fairness", "noDatasetDrift", "approvals", "robustness", "dataQuality"];

    /// <summary>Reads <paramref name="path"/> on top of <see cref="GatePolicy.BuiltIn"/>.</summary>
    /// <exception cref="MlOpsException">Missing file, invalid YAML, unknown level or key, a bad value.</exception>
    public static GatePolicy Read(string path)
    {
        var yaml = YamlFile.Load(path, "policy", missingFix: "Check the path of the policy file, or use the built-in policy (docs/policy.md).",
            syntaxFix: "Fix the YAML syntax at that line (see docs/policy.md for the format).", UserInputs.Policy);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new MlOpsException("The policy file is empty or not a mapping.", path, 1, "Start with 'levels:' and one entry per risk level (docs/policy.md).");
        }
        var levels = new Dictionary<RiskLevel, LevelPolicy>(GatePolicy.BuiltIn.Levels);
        foreach (var (key, value) in root.Children)
        {
            var name = Scalar(path, key, "top-level key");
            if (name != "levels")
            {
                throw Bad(path, key, $"Unknown top-level key '{name}'.", "The policy file has one top-level key, 'levels'.");
            }
            if (value is not YamlMappingNode levelMap)
            {
                throw Bad(path, value, "'levels' is not a mapping.", "Write 'levels:' followed by 'low:', 'medium:', 'high:' or 'severe:' entries.");
            }
            foreach (var (levelKey, levelValue) in levelMap.Children)
            {
                var word = Scalar(path, levelKey, "level");
                var level = RiskWords.TryLevel(word) ?? throw Bad(path, levelKey, $"Unknown risk level '{word}'.",
                    $"Use one of: {string.Join(", ", RiskWords.LevelWords)}.");
                if (levelValue is not YamlMappingNode fields)
                {
                    throw Bad(path, levelValue, $"Level '{word}' is not a mapping.", $"Write the keys of level '{word}' indented under it: {string.Join(", ", LevelKeys)}.");
                }
                levels[level] = ReadLevel(path, word, fields, levels[level]);
            }
        }
        return new GatePolicy { Source = Path.GetFileName(path), Sha256 = GateFreshness.PolicyDigest(path), Levels = levels };
    }

    private static LevelPolicy ReadLevel(string path, string level, YamlMappingNode fields, LevelPolicy basis)
    {
        var result = basis;
        foreach (var (key, value) in fields.Children)
        {
            var name = Scalar(path, key, "key");
            var where = $"levels.{level}.{name}";
            result = name switch
            {
                "cardSections" => result with { CardSections = List(path, value, where, CardFields.TopLevel, "card field") },
                "evidence" => result with { Evidence = List(path, value, where, EvidenceKinds.All, "evidence kind") },
                "passingEvidence" => result with { PassingEvidence = List(path, value, where, EvidenceKinds.All, "evidence kind") },
                "metrics" => result with { Metrics = Bounds(path, value, where, [.. Evaluation.EvaluationMetricNames.Classification.Concat(Evaluation.EvaluationMetricNames.Multiclass)
                    .Concat(Evaluation.EvaluationMetricNames.Regression).Distinct()], Evaluation.EvaluationMetricNames.IsPerClass) },
                "fairness" => result with { Fairness = Bounds(path, value, where, FairnessMetricNames) },
                "noDatasetDrift" => result with { NoDatasetDrift = Bool(path, value, where) },
                "approvals" => result with { Approvals = Approvals(path, value, where, result.Approvals) },
                "robustness" => result with { Robustness = Robustness(path, value, where) },
                "dataQuality" => result with { DataQuality = DataQualityThresholds(path, value, where) },
                _ => throw Bad(path, key, $"Unknown key '{where}'.", $"Use one of: {string.Join(", ", LevelKeys)}."),
            };
        }
        return result;
    }

    /// <summary>The between-group fairness metrics a policy may bound.</summary>
    public static IReadOnlyList<string> FairnessMetricNames { get; } =
    [
        "demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio",
        "equalOpportunityDifference", "disparateImpactRatio",
        // Regression fairness (mlops fairness --task regression): error differences (max − min) and ratios (max / min).
        "maeDifference", "maeRatio", "rmseDifference", "rmseRatio", "meanResidualDifference",
    ];

    private static List<string> List(string path, YamlNode node, string where, IReadOnlyList<string> allowed, string what)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Bad(path, node, $"'{where}' is not a list.", $"Write it as a list, e.g. {where.Split('.')[^1]}: [{allowed[0]}].");
        }
        var list = new List<string>();
        foreach (var item in sequence.Children)
        {
            var value = Scalar(path, item, where);
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                throw Bad(path, item, $"'{where}' names an unknown {what} '{value}'.", $"Use one of: {string.Join(", ", allowed)}.");
            }
            list.Add(value);
        }
        return list;
    }

    private static Dictionary<string, MetricBound> Bounds(string path, YamlNode node, string where, IReadOnlyList<string> allowed, Func<string, bool>? alsoAllowed = null)
    {
        if (node is not YamlMappingNode map)
        {
            throw Bad(path, node, $"'{where}' is not a mapping.", $"Write e.g. {where.Split('.')[^1]}: {{ {allowed[0]}: {{ min: 0.8 }} }}.");
        }
        var bounds = new Dictionary<string, MetricBound>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var metric = Scalar(path, key, where);
            if (!allowed.Contains(metric, StringComparer.Ordinal) && alsoAllowed?.Invoke(metric) != true)
            {
                throw Bad(path, key, $"'{where}' names an unknown metric '{metric}'.", $"Use one of: {string.Join(", ", allowed)}.");
            }
            if (value is not YamlMappingNode limits)
            {
                throw Bad(path, value, $"'{where}.{metric}' is not a mapping.", $"Write {metric}: {{ min: <number> }} or {{ max: <number> }}.");
            }
            double? min = null, max = null;
            var figure = BoundedFigure.Estimate;
            foreach (var (lk, lv) in limits.Children)
            {
                var limit = Scalar(path, lk, $"{where}.{metric}");
                var text = Scalar(path, lv, $"{where}.{metric}.{limit}");
                if (limit == "bound")
                {
                    figure = Figure(path, lv, $"{where}.{metric}.bound", text);
                    continue;
                }
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                {
                    throw Bad(path, lv, $"'{where}.{metric}.{limit}' is '{text}', not a number.", "Write a number with '.' as the decimal separator.");
                }
                switch (limit)
                {
                    case "min": min = x; break;
                    case "max": max = x; break;
                    default: throw Bad(path, lk, $"'{where}.{metric}' has an unknown key '{limit}'.", "Use min and/or max (and bound: lower or upper to check an end of the confidence interval).");
                }
            }
            if (min is null && max is null)
            {
                throw Bad(path, value, $"'{where}.{metric}' sets neither min nor max.", "Add min: <number> or max: <number>.");
            }
            bounds[metric] = new MetricBound(min, max) { Figure = figure };
        }
        return bounds;
    }

    // Which figure a bound checks: the value, or an end of the metric's bootstrap confidence interval.
    private static BoundedFigure Figure(string path, YamlNode node, string where, string text) => text switch
    {
        "estimate" => BoundedFigure.Estimate,
        "lower" => BoundedFigure.Lower,
        "upper" => BoundedFigure.Upper,
        _ => throw Bad(path, node, $"'{where}' is '{text}', not estimate, lower or upper.",
            "Write bound: lower to require the lower end of the confidence interval to clear a min (upper for a max), or leave bound out to check the value."),
    };

    private static readonly string[] ApprovalKeys = ["roles", "distinctPeople", "authorMayApprove"];

    private static ApprovalRule Approvals(string path, YamlNode node, string where, ApprovalRule basis)
    {
        if (node is not YamlMappingNode map)
        {
            throw Bad(path, node, $"'{where}' is not a mapping.", "Write e.g. approvals: { roles: [model-owner, risk-manager], distinctPeople: 2 }.");
        }
        var rule = basis;
        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(path, key, where);
            rule = name switch
            {
                "roles" => rule with { Roles = Roles(path, value, $"{where}.roles") },
                "distinctPeople" => rule with { DistinctPeople = Count(path, value, $"{where}.distinctPeople") },
                "authorMayApprove" => rule with { AuthorMayApprove = Bool(path, value, $"{where}.authorMayApprove") },
                _ => throw Bad(path, key, $"Unknown key '{where}.{name}'.", $"Use one of: {string.Join(", ", ApprovalKeys)}."),
            };
        }
        // Fewer people than roles is allowed: one person may hold several roles unless more people are asked for.
        return rule;
    }

    private static readonly string[] RobustnessKeys = ["maxFlipRate", "maxMissingFlipRate", "monotonicViolations"];

    private static RobustnessLimits Robustness(string path, YamlNode node, string where)
    {
        if (node is not YamlMappingNode map)
        {
            throw Bad(path, node, $"'{where}' is not a mapping.", "Write e.g. robustness: { maxFlipRate: 0.05, monotonicViolations: 0 }.");
        }
        var limits = new RobustnessLimits(null, null, null);
        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(path, key, where);
            limits = name switch
            {
                "maxFlipRate" => limits with { MaxFlipRate = Rate(path, value, $"{where}.maxFlipRate") },
                "maxMissingFlipRate" => limits with { MaxMissingFlipRate = Rate(path, value, $"{where}.maxMissingFlipRate") },
                "monotonicViolations" => limits with { MonotonicViolations = RowCount(path, value, $"{where}.monotonicViolations") },
                _ => throw Bad(path, key, $"Unknown key '{where}.{name}'.", $"Use one of: {string.Join(", ", RobustnessKeys)}."),
            };
        }
        return limits;
    }

    private static double Rate(string path, YamlNode node, string where)
    {
        var text = Scalar(path, node, where);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is >= 0 and <= 1
            ? x
            : throw Bad(path, node, $"'{where}' is '{text}', not a rate from 0 to 1.", "Write the largest share of rows allowed, e.g. 0.05.");
    }

    private static long RowCount(string path, YamlNode node, string where)
    {
        var text = Scalar(path, node, where);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Bad(path, node, $"'{where}' is '{text}', not a whole number of rows.", "Write the most rows allowed, e.g. 0.");
    }

    private static Dictionary<string, double> DataQualityThresholds(string path, YamlNode node, string where)
    {
        if (node is not YamlMappingNode map)
        {
            throw Bad(path, node, $"'{where}' is not a mapping.", "Write e.g. dataQuality: { maxMissingRate: 0.05, maxLeakageRate: 0 }.");
        }
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(path, key, where);
            var rule = DataQuality.DataQualityRules.Find(name)
                ?? throw Bad(path, key, $"Unknown key '{where}.{name}'.", $"Use one of: {DataQuality.DataQualityRules.KeyList}.");
            var text = Scalar(path, value, $"{where}.{name}");
            thresholds[name] = rule.Parse(text) ?? throw Bad(path, value, $"'{where}.{name}' is '{text}', not {rule.Expected}.",
                rule.IsSwitch ? "Write true or false." : "Write a rate from 0 to 1 with '.' as the decimal separator.");
        }
        return thresholds;
    }

    private static List<string> Roles(string path, YamlNode node, string where)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Bad(path, node, $"'{where}' is not a list.", "Write it as a list, e.g. roles: [model-owner, risk-manager].");
        }
        var roles = new List<string>();
        foreach (var item in sequence.Children)
        {
            var role = Scalar(path, item, where);
            if (!ApprovalRule.IsRoleName(role))
            {
                throw Bad(path, item, $"'{where}' names '{role}', which is not a role name.", "Write roles in lowercase with hyphens, as the trust file does (e.g. model-owner).");
            }
            if (roles.Contains(role, StringComparer.Ordinal))
            {
                throw Bad(path, item, $"'{where}' names '{role}' twice.", "Name each role once.");
            }
            roles.Add(role);
        }
        return roles;
    }

    private static int Count(string path, YamlNode node, string where)
    {
        var text = Scalar(path, node, where);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100
            ? n
            : throw Bad(path, node, $"'{where}' is '{text}', not a whole number from 0 to 100.", "Write how many different people must approve, e.g. 2.");
    }

    private static bool Bool(string path, YamlNode node, string where)
    {
        var text = Scalar(path, node, where);
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw Bad(path, node, $"'{where}' is '{text}', not true or false.", "Write true or false."),
        };
    }

    private static string Scalar(string path, YamlNode node, string where) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Bad(path, node, $"'{where}' must be a single value here.", "Write a plain value, not a list or mapping.");

    private static MlOpsException Bad(string path, YamlNode node, string message, string fix) =>
        new(message, path, node.Start.Line, fix, column: node.Start.Column);
}
