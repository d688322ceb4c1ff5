using System.Text.RegularExpressions;
using MlOps.Onnx;

namespace MlOps.Governance.Scoring;

/// <summary>
/// A classifier's outputs as multiclass evaluation and fairness read them: one probability column per class, named
/// by the model's class names, and the predicted-label column. Class names come from the model itself: a ZipMap's
/// keys (<c>output_probability[&lt;class&gt;]</c>), else the class labels of the ONNX node that makes a [N,K]
/// probability tensor (<c>classlabels_strings</c>/<c>classlabels_int64s</c> of LinearClassifier, TreeEnsembleClassifier,
/// SVMClassifier), else the slot names ML.NET's ONNX export keeps for its Score vector (a LabelEncoder reading
/// <c>mlnet.Score.SlotNames</c>).
/// </summary>
/// <param name="Classes">The class names, in the order of <paramref name="ProbabilityColumns"/>; empty when the model gives no probabilities.</param>
/// <param name="ProbabilityColumns">The output column holding each class's probability; empty when there are none.</param>
/// <param name="LabelColumn">The output column holding the predicted label, or null.</param>
public sealed partial record ClassOutputs(IReadOnlyList<string> Classes, IReadOnlyList<string> ProbabilityColumns, string? LabelColumn)
{
    /// <summary>Whether the model gives class probabilities (needed for log loss).</summary>
    public bool HasProbabilities => ProbabilityColumns.Count > 0;

    /// <summary>
    /// Finds the class outputs among <paramref name="columns"/> (the flattened output columns of <paramref name="model"/>);
    /// null when neither named class probabilities nor a predicted label are there.
    /// </summary>
    public static ClassOutputs? Find(ModelFile model, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(columns);
        var label = columns.FirstOrDefault(c => !c.Contains('[', StringComparison.Ordinal) && c.Contains("label", StringComparison.OrdinalIgnoreCase));
        var groups = columns.Select(c => (Column: c, Match: Keyed().Match(c))).Where(x => x.Match.Success)
            .GroupBy(x => x.Match.Groups[1].Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Key.Contains("prob", StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var group in groups)
        {
            var probabilityColumns = group.Select(x => x.Column).ToList();
            var keys = group.Select(x => x.Match.Groups[2].Value).ToList();
            var graph = model.IsMlNet ? null : model.Model.Graph;
            var output = graph?.Outputs.FirstOrDefault(o => o.Name == group.Key);
            if (output is null || output.Type?.Kind != OnnxTypeKind.Tensor)
            {
                // A map output (ZipMap): its keys are the class names.
                if (graph is not null || !keys.All(IsIndex))
                {
                    return new ClassOutputs(keys, probabilityColumns, label);
                }
                continue;
            }
            if (NamesOf(graph!, group.Key, keys.Count) is { } names)
            {
                return new ClassOutputs(names, probabilityColumns, label);
            }
        }
        return label is null ? null : new ClassOutputs([], [], label);
    }

    /// <summary>
    /// The class outputs of a predictions file: the probability columns <c>&lt;scorePrefix&gt;[&lt;class&gt;]</c> (in file
    /// order) and the predicted-label column <paramref name="predictionColumn"/>; null when it has neither.
    /// </summary>
    public static ClassOutputs? FromHeader(IReadOnlyList<string> header, string? scorePrefix, string predictionColumn)
    {
        ArgumentNullException.ThrowIfNull(header);
        var prefix = (scorePrefix ?? "score") + "[";
        var columns = header.Where(h => h.StartsWith(prefix, StringComparison.Ordinal) && h.EndsWith(']')).ToList();
        var prediction = header.Contains(predictionColumn) ? predictionColumn : null;
        return columns.Count == 0 && prediction is null ? null : new ClassOutputs(columns.Select(c => c[prefix.Length..^1]).ToList(), columns, prediction);
    }

    private static bool IsIndex(string key) => key.Length > 0 && key.All(char.IsAsciiDigit);

    // The class names of a [N,K] tensor output: the producing classifier's labels, or ML.NET's slot names.
    private static IReadOnlyList<string>? NamesOf(OnnxGraph graph, string output, int width)
    {
        var producer = Producer(graph, output);
        if (producer is not null && producer.Outputs.Count > 1)
        {
            var labels = producer.Attribute("classlabels_strings")?.Strings
                ?? producer.Attribute("classlabels_int64s")?.Ints.Select(Text).ToList()
                ?? producer.Attribute("classlabels_ints")?.Ints.Select(Text).ToList();
            // ML.NET's classifiers carry key numbers (1..K) as labels, not names: its slot names are the names.
            if (labels is { Count: > 0 } && labels.Count == width && !IsMlNetExport(graph))
            {
                return labels.ToList();
            }
        }
        var stem = output.EndsWith(".output", StringComparison.Ordinal) ? output[..^".output".Length] : output;
        var slots = graph.Nodes.FirstOrDefault(n => n.OpType == "LabelEncoder" && n.Inputs.Count == 1 && n.Inputs[0] == $"mlnet.{stem}.SlotNames");
        var slotNames = slots?.Attribute("keys_strings")?.Strings;
        var slotIndexes = slots?.Attribute("values_int64s")?.Ints;
        if (slotNames is null || slotIndexes is null || slotNames.Count != width || slotIndexes.Count != width)
        {
            return null;
        }
        var names = new string[width];
        for (var i = 0; i < width; i++)
        {
            if (slotIndexes[i] < 0 || slotIndexes[i] >= width)
            {
                return null;
            }
            names[slotIndexes[i]] = slotNames[i];
        }
        return names.Any(n => n is null) ? null : names;
    }

    private static bool IsMlNetExport(OnnxGraph graph) => graph.Nodes.Any(n => n.Inputs.Any(i => i.StartsWith("mlnet.", StringComparison.Ordinal)));

    // The node that computes the output, looking through Identity and Cast.
    private static Onnx.OnnxNode? Producer(OnnxGraph graph, string value)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            var node = graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(value));
            if (node is null || (node.OpType != "Identity" && node.OpType != "Cast"))
            {
                return node;
            }
            value = node.Inputs[0];
        }
        return null;
    }

    private static string Text(long x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([^\[]+)\[(.*)\]$")]
    private static partial Regex Keyed();
}

/// <summary>The error when a model's class outputs cannot be found.</summary>
public static class MulticlassOutputs
{
    /// <summary>MLOPS152 naming the model's output columns.</summary>
    public static MlOpsException NotFound(ModelFile model, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(columns);
        return new MlOpsException(
            $"The model '{model.Source}' gives neither class probabilities with class names nor a predicted label: its outputs are {string.Join(", ", columns.Select(c => $"'{c}'"))}.",
            model.Source, fix: "Give a classifier whose outputs carry its class names (a ZipMap, classifier class labels, ML.NET's ONNX export) or a predicted label, or evaluate a predictions file with one probability column per class.",
            diagnostic: Diagnostics.DiagnosticCatalog.NoClassOutputs, inputs: [Diagnostics.UserInputs.Model]);
    }
}
