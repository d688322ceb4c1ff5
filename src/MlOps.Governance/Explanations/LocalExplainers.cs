using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Explanations;

/// <summary>Finds the exact local explainer a model allows, with its baseline taken from background data.</summary>
public static class LocalExplainers
{
    /// <summary>
    /// The local explainer of <paramref name="model"/>, or null with the reason in <paramref name="whyNot"/> when the
    /// model allows no exact one. <paramref name="backgroundDataPath"/> supplies the baseline (the feature means of a
    /// linear model, the node covers of trees that do not carry them); <paramref name="positive"/> names the class
    /// whose margin is explained (null for a regressor).
    /// </summary>
    /// <exception cref="MlOpsException">Bad model or background data.</exception>
    public static ILocalExplainer? TryCreate(ModelFile model, string backgroundDataPath, string? positive, CsvReaderOptions? csv, out string whyNot)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(backgroundDataPath);
        _ = positive;
        _ = csv;
        whyNot = "local contributions are not available yet for any model";
        return null;
    }
}
