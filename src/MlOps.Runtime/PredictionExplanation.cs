using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Governance.Explanations;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;

namespace MlOps.Runtime;

/// <summary>How much one input feature moved one prediction's margin away from the expected value.</summary>
/// <param name="Feature">The data column (model input).</param>
/// <param name="Value">The feature's value in the explained inputs, as text (invariant culture); null when the feature is a position of a wider input.</param>
/// <param name="Contribution">Its contribution to the margin (positive: raised it).</param>
public sealed record FeatureContribution(string Feature, string? Value, double Contribution);

/// <summary>
/// Why one prediction came out as it did: its margin equals <see cref="ExpectedValue"/> plus the contributions of
/// every feature (<see cref="Contributions"/> holds the largest of them, in absolute value).
/// </summary>
/// <param name="Method"><c>linear</c> or <c>treeshap</c> (docs/explanations.md).</param>
/// <param name="MarginMeaning">What the margin is, e.g. "the log-odds of 'good' (the margin before the sigmoid)".</param>
/// <param name="Margin">This prediction's margin.</param>
/// <param name="ExpectedValue">The margin with no feature known (over the background data).</param>
/// <param name="Contributions">The top contributions, largest absolute value first (ties in feature order).</param>
public sealed record PredictionExplanation(string Method, string MarginMeaning, double Margin, double ExpectedValue, IReadOnlyList<FeatureContribution> Contributions)
{
    /// <summary>The explanation of row <paramref name="row"/> of an explained batch, with its top <paramref name="top"/> contributions.</summary>
    internal static PredictionExplanation Of(ILocalExplainer explainer, ReadOnlySpan<double> contributions, double margin, int top,
        IReadOnlyDictionary<string, OnnxValue> inputs, int row)
    {
        var features = explainer.Features;
        var chosen = Top(contributions, top);
        var list = new FeatureContribution[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            var f = chosen[i];
            list[i] = new FeatureContribution(features[f], ValueOf(inputs, features[f], row), contributions[f]);
        }
        return new PredictionExplanation(explainer.Method, explainer.Margin, margin, explainer.ExpectedValue, list);
    }

    /// <summary>
    /// The <c>explanation</c> member of an audit record for a batch: method, expected value, and per row its margin
    /// and top contributions (feature and contribution only: the values are inputs, which the log records only when asked to).
    /// </summary>
    internal static AuditJson AuditOf(ILocalExplainer explainer, double[] contributions, double[] margins, int top)
    {
        var features = explainer.Features;
        var rows = new JsonArray();
        for (var r = 0; r < margins.Length; r++)
        {
            var row = contributions.AsSpan(r * features.Count, features.Count);
            var listed = new JsonArray();
            foreach (var f in Top(row, top))
            {
                listed.Add(new JsonObject { ["feature"] = features[f], ["contribution"] = row[f] });
            }
            rows.Add(new JsonObject { ["margin"] = margins[r], ["top"] = listed });
        }
        return AuditJson.From(new JsonObject
        {
            ["method"] = explainer.Method,
            ["expectedValue"] = explainer.ExpectedValue,
            ["rows"] = rows,
        });
    }

    private static int[] Top(ReadOnlySpan<double> contributions, int top)
    {
        var order = Enumerable.Range(0, contributions.Length).ToArray();
        var magnitude = contributions.ToArray().Select(Math.Abs).ToArray();
        // Stable: equal magnitudes keep feature order, so the same inputs always list the same features.
        return [.. order.OrderByDescending(i => magnitude[i]).ThenBy(i => i).Take(Math.Max(top, 0))];
    }

    private static string? ValueOf(IReadOnlyDictionary<string, OnnxValue> inputs, string feature, int row)
    {
        if (!inputs.TryGetValue(feature, out var value) || value is not Tensor tensor)
        {
            return null;
        }
        var width = tensor.Rank == 0 || tensor.Dimensions[0] == 0 ? 1 : tensor.Length / tensor.Dimensions[0];
        var at = row * width;
        return tensor switch
        {
            Tensor<float> t => t.Data[at].ToString("R", CultureInfo.InvariantCulture),
            Tensor<double> t => t.Data[at].ToString("R", CultureInfo.InvariantCulture),
            Tensor<long> t => t.Data[at].ToString(CultureInfo.InvariantCulture),
            Tensor<int> t => t.Data[at].ToString(CultureInfo.InvariantCulture),
            Tensor<bool> t => t.Data[at] ? "true" : "false",
            Tensor<string> t => t.Data[at],
            _ => null,
        };
    }
}
