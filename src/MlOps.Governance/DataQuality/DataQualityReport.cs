namespace MlOps.Governance.DataQuality;

/// <summary>One check: its value, its threshold, whether it passed, and the column that set the value.</summary>
/// <param name="Id">The check (<see cref="DataQualityChecks"/>).</param>
/// <param name="Value">The measured value (a rate, or a count of columns).</param>
/// <param name="Threshold">The threshold (infinite: no limit).</param>
/// <param name="IsMinimum">Whether the value must be at least the threshold (otherwise at most).</param>
/// <param name="Passed">Whether the value meets the threshold.</param>
/// <param name="Column">The worst column, for a per-column rate above 0; otherwise null.</param>
public sealed record DataQualityCheck(string Id, double Value, double Threshold, bool IsMinimum, bool Passed, string? Column);

/// <summary>The checks computed from a profile, in a fixed order; checks without their input (no label, no training data) are left out.</summary>
public sealed class DataQualityReport
{
    private DataQualityReport(DataQualityProfile profile, IReadOnlyList<DataQualityCheck> checks)
    {
        Profile = profile;
        Checks = checks;
    }

    /// <summary>The counts the checks come from.</summary>
    public DataQualityProfile Profile { get; }

    /// <summary>The checks, in order.</summary>
    public IReadOnlyList<DataQualityCheck> Checks { get; }

    /// <summary>Whether every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The checks of <paramref name="profile"/> under its thresholds.</summary>
    public static DataQualityReport Of(DataQualityProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var rows = (double)profile.Rows;
        var features = profile.Columns.Where(c => !c.IsLabel).ToList();
        var checks = new List<DataQualityCheck>
        {
            Make(profile, DataQualityChecks.MissingColumns, profile.MissingColumns.Count, null),
        };
        AddWorst(checks, profile, DataQualityChecks.TypeMismatchRate, features.Where(c => !c.IsText), c => c.TypeMismatches / rows);
        AddWorst(checks, profile, DataQualityChecks.MissingRate, profile.Columns, c => c.Missing / rows);
        AddWorst(checks, profile, DataQualityChecks.OutOfRangeRate, features.Where(c => c.IsRangeChecked), c => c.OutOfRange / rows);
        AddWorst(checks, profile, DataQualityChecks.UnseenCategoryRate, features.Where(c => c.CategoriesFrom is not null), c => c.Unseen / rows);
        var constant = features.Where(c => c.IsConstant).ToList();
        checks.Add(Make(profile, DataQualityChecks.ConstantColumns, constant.Count, constant.FirstOrDefault()?.Name));
        checks.Add(Make(profile, DataQualityChecks.DuplicateRate, (profile.Rows - profile.DistinctRows) / rows, null));
        if (profile.Training is not null)
        {
            checks.Add(Make(profile, DataQualityChecks.LeakageRate, profile.LeakedRows / rows, null));
        }
        if (profile.Label is not null)
        {
            checks.Add(Make(profile, DataQualityChecks.MinorityClassRate, MinorityRate(profile.LabelClasses), profile.Label));
        }
        return new DataQualityReport(profile, checks);
    }

    /// <summary>
    /// The rarest class's share of the labelled rows; 0 with fewer than two classes (a label with one class has no
    /// balance to speak of, and a training class absent here counts as a class with no rows).
    /// </summary>
    public static double MinorityRate(IReadOnlyList<KeyValuePair<string, long>> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var total = classes.Sum(c => c.Value);
        return classes.Count < 2 || total == 0 ? 0 : classes.Min(c => c.Value) / (double)total;
    }

    private static void AddWorst(List<DataQualityCheck> checks, DataQualityProfile profile, string id, IEnumerable<ColumnCounts> columns, Func<ColumnCounts, double> rate)
    {
        double worst = 0;
        string? column = null;
        foreach (var c in columns)
        {
            var r = rate(c);
            if (r > worst)
            {
                worst = r;
                column = c.Name;
            }
        }
        checks.Add(Make(profile, id, worst, column));
    }

    private static DataQualityCheck Make(DataQualityProfile profile, string id, double value, string? column)
    {
        var rule = DataQualityRules.ForCheck(id);
        var threshold = profile.Thresholds.Of(id);
        return new DataQualityCheck(id, value, threshold, rule.IsMinimum, rule.Allows(value, threshold), column);
    }
}
