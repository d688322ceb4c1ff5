using System.Globalization;
using MlOps.Onnx;

namespace MlOps.Governance.Explanations;

/// <summary>
/// Which data column (model input) each slot of the estimator's input vector comes from, found by tracing the
/// featurizer subgraph back from the estimator to the graph inputs. Only operators whose slot-to-column mapping is
/// known exactly are followed (element-wise ops, one-hot encoding, concatenation, reshapes); any other operator on
/// the path stops the trace with a reason naming it, so the contributions are never attributed by a guess.
/// </summary>
internal sealed class FeatureSlots
{
    // Element-wise on every slot: slot i of the output comes from slot i of the (first) input only.
    private static readonly HashSet<string> ElementWise = new(StringComparer.Ordinal)
    {
        "Identity", "Cast", "Scaler", "Imputer", "LabelEncoder", "Binarizer", "Neg", "Abs", "Sqrt", "Log", "Exp",
        "Floor", "Ceil", "Round", "Relu", "Sigmoid", "Tanh", "Reciprocal", "Clip", "Not", "IsNaN",
    };

    // Change the shape only: row-major order within a row is kept, so slot i stays slot i.
    private static readonly HashSet<string> Reshapes = new(StringComparer.Ordinal) { "Reshape", "Flatten", "Squeeze", "Unsqueeze" };

    // Element-wise between two tensors: a slot depends on the same slot of each operand (constants broadcast).
    private static readonly HashSet<string> Binary = new(StringComparer.Ordinal) { "Add", "Sub", "Mul", "Div", "Max", "Min", "Pow", "Where" };

    private FeatureSlots(string[] features, int[] slotFeature)
    {
        Features = features;
        SlotFeature = slotFeature;
    }

    /// <summary>The data columns: one per model input one value wide, one per position of a wider input.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>For each slot of the estimator's input, the index into <see cref="Features"/> (-1: a constant slot).</summary>
    public int[] SlotFeature { get; }

    /// <summary>The slot count.</summary>
    public int Width => SlotFeature.Length;

    /// <summary>Traces <paramref name="tensor"/> (the estimator's input) back to the inputs of <paramref name="model"/>.</summary>
    public static FeatureSlots? TryTrace(OnnxModel model, string tensor, out string whyNot)
    {
        var graph = model.Graph;
        var features = new List<string>();
        var inputSlots = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var named = model.Metadata(Scoring.InputBinding.FeaturesMetadataKey)?
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var input in graph.RuntimeInputs)
        {
            var width = InputWidth(input);
            if (width is null)
            {
                whyNot = $"the width of model input '{input.Name}' is not declared, so its slots cannot be told apart";
                return null;
            }
            var slots = new int[width.Value];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = features.Count;
                features.Add(width == 1 ? input.Name
                    : named is not null && named.Length == width ? named[i]
                    : $"{input.Name}[{i.ToString(CultureInfo.InvariantCulture)}]");
            }
            inputSlots[input.Name] = slots;
        }

        var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            foreach (var output in node.Outputs)
            {
                producers[output] = node;
            }
        }
        var constants = new HashSet<string>(graph.Initializers.Select(i => i.Name), StringComparer.Ordinal);
        var tracer = new Tracer(producers, constants, inputSlots);
        var traced = tracer.Trace(tensor);
        if (traced is null)
        {
            whyNot = tracer.WhyNot!;
            return null;
        }
        whyNot = "";
        return new FeatureSlots([.. features], traced);
    }

    private static int? InputWidth(OnnxValueInfo input)
    {
        var shape = input.Type?.Shape;
        if (shape is null || shape.Count <= 1)
        {
            return 1;
        }
        long width = 1;
        for (var d = 1; d < shape.Count; d++)
        {
            if (shape[d].Value is not { } v)
            {
                return null;
            }
            width *= v;
        }
        return width is > 0 and <= int.MaxValue ? (int)width : null;
    }

    private sealed class Tracer(Dictionary<string, OnnxNode> producers, HashSet<string> constants, Dictionary<string, int[]> inputs)
    {
        private readonly Dictionary<string, int[]?> _done = new(StringComparer.Ordinal);

        public string? WhyNot { get; private set; }

        // The slot map of a tensor; null with WhyNot set when it cannot be traced. A constant gives an empty map,
        // which broadcasts.
        public int[]? Trace(string tensor)
        {
            if (_done.TryGetValue(tensor, out var known))
            {
                return known;
            }
            var result = Compute(tensor);
            _done[tensor] = result;
            return result;
        }

        private int[]? Compute(string tensor)
        {
            if (inputs.TryGetValue(tensor, out var slots))
            {
                return slots;
            }
            if (constants.Contains(tensor))
            {
                return [];
            }
            if (!producers.TryGetValue(tensor, out var node))
            {
                return Fail($"the value '{tensor}' has no producer in the graph");
            }
            var op = node.OpType;
            if (op == "Constant")
            {
                return [];
            }
            if (ElementWise.Contains(op) || Reshapes.Contains(op))
            {
                return Trace(node.Inputs[0]);
            }
            if (Binary.Contains(op))
            {
                return Combine(node);
            }
            return op switch
            {
                "OneHotEncoder" => OneHot(node),
                "FeatureVectorizer" => Vectorize(node),
                "Concat" => Concatenate(node),
                _ => Fail($"the operator '{op}'{Named(node)} between the model inputs and the estimator is not supported: its output slots cannot be mapped to data columns exactly"),
            };
        }

        private int[]? Combine(OnnxNode node)
        {
            int[]? merged = [];
            foreach (var input in node.Inputs.Where(i => i.Length > 0))
            {
                var slots = Trace(input);
                if (slots is null)
                {
                    return null;
                }
                if (slots.Length == 0)
                {
                    continue;
                }
                if (merged.Length == 0)
                {
                    merged = slots;
                    continue;
                }
                if (slots.Length != merged.Length || !slots.AsSpan().SequenceEqual(merged))
                {
                    return Fail($"the operator '{node.OpType}'{Named(node)} combines values of different data columns in one slot");
                }
            }
            return merged;
        }

        private int[]? OneHot(OnnxNode node)
        {
            var source = Trace(node.Inputs[0]);
            if (source is null)
            {
                return null;
            }
            var categories = Math.Max(node.Attribute("cats_int64s")?.Ints.Count ?? 0, node.Attribute("cats_strings")?.StringsBytes.Count ?? 0);
            var slots = new int[source.Length * categories];
            for (var i = 0; i < source.Length; i++)
            {
                slots.AsSpan(i * categories, categories).Fill(source[i]);
            }
            return slots;
        }

        private int[]? Vectorize(OnnxNode node)
        {
            var dimensions = node.Attribute("inputdimensions")?.Ints ?? [];
            if (dimensions.Count != node.Inputs.Count)
            {
                return Fail($"the FeatureVectorizer{Named(node)} has {dimensions.Count} input dimensions for {node.Inputs.Count} inputs");
            }
            var slots = new List<int>();
            for (var k = 0; k < node.Inputs.Count; k++)
            {
                var part = Trace(node.Inputs[k]);
                if (part is null)
                {
                    return null;
                }
                if (part.Length != dimensions[k])
                {
                    return Fail($"the FeatureVectorizer{Named(node)} takes {dimensions[k]} values from '{node.Inputs[k]}', which has {part.Length}");
                }
                slots.AddRange(part);
            }
            return [.. slots];
        }

        private int[]? Concatenate(OnnxNode node)
        {
            // Only the feature axis (1, or -1 of a matrix) keeps rows apart; a concatenation along the batch axis mixes rows.
            var axis = node.Attribute("axis")?.Int ?? 1;
            if (axis is not (1 or -1))
            {
                return Fail($"the Concat{Named(node)} joins along axis {axis}; only the feature axis (1) is supported");
            }
            var slots = new List<int>();
            foreach (var input in node.Inputs)
            {
                var part = Trace(input);
                if (part is null)
                {
                    return null;
                }
                if (part.Length == 0)
                {
                    return Fail($"the Concat{Named(node)} adds constant slots whose width is not known");
                }
                slots.AddRange(part);
            }
            return [.. slots];
        }

        private int[]? Fail(string reason)
        {
            WhyNot ??= reason;
            return null;
        }

        private static string Named(OnnxNode node) => node.Name.Length > 0 ? $" (node '{node.Name}')" : "";
    }
}
