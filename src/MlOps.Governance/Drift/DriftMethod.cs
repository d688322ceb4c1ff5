namespace MlOps.Governance.Drift;

/// <summary>
/// Evidently's default choice of drift test per feature (its "auto" stattest): with at most 1,000 reference
/// values, numeric features with more than 5 distinct values use the KS test, other features chi-square
/// (more than 2 distinct values) or the two-proportion Z-test (2 or fewer), all drifted at p &lt; 0.05; with more
/// reference values, numeric features with more than 5 distinct values use the normed Wasserstein distance
/// and everything else the Jensen–Shannon distance, both drifted at ≥ 0.1. The distinct count is over the
/// reference and current values together, as Evidently counts it.
/// </summary>
public sealed record DriftMethod(string Name, double Threshold, bool IsPValue)
{
    /// <summary>Reference sizes up to this use the statistical tests (p-values) rather than distances.</summary>
    public const long SmallSampleLimit = 1000;

    /// <summary>Features with at most this many distinct values are tested as categories.</summary>
    public const int CategoricalDistinctLimit = 5;

    /// <summary>The share of drifted features at which the data set has drifted (Evidently's drift_share).</summary>
    public const double DatasetDriftShare = 0.5;

    /// <summary>Two-sample Kolmogorov–Smirnov, p &lt; 0.05.</summary>
    public static DriftMethod KolmogorovSmirnov { get; } = new("ks", 0.05, true);

    /// <summary>Pearson chi-square goodness of fit of current counts to reference shares, p &lt; 0.05.</summary>
    public static DriftMethod ChiSquare { get; } = new("chiSquare", 0.05, true);

    /// <summary>Two-proportion Z-test for binary features, p &lt; 0.05.</summary>
    public static DriftMethod ZTest { get; } = new("zTest", 0.05, true);

    /// <summary>Wasserstein distance divided by the reference standard deviation, ≥ 0.1.</summary>
    public static DriftMethod WassersteinNormed { get; } = new("wassersteinNormed", 0.1, false);

    /// <summary>Jensen–Shannon distance (base 2), ≥ 0.1.</summary>
    public static DriftMethod JensenShannon { get; } = new("jensenShannon", 0.1, false);

    /// <summary>Evidently's default for a feature.</summary>
    public static DriftMethod Choose(FeatureType type, long referenceCount, int distinctValues)
    {
        var asCategories = type == FeatureType.Categorical || distinctValues <= CategoricalDistinctLimit;
        if (referenceCount <= SmallSampleLimit)
        {
            if (!asCategories)
            {
                return KolmogorovSmirnov;
            }
            return distinctValues > 2 ? ChiSquare : ZTest;
        }
        return asCategories ? JensenShannon : WassersteinNormed;
    }

    /// <summary>Whether <paramref name="score"/> means drift under this method.</summary>
    public bool IsDrift(double score) => IsPValue ? score < Threshold : score >= Threshold;
}
