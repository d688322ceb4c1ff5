using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Evaluation.Planning;

/// <summary>
/// Orders a graph's nodes so every node follows the producers of its inputs, checking on the way that each
/// value has exactly one producer and each input is defined.
/// </summary>
internal static class TopologicalOrder
{
    /// <summary>Sorts the nodes of <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="isGraphValue">True for a name the graph itself defines (an input or an initializer), which no node may write.</param>
    /// <param name="source">The model file, for error messages.</param>
    /// <exception cref="MlOpsException">A value has two producers, an input is undefined, or the graph has a cycle.</exception>
    public static List<OnnxNode> Sort(OnnxGraph graph, Func<string, bool> isGraphValue, string? source)
    {
        var nodes = graph.Nodes;
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var output in nodes[n].Outputs)
            {
                if (output.Length == 0)
                {
                    continue;
                }
                if (producer.ContainsKey(output) || isGraphValue(output))
                {
                    throw new MlOpsException($"{NodeNames.Label(nodes[n])} writes '{output}', which another node, input or initializer already defines.",
                        source, fix: "Re-export the model; every value must have exactly one producer.");
                }
                producer[output] = n;
            }
        }
        var dependents = new List<int>[nodes.Count];
        var pending = new int[nodes.Count];
        for (var n = 0; n < nodes.Count; n++)
        {
            dependents[n] = [];
        }
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var input in nodes[n].Inputs.Distinct())
            {
                if (input.Length == 0 || isGraphValue(input))
                {
                    continue;
                }
                if (!producer.TryGetValue(input, out var p))
                {
                    throw new MlOpsException($"{NodeNames.Label(nodes[n])} reads input '{input}', which is not a graph input, an initializer or any node's output.",
                        source, fix: "Re-export the model; an initializer or node is missing.");
                }
                dependents[p].Add(n);
                pending[n]++;
            }
        }
        // Kahn's algorithm, always taking the lowest-numbered ready node, so file order is kept when valid.
        var ready = new PriorityQueue<int, int>();
        for (var n = 0; n < nodes.Count; n++)
        {
            if (pending[n] == 0)
            {
                ready.Enqueue(n, n);
            }
        }
        var order = new List<OnnxNode>(nodes.Count);
        while (ready.TryDequeue(out var n, out _))
        {
            order.Add(nodes[n]);
            foreach (var d in dependents[n])
            {
                if (--pending[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }
        if (order.Count != nodes.Count)
        {
            var stuck = Enumerable.Range(0, nodes.Count).First(n => pending[n] > 0);
            throw new MlOpsException($"The graph has a cycle: {NodeNames.Label(nodes[stuck])} depends (indirectly) on its own output.",
                source, fix: "Re-export the model; ONNX graphs must be acyclic.");
        }
        return order;
    }
}
