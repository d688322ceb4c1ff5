namespace MlOps.Governance.Explanations;

/// <summary>
/// Contributions of a linear or logistic model: coefficient × (slot value − the slot's mean over the background
/// data), on the margin. These are the exact Shapley values of a linear margin with independent features; they add
/// up to margin − expected value, the expected value being intercept + Σ coefficient × mean.
/// </summary>
internal sealed class LinearExplainer : SlotExplainer
{
    /// <summary>The method name.</summary>
    public const string Name = "linear";

    private readonly double[] _coefficients;
    private readonly double[] _means;
    private readonly double _bias;

    public LinearExplainer(SlotReader reader, FeatureSlots slots, FinalEstimator estimator, double[] means)
        : base(reader, slots, Name, estimator.Margin, Expected(estimator, means))
    {
        _coefficients = estimator.Coefficients!;
        _means = means;
        _bias = estimator.Bias;
    }

    private static double Expected(FinalEstimator estimator, double[] means)
    {
        var sum = estimator.Bias;
        for (var s = 0; s < means.Length; s++)
        {
            sum += estimator.Coefficients![s] * means[s];
        }
        return sum;
    }

    /// <inheritdoc/>
    protected override object? CreateState() => null;

    /// <inheritdoc/>
    protected override double ExplainRow(ReadOnlySpan<double> x, Span<double> phi, object? state)
    {
        var margin = _bias;
        for (var s = 0; s < x.Length; s++)
        {
            margin += _coefficients[s] * x[s];
            phi[s] = _coefficients[s] * (x[s] - _means[s]);
        }
        return margin;
    }
}
