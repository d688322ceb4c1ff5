namespace MlOps.Governance.Fairness;

/// <summary>One group's counts and rates.</summary>
public sealed record GroupFairness(string Name, ConfusionCounts Counts, bool SmallGroup, double DisparateImpactRatio);

/// <summary>A bootstrap percentile interval.</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper);

/// <summary>
/// The between-group metrics of one sensitive feature (or intersection) with Fairlearn's definitions:
/// difference = max − min over groups, ratio = min / max; equalized odds takes the larger TPR/FPR difference and
/// the smaller ratio; equal opportunity is the TPR difference; the disparate impact ratio is the smallest
/// selection rate of an unprivileged group divided by the privileged group's.
/// </summary>
public sealed class FeatureFairness
{
    /// <summary>The feature key: a column name, or names joined with '&amp;' for an intersection.</summary>
    public required string Feature { get; init; }

    /// <summary>The columns the key is made of.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Groups ordered by ordinal name.</summary>
    public required IReadOnlyList<GroupFairness> Groups { get; init; }

    /// <summary>The privileged group.</summary>
    public required string PrivilegedGroup { get; init; }

    /// <summary>Where the privileged group came from: "option" or "highestSelectionRate".</summary>
    public required string PrivilegedSource { get; init; }

    /// <summary>max − min selection rate.</summary>
    public double DemographicParityDifference { get; init; }

    /// <summary>min / max selection rate (NaN = undefined, see <see cref="Undefined"/>).</summary>
    public double DemographicParityRatio { get; init; }

    /// <summary>max(TPR difference, FPR difference).</summary>
    public double EqualizedOddsDifference { get; init; }

    /// <summary>min(TPR ratio, FPR ratio).</summary>
    public double EqualizedOddsRatio { get; init; }

    /// <summary>TPR difference.</summary>
    public double EqualOpportunityDifference { get; init; }

    /// <summary>min over unprivileged groups of selection rate / privileged selection rate.</summary>
    public double DisparateImpactRatio { get; init; }

    /// <summary>Why a metric is undefined (metric name → reason).</summary>
    public required IReadOnlyDictionary<string, string> Undefined { get; init; }

    /// <summary>Remarks, e.g. groups left out of a rate comparison.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Bootstrap intervals per metric (empty when the bootstrap is off).</summary>
    public IReadOnlyDictionary<string, ConfidenceInterval> ConfidenceIntervals { get; set; } = new Dictionary<string, ConfidenceInterval>();

    /// <summary>The metric values by contract name, for the bootstrap and the gate.</summary>
    public IEnumerable<(string Name, double Value)> Metrics()
    {
        yield return ("demographicParityDifference", DemographicParityDifference);
        yield return ("demographicParityRatio", DemographicParityRatio);
        yield return ("equalizedOddsDifference", EqualizedOddsDifference);
        yield return ("equalizedOddsRatio", EqualizedOddsRatio);
        yield return ("equalOpportunityDifference", EqualOpportunityDifference);
        yield return ("disparateImpactRatio", DisparateImpactRatio);
    }
}
