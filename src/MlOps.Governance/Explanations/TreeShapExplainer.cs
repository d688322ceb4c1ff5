namespace MlOps.Governance.Explanations;

/// <summary>Contributions of a tree ensemble: exact path-dependent TreeSHAP (<see cref="TreeShap"/>) in the slot space.</summary>
internal sealed class TreeShapExplainer : SlotExplainer
{
    /// <summary>The method name.</summary>
    public const string Name = "treeshap";

    private readonly TreeModel _trees;
    private readonly TreeShap _shap;
    private readonly double _bias;

    public TreeShapExplainer(SlotReader reader, FeatureSlots slots, FinalEstimator estimator, TreeShap shap)
        : base(reader, slots, Name, estimator.Margin, estimator.Bias + shap.ExpectedValue)
    {
        _trees = estimator.Trees!;
        _shap = shap;
        _bias = estimator.Bias;
    }

    /// <inheritdoc/>
    protected override object? CreateState() => _shap.CreateWorkspace();

    /// <inheritdoc/>
    protected override double ExplainRow(ReadOnlySpan<double> x, Span<double> phi, object? state)
    {
        _shap.Explain(x, phi, (TreeShap.Workspace)state!);
        return _bias + _trees.Predict(x);
    }
}
