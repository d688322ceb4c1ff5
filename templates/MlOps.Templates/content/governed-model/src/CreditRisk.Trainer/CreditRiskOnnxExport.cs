using MlOps.Onnx;

namespace CreditRisk.Trainer;

/// <summary>
/// Writes the fitted pipeline as ONNX in the shape scikit-learn exports (skl2onnx with zipmap=False), so
/// the model card lists the real inputs and any ONNX runtime can score the CSV columns by name:
/// <code>
/// numeric [N,1] float ×7 ─ Concat(axis 1) ─ Scaler ─────────────────────────────┐
/// categorical [N,1] string ×12 ─ OneHotEncoder each ─ Concat(axis 2) ─ Reshape ─ Concat(axis 1) ─ LinearClassifier ─ label [N], probabilities [N,2]
/// </code>
/// Operators: ai.onnx Concat and Reshape (opset 17); ai.onnx.ml Scaler, OneHotEncoder and LinearClassifier (opset 3).
/// </summary>
public static class CreditRiskOnnxExport
{
    /// <summary>The class labels in output order (ordinal, as scikit-learn's classes_).</summary>
    public static IReadOnlyList<string> ClassLabels { get; } = [GermanCreditSchema.NegativeLabel, GermanCreditSchema.PositiveLabel];

    /// <summary>The ONNX bytes of the fitted pipeline.</summary>
    public static byte[] Build(FeaturePipeline pipeline, LogisticRegression model)
    {
        var builder = new OnnxModelBuilder()
            .Opset("", 17)
            .Opset("ai.onnx.ml", 3)
            .Producer("CreditRisk.Trainer", "1.0.0")
            .GraphName("credit_risk", "German credit: standardised numeric and one-hot categorical inputs, L2 logistic regression.")
            .DocString("Predicts credit_risk (good/bad). Inputs are the CSV columns of the same names.");

        foreach (var name in GermanCreditSchema.NumericFeatures)
        {
            builder.Input(name, OnnxDataType.Float, "N", 1);
        }
        foreach (var name in GermanCreditSchema.CategoricalFeatures)
        {
            builder.Input(name, OnnxDataType.String, "N", 1);
        }
        builder
            .Output("label", OnnxDataType.String, "N")
            .Output("probabilities", OnnxDataType.Float, "N", 2);

        builder
            .Node("Concat", GermanCreditSchema.NumericFeatures, ["numeric"], [OnnxAttribute.Of("axis", 1L)], name: "concat_numeric")
            .Node("Scaler", ["numeric"], ["numeric_scaled"],
                [OnnxAttribute.Of("offset", pipeline.Means), OnnxAttribute.Of("scale", pipeline.Scales)],
                domain: "ai.onnx.ml", name: "standard_scaler");

        var encoded = new List<string>();
        for (var f = 0; f < GermanCreditSchema.CategoricalFeatures.Count; f++)
        {
            var name = GermanCreditSchema.CategoricalFeatures[f];
            var output = name + "_onehot";
            // zeros=1: a category never seen in training encodes as all zeros (handle_unknown="ignore").
            builder.Node("OneHotEncoder", [name], [output],
                [OnnxAttribute.Of("cats_strings", pipeline.Categories[f]), OnnxAttribute.Of("zeros", 1L)],
                domain: "ai.onnx.ml", name: "onehot_" + name);
            encoded.Add(output);
        }
        var categoricalWidth = pipeline.Categories.Sum(c => (long)c.Length);
        builder
            .Node("Concat", encoded, ["categorical_onehot"], [OnnxAttribute.Of("axis", 2L)], name: "concat_onehot")
            .Initializer("categorical_shape", new long[] { -1, categoricalWidth }, 2)
            .Node("Reshape", ["categorical_onehot", "categorical_shape"], ["categorical"], name: "flatten_onehot")
            .Node("Concat", ["numeric_scaled", "categorical"], ["features"], [OnnxAttribute.Of("axis", 1L)], name: "concat_features");

        // Two coefficient rows (bad = -w, good = w) with a logistic post-transform give [1 - p, p] exactly as
        // skl2onnx exports a binary LogisticRegression, without relying on a runtime's one-row special case.
        var coefficients = model.Weights.Select(w => -w).Concat(model.Weights).ToArray();
        builder.Node("LinearClassifier", ["features"], ["label", "probabilities"],
            [
                OnnxAttribute.Of("coefficients", coefficients),
                OnnxAttribute.Of("intercepts", new[] { -model.Intercept, model.Intercept }),
                OnnxAttribute.Of("classlabels_strings", ClassLabels),
                OnnxAttribute.Of("multi_class", 0L),
                OnnxAttribute.Of("post_transform", "LOGISTIC"),
            ],
            domain: "ai.onnx.ml", name: "logistic_regression");
        return builder.ToBytes();
    }
}
