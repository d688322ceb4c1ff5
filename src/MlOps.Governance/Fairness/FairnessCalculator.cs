namespace MlOps.Governance.Fairness;

/// <summary>Computes <see cref="FeatureFairness"/> from per-group confusion counts.</summary>
public static class FairnessCalculator
{
    /// <summary>
    /// The metrics of one feature. Groups whose TPR (no actual positives) or FPR (no actual negatives) is
    /// undefined are left out of the comparisons of that rate, with a note; Fairlearn would count them as 0
    /// (scikit-learn's zero_division), which hides the gap instead of reporting it.
    /// With <paramref name="leaveOutSmallGroups"/> (intersections), groups with fewer than
    /// <paramref name="minGroupSize"/> rows are listed but left out of every between-group metric: crossing
    /// features makes many tiny groups whose rates are noise, and one of them would decide the whole comparison.
    /// </summary>
    public static FeatureFairness Compute(string feature, IReadOnlyList<string> columns,
        IReadOnlyList<(string Name, ConfusionCounts Counts)> groups, string? privileged, int minGroupSize, bool leaveOutSmallGroups = false)
    {
        var undefined = new Dictionary<string, string>(StringComparer.Ordinal);
        var notes = new List<string>();
        var counted = groups.Select(g => !leaveOutSmallGroups || g.Counts.Count >= minGroupSize).ToArray();
        var selection = groups.Select(g => g.Counts.SelectionRate).ToArray();
        var (dpDiff, dpRatio) = DifferenceAndRatio(selection.Where((_, i) => counted[i]).ToArray(), "selection rate", "demographicParityRatio", undefined);
        if (!counted.Any(c => c))
        {
            foreach (var name in new[] { "demographicParityDifference", "demographicParityRatio" })
            {
                undefined[name] = $"no group has at least {minGroupSize} rows";
            }
        }

        var tpr = groups.Select((g, i) => counted[i] ? g.Counts.TruePositiveRate : double.NaN).ToArray();
        var fpr = groups.Select((g, i) => counted[i] ? g.Counts.FalsePositiveRate : double.NaN).ToArray();
        foreach (var (g, i) in groups.Select((g, i) => (g, i)).Where(x => counted[x.i]))
        {
            if (double.IsNaN(tpr[i]))
            {
                notes.Add($"Group '{g.Name}' has no actual positives: its true positive rate is undefined and left out of equalized odds and equal opportunity.");
            }
            if (double.IsNaN(fpr[i]))
            {
                notes.Add($"Group '{g.Name}' has no actual negatives: its false positive rate is undefined and left out of equalized odds.");
            }
        }
        var (tprDiff, tprRatio) = DifferenceAndRatio(tpr.Where(x => !double.IsNaN(x)).ToArray(), "true positive rate", "equalizedOddsRatio", undefined);
        var (fprDiff, fprRatio) = DifferenceAndRatio(fpr.Where(x => !double.IsNaN(x)).ToArray(), "false positive rate", "equalizedOddsRatio", undefined);
        double eoDiff = double.NaN, eoRatio = double.NaN;
        if (double.IsNaN(tprDiff) || double.IsNaN(fprDiff))
        {
            undefined["equalizedOddsDifference"] = "fewer than one group has both a defined true positive rate and a defined false positive rate";
        }
        else
        {
            eoDiff = Math.Max(tprDiff, fprDiff);
        }
        if (!double.IsNaN(tprRatio) && !double.IsNaN(fprRatio))
        {
            eoRatio = Math.Min(tprRatio, fprRatio);
            undefined.Remove("equalizedOddsRatio");
        }
        else
        {
            undefined.TryAdd("equalizedOddsRatio", "a true or false positive rate ratio is undefined");
        }
        if (double.IsNaN(tprDiff))
        {
            undefined["equalOpportunityDifference"] = "no group has actual positives";
        }

        // Privileged group: as named, else the group with the highest selection rate (ties: first by name).
        string privilegedName;
        string source;
        if (privileged is not null)
        {
            privilegedName = privileged;
            source = "option";
        }
        else
        {
            var best = Math.Max(0, Array.IndexOf(counted, true));
            for (var i = best + 1; i < groups.Count; i++)
            {
                if (counted[i] && selection[i] > selection[best])
                {
                    best = i;
                }
            }
            privilegedName = groups[best].Name;
            source = "highestSelectionRate";
        }
        var privilegedIndex = groups.Select(g => g.Name).ToList().IndexOf(privilegedName);
        var privilegedRate = privilegedIndex >= 0 ? selection[privilegedIndex] : double.NaN;
        var groupResults = new List<GroupFairness>(groups.Count);
        var dir = double.PositiveInfinity;
        for (var i = 0; i < groups.Count; i++)
        {
            var ratio = privilegedRate > 0 ? selection[i] / privilegedRate : double.NaN;
            if (i != privilegedIndex && counted[i] && !double.IsNaN(ratio))
            {
                dir = Math.Min(dir, ratio);
            }
            groupResults.Add(new GroupFairness(groups[i].Name, groups[i].Counts, groups[i].Counts.Count < minGroupSize, ratio));
        }
        if (privilegedIndex >= 0 && !counted[privilegedIndex])
        {
            dir = double.NaN;
            undefined["disparateImpactRatio"] = $"the privileged group '{privilegedName}' has fewer than {minGroupSize} rows";
        }
        else if (!(privilegedRate > 0))
        {
            dir = double.NaN;
            undefined["disparateImpactRatio"] = $"the privileged group '{privilegedName}' has selection rate 0";
        }
        else if (double.IsPositiveInfinity(dir))
        {
            dir = double.NaN;
            undefined["disparateImpactRatio"] = "there is no unprivileged group";
        }
        if (leaveOutSmallGroups && groupResults.Any(g => g.SmallGroup))
        {
            notes.Add($"Groups with fewer than {minGroupSize} rows are flagged smallGroup and left out of this intersection's between-group metrics: their rates are unreliable.");
        }
        else if (groupResults.Any(g => g.SmallGroup))
        {
            notes.Add($"Groups with fewer than {minGroupSize} rows are flagged smallGroup: their rates are unreliable.");
        }
        return new FeatureFairness
        {
            Feature = feature,
            Columns = columns,
            Groups = groupResults,
            PrivilegedGroup = privilegedName,
            PrivilegedSource = source,
            DemographicParityDifference = dpDiff,
            DemographicParityRatio = dpRatio,
            EqualizedOddsDifference = eoDiff,
            EqualizedOddsRatio = eoRatio,
            EqualOpportunityDifference = tprDiff,
            DisparateImpactRatio = dir,
            Undefined = undefined,
            Notes = notes,
        };
    }

    private static (double Difference, double Ratio) DifferenceAndRatio(double[] values, string what, string ratioName,
        Dictionary<string, string> undefined)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }
        var min = values.Min();
        var max = values.Max();
        if (max == 0)
        {
            undefined.TryAdd(ratioName, $"every group's {what} is 0, so min / max is 0 / 0");
            return (0.0, double.NaN);
        }
        return (max - min, min / max);
    }
}
