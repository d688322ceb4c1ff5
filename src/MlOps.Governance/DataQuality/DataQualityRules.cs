using System.Globalization;

namespace MlOps.Governance.DataQuality;

/// <summary>The checks of the data-quality stage, by the id the evidence records them under.</summary>
public static class DataQualityChecks
{
    /// <summary>Model inputs the data has no column for (always at most 0).</summary>
    public const string MissingColumns = "missingColumns";

    /// <summary>The worst numeric input's share of values that are not numbers.</summary>
    public const string TypeMismatchRate = "typeMismatchRate";

    /// <summary>The worst column's share of missing values.</summary>
    public const string MissingRate = "missingRate";

    /// <summary>The worst numeric input's share of values outside the training range.</summary>
    public const string OutOfRangeRate = "outOfRangeRate";

    /// <summary>The worst text input's share of categories the model (or the training data) never saw.</summary>
    public const string UnseenCategoryRate = "unseenCategoryRate";

    /// <summary>The number of inputs with at most one distinct value.</summary>
    public const string ConstantColumns = "constantColumns";

    /// <summary>The share of rows whose features repeat an earlier row's.</summary>
    public const string DuplicateRate = "duplicateRate";

    /// <summary>The share of rows whose features equal a training row's.</summary>
    public const string LeakageRate = "leakageRate";

    /// <summary>The rarest label class's share of the labelled rows.</summary>
    public const string MinorityClassRate = "minorityClassRate";
}

/// <summary>One threshold a user (or the policy) sets: its key, the check it bounds, and how.</summary>
/// <param name="Key">The name in the policy file and on the command line (<c>maxMissingRate</c>).</param>
/// <param name="Check">The check it bounds (<see cref="DataQualityChecks"/>).</param>
/// <param name="IsMinimum">Whether the threshold is a floor (the value must be at least it) rather than a ceiling.</param>
/// <param name="IsSwitch">Whether it is written true/false (allowConstantColumns): true lifts the ceiling, false makes it 0.</param>
/// <param name="Default">The threshold when nothing sets it.</param>
public sealed record DataQualityRule(string Key, string Check, bool IsMinimum, bool IsSwitch, double Default)
{
    /// <summary>Whether <paramref name="value"/> meets <paramref name="threshold"/> (NaN never does).</summary>
    public bool Allows(double value, double threshold) =>
        !double.IsNaN(value) && (IsMinimum ? value >= threshold : value <= threshold);

    /// <summary>Reads the threshold written as <paramref name="text"/>, or null when it is not one.</summary>
    public double? Parse(string text)
    {
        if (IsSwitch)
        {
            return text switch { "true" => double.PositiveInfinity, "false" => 0, _ => null };
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is >= 0 and <= 1 ? x : null;
    }

    /// <summary>What a valid value looks like, for messages.</summary>
    public string Expected => IsSwitch ? "true or false" : "a rate from 0 to 1";
}

/// <summary>The thresholds a user or a policy can set, and their defaults.</summary>
public static class DataQualityRules
{
    /// <summary>Every rule, in check order.</summary>
    public static IReadOnlyList<DataQualityRule> All { get; } =
    [
        new("maxTypeMismatchRate", DataQualityChecks.TypeMismatchRate, false, false, 0),
        new("maxMissingRate", DataQualityChecks.MissingRate, false, false, 0.05),
        new("maxOutOfRangeRate", DataQualityChecks.OutOfRangeRate, false, false, 0.01),
        new("maxUnseenCategoryRate", DataQualityChecks.UnseenCategoryRate, false, false, 0),
        new("allowConstantColumns", DataQualityChecks.ConstantColumns, false, true, 0),
        new("maxDuplicateRate", DataQualityChecks.DuplicateRate, false, false, 0.01),
        new("maxLeakageRate", DataQualityChecks.LeakageRate, false, false, 0),
        new("minMinorityClassRate", DataQualityChecks.MinorityClassRate, true, false, 0.05),
    ];

    /// <summary>The rule set by <paramref name="key"/>, or null.</summary>
    public static DataQualityRule? Find(string key) => All.FirstOrDefault(r => r.Key == key);

    /// <summary>The rule bounding <paramref name="check"/>; missingColumns has a fixed ceiling of 0 and no key.</summary>
    public static DataQualityRule ForCheck(string check) =>
        All.FirstOrDefault(r => r.Check == check) ?? new DataQualityRule("", check, false, false, 0);

    /// <summary>The keys, for messages.</summary>
    public static string KeyList => string.Join(", ", All.Select(r => r.Key));
}

/// <summary>The threshold of every check: the defaults, with what the user set on top.</summary>
public sealed class DataQualityThresholds
{
    private readonly Dictionary<string, double> _byCheck;

    private DataQualityThresholds(Dictionary<string, double> byCheck) => _byCheck = byCheck;

    /// <summary>Every threshold at its default.</summary>
    public static DataQualityThresholds Default { get; } = new(DataQualityRules.All.ToDictionary(r => r.Check, r => r.Default));

    /// <summary>The threshold of <paramref name="check"/> (missingColumns: 0).</summary>
    public double Of(string check) => _byCheck.TryGetValue(check, out var t) ? t : 0;

    /// <summary>These thresholds with <paramref name="rule"/> set to <paramref name="threshold"/>.</summary>
    public DataQualityThresholds With(DataQualityRule rule, double threshold)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(new Dictionary<string, double>(_byCheck) { [rule.Check] = threshold });
    }

    /// <summary>
    /// These thresholds with each <c>key=value</c> of <paramref name="settings"/> applied
    /// (<c>maxMissingRate=0.1</c>, <c>allowConstantColumns=true</c>).
    /// </summary>
    /// <exception cref="MlOpsException">An unknown key or a value out of range.</exception>
    public DataQualityThresholds With(IEnumerable<string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = this;
        foreach (var setting in settings)
        {
            var at = setting.IndexOf('=', StringComparison.Ordinal);
            var key = at > 0 ? setting[..at].Trim() : setting.Trim();
            var rule = DataQualityRules.Find(key) ?? throw new MlOpsException(
                $"The data-quality threshold '{setting}' names no threshold; known: {DataQualityRules.KeyList}.",
                fix: "Write a threshold as <key>=<value>, e.g. maxMissingRate=0.05 or allowConstantColumns=true.",
                inputs: [Diagnostics.UserInputs.MetricThresholds.Example("maxMissingRate=0.05")]);
            var value = at > 0 ? rule.Parse(setting[(at + 1)..].Trim()) : null;
            result = result.With(rule, value ?? throw new MlOpsException(
                $"The data-quality threshold '{setting}' needs {rule.Expected} after '{key}='.",
                fix: $"Write it as {key}={(rule.IsSwitch ? "true" : "0.05")}.",
                inputs: [Diagnostics.UserInputs.MetricThresholds.Example($"{key}={(rule.IsSwitch ? "true" : "0.05")}")]));
        }
        return result;
    }
}
