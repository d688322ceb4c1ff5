namespace MlOps.Governance.Explanations;

/// <summary>The permutation importance of one feature: the drop in the metric when its column is shuffled, per repeat.</summary>
/// <param name="Feature">The data column that feeds the model.</param>
/// <param name="Values">The importance of each repeat (positive: the feature helps).</param>
public sealed record FeatureImportance(string Feature, IReadOnlyList<double> Values)
{
    /// <summary>The mean over the repeats.</summary>
    public double Mean => Values.Average();

    /// <summary>The standard deviation over the repeats (population, ddof = 0, as scikit-learn's importances_std).</summary>
    public double Std
    {
        get
        {
            var mean = Mean;
            return Math.Sqrt(Values.Sum(v => (v - mean) * (v - mean)) / Values.Count);
        }
    }
}
