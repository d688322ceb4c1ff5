namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// The supported operators: (domain, op type) to a factory that validates the node and builds its kernel.
/// </summary>
internal static class KernelRegistry
{
    private static readonly Dictionary<(string Domain, string OpType), (long MinOpset, Func<NodeContext, Kernel> Factory)> s_factories = Build();

    /// <summary>Every supported (domain, operator, first supported opset), for documentation and tests.</summary>
    public static IEnumerable<(string Domain, string OpType, long MinOpset)> Supported =>
        s_factories.Select(f => (f.Key.Domain, f.Key.OpType, f.Value.MinOpset)).OrderBy(f => f.Domain, StringComparer.Ordinal).ThenBy(f => f.OpType, StringComparer.Ordinal);

    private static Dictionary<(string, string), (long, Func<NodeContext, Kernel>)> Build()
    {
        var table = new Dictionary<(string, string), (long, Func<NodeContext, Kernel>)>();
        OnnxKernels.Register((op, min, factory) => table.Add(("", op), (min, factory)));
        MlKernels.Register((op, min, factory) => table.Add(("ai.onnx.ml", op), (min, factory)));
        return table;
    }

    /// <summary>Builds the kernel for the node in <paramref name="context"/>.</summary>
    /// <exception cref="MlOpsException">The operator is not supported, naming domain, operator, opset and node.</exception>
    public static Kernel Create(string domain, NodeContext context)
    {
        var node = context.Node;
        var domainName = domain.Length == 0 ? "ai.onnx" : domain;
        if (!s_factories.TryGetValue((domain, node.OpType), out var entry) || context.Opset < entry.MinOpset || context.Opset > MaxOpset(domain))
        {
            var what = s_factories.ContainsKey((domain, node.OpType))
                ? $"is supported for {domainName} opsets {entry.MinOpset} to {MaxOpset(domain)} only"
                : "is not supported by the managed evaluator";
            throw new MlOpsException(
                $"Operator {domainName}.{node.OpType} (opset {context.Opset}) used by node '{(node.Name.Length > 0 ? node.Name : string.Join(",", node.Outputs))}' {what}.",
                context.Source, fix: "Export the model with supported operators (see docs/evaluator.md for the list), or score it with ONNX Runtime.");
        }
        return entry.Factory(context);
    }

    /// <summary>The newest opset whose semantics the evaluator implements, per domain.</summary>
    public static long MaxOpset(string domain) => domain.Length == 0 ? 23 : 5;
}
