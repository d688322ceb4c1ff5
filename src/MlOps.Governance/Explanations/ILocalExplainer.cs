using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Explanations;

/// <summary>
/// Exact per-prediction contributions of a model's input features: for every row, the contributions plus
/// <see cref="ExpectedValue"/> add up to the model's margin output (<see cref="Margin"/>) for that row.
/// Implementations exist only where the model allows an exact answer (linear and logistic models, tree ensembles);
/// <see cref="LocalExplainers.TryCreate"/> says why when there is none, rather than guessing.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe.</remarks>
public interface ILocalExplainer
{
    /// <summary>How the contributions are computed: <c>linear</c> (coefficient × (x − baseline mean)) or <c>treeshap</c>
    /// (exact path-dependent TreeSHAP).</summary>
    string Method { get; }

    /// <summary>The features the contributions are for, in order: the data columns that feed the model.</summary>
    IReadOnlyList<string> Features { get; }

    /// <summary>The margin with no feature known (the baseline): the contributions of a row add up to its margin minus this.</summary>
    double ExpectedValue { get; }

    /// <summary>What the contributions add up to, in words, e.g. "the log-odds of 'good' (the margin before the sigmoid)".</summary>
    string Margin { get; }

    /// <summary>
    /// Explains one batch of model inputs (as <c>IModelSession.Run</c> takes them) of <paramref name="rows"/> rows:
    /// writes <paramref name="contributions"/> row-major (rows × <see cref="Features"/>.Count) and the margin of each row
    /// into <paramref name="margins"/>.
    /// </summary>
    /// <exception cref="MlOpsException">An input is missing or has the wrong type or shape; the message names it.</exception>
    void Explain(IReadOnlyDictionary<string, OnnxValue> inputs, int rows, Span<double> contributions, Span<double> margins);
}
