using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Explanations;

/// <summary>
/// Computes the estimator's input vector (the slots) for a batch of model inputs by running the model's own
/// featurizer: the graph cut just before the estimator, evaluated by the managed evaluator. The explainers therefore
/// see exactly the values the estimator sees when the model scores, without re-implementing any featurizer.
/// </summary>
internal sealed class SlotReader
{
    private const string SlotsOutput = "mlops.explained.slots";

    private readonly InferenceSession _session;

    private SlotReader(InferenceSession session, int width)
    {
        _session = session;
        Width = width;
    }

    /// <summary>The slot count of a row.</summary>
    public int Width { get; }

    /// <summary>The inputs the featurizer takes (the model's inputs).</summary>
    public IModelSession Session => _session;

    /// <summary>The featurizer of <paramref name="model"/> up to <paramref name="tensor"/>, <paramref name="width"/> slots wide.</summary>
    public static SlotReader Create(OnnxModel model, string tensor, int width, string source)
    {
        var graph = model.Graph;
        var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            foreach (var output in node.Outputs)
            {
                producers[output] = node;
            }
        }
        var needed = new HashSet<OnnxNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<string>([tensor]);
        while (pending.Count > 0)
        {
            if (producers.TryGetValue(pending.Pop(), out var node) && needed.Add(node))
            {
                foreach (var input in node.Inputs.Where(i => i.Length > 0))
                {
                    pending.Push(input);
                }
            }
        }
        // An Identity names the cut's output even when the estimator reads a graph input directly.
        var nodes = graph.Nodes.Where(needed.Contains).Append(new OnnxNode("Identity", [tensor], [SlotsOutput])).ToArray();
        var cut = new OnnxModel
        {
            IrVersion = model.IrVersion,
            Opsets = model.Opsets,
            MetadataProps = model.MetadataProps,
            Graph = new OnnxGraph
            {
                Name = graph.Name,
                Nodes = nodes,
                Initializers = graph.Initializers,
                Inputs = graph.Inputs,
                Outputs = [new OnnxValueInfo(SlotsOutput, null)],
                ValueInfo = graph.ValueInfo,
            },
        };
        return new SlotReader(InferenceSession.Create(cut, source), width);
    }

    /// <summary>The slots of <paramref name="rows"/> rows, row-major, as doubles (exactly the estimator's float or double values).</summary>
    /// <exception cref="MlOpsException">An input is missing or of the wrong type or shape.</exception>
    public double[] Read(IReadOnlyDictionary<string, OnnxValue> inputs, int rows)
    {
        var value = _session.Run(inputs)[SlotsOutput];
        var expected = (long)rows * Width;
        double[] slots = value switch
        {
            Tensor<float> t => Array.ConvertAll(t.Data, f => (double)f),
            Tensor<double> t => (double[])t.Data.Clone(),
            Tensor<long> t => Array.ConvertAll(t.Data, l => (double)l),
            Tensor<int> t => Array.ConvertAll(t.Data, i => (double)i),
            _ => throw new MlOpsException($"The estimator's input is not a numeric tensor ({value.GetType().Name}).", null,
                fix: "Explain a model whose estimator reads a numeric feature vector."),
        };
        if (slots.Length != expected)
        {
            throw new MlOpsException(
                $"The featurizer gave {slots.Length} values for {rows} rows of {Width} slots; the inputs do not hold {rows} rows.", null,
                fix: "Give every model input the same number of rows.");
        }
        return slots;
    }
}
