using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Onnx;

namespace MlOps.Governance.Explanations;

/// <summary>
/// The model's final estimator reduced to the margin being explained: one number per row that is an exact function
/// of the estimator's input slots, either linear (<see cref="Coefficients"/>, <see cref="Bias"/>) or a sum of tree
/// leaves (<see cref="Trees"/> plus <see cref="Bias"/>). The margin is the positive class's output before the
/// estimator's post transform (the log-odds before a sigmoid, the raw score before a softmax, the averaged
/// probability of a forest), or, when the estimator's score is calibrated by a scale and shift before a sigmoid (as
/// ML.NET exports binary models), the log-odds the sigmoid reads.
/// </summary>
internal sealed class FinalEstimator
{
    /// <summary>The ONNX-ML operators whose margin is explained exactly.</summary>
    public static readonly IReadOnlyList<string> Supported = ["LinearClassifier", "LinearRegressor", "TreeEnsembleClassifier", "TreeEnsembleRegressor"];

    private FinalEstimator(OnnxNode node, string margin)
    {
        Node = node;
        Margin = margin;
    }

    /// <summary>The estimator node.</summary>
    public OnnxNode Node { get; }

    /// <summary>The tensor the estimator reads (its input slots).</summary>
    public string Input => Node.Inputs[0];

    /// <summary>What the margin is, in words.</summary>
    public string Margin { get; private set; }

    /// <summary>The coefficient of each slot (linear estimators); null for trees.</summary>
    public double[]? Coefficients { get; private set; }

    /// <summary>The trees (tree ensembles); null for linear estimators.</summary>
    public TreeModel? Trees { get; private set; }

    /// <summary>The constant part of the margin (intercept, base value, calibration shift).</summary>
    public double Bias { get; private set; }

    /// <summary>
    /// Finds the one supported estimator of <paramref name="model"/> and reduces it to the margin of
    /// <paramref name="positive"/>; null with the reason when there is none, several, or one of an unsupported form.
    /// </summary>
    /// <exception cref="MlOpsException">MLOPS193: <paramref name="positive"/> is not one of the model's classes, or is needed and missing.</exception>
    public static FinalEstimator? TryFind(OnnxModel model, string? positive, string source, out string whyNot)
    {
        var nodes = model.Graph.Nodes;
        var estimators = nodes.Where(n => n.Domain == "ai.onnx.ml" && Supported.Contains(n.OpType)).ToList();
        if (estimators.Count == 0 && MatrixProduct(model.Graph) is { } product)
        {
            whyNot = "";
            product.Calibrate(model.Graph, positive);
            return product;
        }
        if (estimators.Count != 1)
        {
            var ops = string.Join(", ", nodes.Select(n => n.OpType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            whyNot = estimators.Count == 0
                ? $"the model has no linear or tree-ensemble estimator ({string.Join(", ", Supported)}, or one MatMul or Gemm with constant weights); its operators are {ops}. Exact local contributions exist only for linear and logistic models and tree ensembles"
                : $"the model has {estimators.Count} estimators ({string.Join(", ", estimators.Select(e => e.OpType))}); a stacked or voting ensemble of estimators is not supported";
            return null;
        }
        var node = estimators[0];
        var result = node.OpType switch
        {
            "LinearRegressor" => Linear(node, classes: null, positive, source, out whyNot),
            "LinearClassifier" => Linear(node, ClassLabels(node), positive, source, out whyNot),
            "TreeEnsembleRegressor" => TreeRegressor(node, out whyNot),
            _ => TreeClassifier(node, positive, source, out whyNot),
        };
        if (result is not null && node.OpType.EndsWith("Regressor", StringComparison.Ordinal))
        {
            result.Calibrate(model.Graph, positive);
        }
        return result;
    }

    private static FinalEstimator? Linear(OnnxNode node, string[]? classes, string? positive, string source, out string whyNot)
    {
        var coefficients = TreeModel.Doubles(node, "coefficients");
        var intercepts = TreeModel.Doubles(node, "intercepts");
        var outputs = classes is null ? (int)(node.Attribute("targets")?.Int ?? 1) : Math.Max(intercepts.Length, 1);
        if (outputs < 1 || coefficients.Length % outputs != 0 || (intercepts.Length != 0 && intercepts.Length != outputs))
        {
            whyNot = $"the {node.OpType} has {coefficients.Length} coefficients and {intercepts.Length} intercepts, which do not form {outputs} output(s)";
            return null;
        }
        var width = coefficients.Length / outputs;
        var transform = PostTransform(node);
        int row;
        double sign = 1;
        string margin;
        if (classes is null)
        {
            if (outputs != 1)
            {
                whyNot = $"the LinearRegressor has {outputs} targets; only a single-target regressor is explained";
                return null;
            }
            row = 0;
            margin = transform == "NONE" ? $"the score '{node.Outputs[0]}'" : $"the score '{node.Outputs[0]}' before its post_transform {transform}";
        }
        else
        {
            var k = PositiveIndex(classes, positive, source);
            if (outputs == classes.Length)
            {
                row = k;
            }
            else if (outputs == 1 && classes.Length == 2)
            {
                // One coefficient row scores the second class; the first class's score is its negation.
                row = 0;
                sign = k == 1 ? 1 : -1;
            }
            else
            {
                whyNot = $"the LinearClassifier has {outputs} coefficient rows for {classes.Length} classes";
                return null;
            }
            margin = transform switch
            {
                "LOGISTIC" => $"the log-odds of '{classes[k]}' (the margin before the sigmoid)",
                "NONE" => $"the raw score of '{classes[k]}'",
                _ => $"the raw score of '{classes[k]}' before the post_transform {transform}",
            };
        }
        var slots = new double[width];
        for (var s = 0; s < width; s++)
        {
            slots[s] = sign * coefficients[(row * width) + s];
        }
        whyNot = "";
        return new FinalEstimator(node, margin) { Coefficients = slots, Bias = sign * (intercepts.Length == 0 ? 0 : intercepts[row]) };
    }

    private static FinalEstimator? TreeRegressor(OnnxNode node, out string whyNot)
    {
        var targets = node.Attribute("n_targets")?.Int ?? 1;
        if (targets != 1)
        {
            whyNot = $"the TreeEnsembleRegressor has {targets} targets; only a single-target ensemble is explained";
            return null;
        }
        var aggregate = node.Attribute("aggregate_function")?.String ?? "SUM";
        if (aggregate is not ("SUM" or "AVERAGE"))
        {
            whyNot = $"the TreeEnsembleRegressor aggregates its trees with {aggregate}, which is not additive: TreeSHAP needs SUM or AVERAGE";
            return null;
        }
        var scale = aggregate == "AVERAGE" ? 1.0 / TreeCount(node) : 1.0;
        var trees = TreeModel.TryRead(node, "target", 0, scale, out whyNot);
        if (trees is null)
        {
            return null;
        }
        var baseValues = TreeModel.Doubles(node, "base_values");
        var transform = PostTransform(node);
        var margin = transform == "NONE" ? $"the score '{node.Outputs[0]}'" : $"the score '{node.Outputs[0]}' before its post_transform {transform}";
        return new FinalEstimator(node, margin) { Trees = trees, Bias = baseValues.Length == 1 ? baseValues[0] : 0 };
    }

    private static FinalEstimator? TreeClassifier(OnnxNode node, string? positive, string source, out string whyNot)
    {
        var classes = ClassLabels(node);
        if (classes.Length < 2)
        {
            whyNot = "the TreeEnsembleClassifier has fewer than two class labels";
            return null;
        }
        var k = PositiveIndex(classes, positive, source);
        var transform = PostTransform(node);
        var baseValues = TreeModel.Doubles(node, "base_values");
        var weights = TreeModel.Doubles(node, "class_weights");
        var classIds = (node.Attribute("class_ids")?.Ints ?? []).Distinct().ToArray();
        TreeModel? trees;
        double bias;
        string margin;
        if (classes.Length == 2 && classIds.Length == 1 && classIds[0] == 1 && k == 1 && baseValues.Length == 0)
        {
            // Only the second class carries weights (scikit-learn-style binary forests): its score is their sum.
            trees = TreeModel.TryRead(node, "class", 1, 1, out whyNot);
            bias = 0;
            margin = transform == "LOGISTIC" ? $"the log-odds of '{classes[k]}' (the margin before the sigmoid)" : $"the score of '{classes[k]}'";
        }
        else if (classes.Length == 2 && classIds.Length == 1)
        {
            // The binary layout with one score s (boosted trees): ONNX reports s for the second class and -s (after a
            // LOGISTIC: the complement; for non-negative probabilities: 1 - s) for the first.
            if (classIds[0] != 0 || baseValues.Length > 1)
            {
                whyNot = "the binary TreeEnsembleClassifier writes its score to class id 1 or has two base values; only the layouts with one score on class id 0, or on class id 1 explained for the second class without base values, are supported";
                return null;
            }
            var complement = transform == "NONE" && weights.All(w => w >= 0);
            var sign = k == 1 ? 1.0 : -1.0;
            trees = TreeModel.TryRead(node, "class", 0, sign, out whyNot);
            bias = (sign * (baseValues.Length == 1 ? baseValues[0] : 0)) + (k == 0 && complement ? 1 : 0);
            margin = transform == "LOGISTIC"
                ? $"the log-odds of '{classes[k]}' (the margin before the sigmoid)"
                : complement ? $"the probability of '{classes[k]}'" : $"the raw score of '{classes[k]}'";
        }
        else
        {
            trees = TreeModel.TryRead(node, "class", k, 1, out whyNot);
            bias = baseValues.Length == classes.Length ? baseValues[k] : 0;
            margin = transform switch
            {
                "LOGISTIC" => $"the log-odds of '{classes[k]}' (the margin before the sigmoid)",
                "NONE" when weights.All(w => w >= 0) => $"the probability of '{classes[k]}' (the ensemble's summed, for a forest averaged, leaf values)",
                "NONE" => $"the raw score of '{classes[k]}'",
                _ => $"the raw score of '{classes[k]}' before the post_transform {transform}",
            };
        }
        return trees is null ? null : new FinalEstimator(node, margin) { Trees = trees, Bias = bias };
    }

    // A linear model written as plain ONNX: one MatMul (or Gemm) of the features with a constant [F,1] weight (as
    // hand-built and some converters' logistic regressions are), its bias and sigmoid following as Add and Sigmoid.
    private static FinalEstimator? MatrixProduct(OnnxGraph graph)
    {
        var constants = graph.Initializers.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var products = graph.Nodes.Where(n => n.Domain.Length == 0 && n.OpType is "MatMul" or "Gemm").ToList();
        if (products.Count != 1)
        {
            return null;
        }
        var node = products[0];
        if (node.Inputs.Count < 2 || constants.ContainsKey(node.Inputs[0]) || !constants.TryGetValue(node.Inputs[1], out var weight))
        {
            return null;
        }
        var dims = weight.Dims;
        var transposed = node.OpType == "Gemm" && (node.Attribute("transB")?.Int ?? 0) == 1;
        var single = dims.Length == 1 || (dims.Length == 2 && (transposed ? dims[0] : dims[1]) == 1);
        if (!single || (node.OpType == "Gemm" && (node.Attribute("transA")?.Int ?? 0) != 0))
        {
            return null;
        }
        var alpha = node.OpType == "Gemm" ? node.Attribute("alpha")?.Float ?? 1f : 1f;
        var beta = node.OpType == "Gemm" ? node.Attribute("beta")?.Float ?? 1f : 1f;
        var bias = 0.0;
        if (node.OpType == "Gemm" && node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
        {
            if (!constants.TryGetValue(node.Inputs[2], out var c) || c.ElementCount != 1)
            {
                return null;
            }
            bias = beta * c.ToDoubleArray()[0];
        }
        var coefficients = weight.ToDoubleArray().Select(w => alpha * w).ToArray();
        return new FinalEstimator(node, $"the score '{node.Outputs[0]}'") { Coefficients = coefficients, Bias = bias };
    }

    // An estimator score that is scaled and shifted by constants and then goes through a Sigmoid is a calibrated
    // log-odds (ML.NET's Platt calibration): explain that log-odds, which the probability output is the sigmoid of.
    private void Calibrate(OnnxGraph graph, string? positive)
    {
        var constants = graph.Initializers.Where(t => t.ElementCount == 1).ToDictionary(t => t.Name, t => t.ToDoubleArray()[0], StringComparer.Ordinal);
        var current = Node.Outputs[0];
        double scale = 1, shift = 0;
        for (var step = 0; step < 8; step++)
        {
            var consumers = graph.Nodes.Where(n => n.Inputs.Contains(current)).ToList();
            if (consumers.Find(n => n.OpType == "Sigmoid") is { } sigmoid)
            {
                Scale(scale, shift);
                var named = positive is null ? "the positive class" : $"'{positive}'";
                Margin = $"the log-odds of {named} (the margin before the sigmoid that gives '{sigmoid.Outputs[0]}')";
                return;
            }
            var affine = consumers.Find(n => n.OpType is "Mul" or "Add" or "Sub" && n.Inputs.Count == 2
                                             && n.Inputs.Any(i => i != current && constants.ContainsKey(i)));
            if (affine is null)
            {
                // No sigmoid follows: a plain ONNX linear model's score is where the chain of constants ends (its bias
                // is the Add after the MatMul); an ONNX-ML estimator's own output stays the margin.
                if (Node.Domain.Length == 0)
                {
                    Scale(scale, shift);
                    Margin = $"the score '{current}'";
                }
                return;
            }
            var constant = constants[affine.Inputs.First(i => i != current)];
            switch (affine.OpType)
            {
                case "Mul": scale *= constant; shift *= constant; break;
                case "Add": shift += constant; break;
                default:
                    if (affine.Inputs[0] == current)
                    {
                        shift -= constant;
                    }
                    else
                    {
                        scale = -scale;
                        shift = constant - shift;
                    }
                    break;
            }
            current = affine.Outputs[0];
        }
    }

    private void Scale(double scale, double shift)
    {
        if (Coefficients is not null)
        {
            for (var s = 0; s < Coefficients.Length; s++)
            {
                Coefficients[s] *= scale;
            }
        }
        Trees?.Scale(scale);
        Bias = (Bias * scale) + shift;
    }

    private static int TreeCount(OnnxNode node)
    {
        var ids = node.Attribute("nodes_treeids")?.Ints ?? [];
        var count = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            count += i == 0 || ids[i] != ids[i - 1] ? 1 : 0;
        }
        return Math.Max(count, 1);
    }

    private static string PostTransform(OnnxNode node) => node.Attribute("post_transform")?.String is { Length: > 0 } t ? t : "NONE";

    private static string[] ClassLabels(OnnxNode node) =>
        node.Attribute("classlabels_strings")?.Strings is { Count: > 0 } strings
            ? [.. strings]
            : (node.Attribute("classlabels_int64s")?.Ints ?? []).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static int PositiveIndex(string[] classes, string? positive, string source)
    {
        if (positive is null)
        {
            if (classes.Length == 2)
            {
                return 1;
            }
            throw new MlOpsException(
                $"The model '{source}' has {classes.Length} classes ({Listed(classes)}); the class whose contributions are explained must be named.", source,
                fix: "Name the positive class: one of the model's class labels.", diagnostic: DiagnosticCatalog.ExplainedClassUnknown, inputs: [UserInputs.PositiveLabel]);
        }
        var k = Array.IndexOf(classes, positive);
        if (k < 0)
        {
            throw new MlOpsException(
                $"The positive class '{positive}' is not a class of the model '{source}'; its classes are {Listed(classes)}.", source,
                fix: "Name the positive class exactly as the model's class labels spell it.", diagnostic: DiagnosticCatalog.ExplainedClassUnknown, inputs: [UserInputs.PositiveLabel]);
        }
        return k;
    }

    private static string Listed(string[] classes) => string.Join(", ", classes.Select(c => $"'{c}'"));
}
