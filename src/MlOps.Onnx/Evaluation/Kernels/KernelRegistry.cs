using MlOps.Diagnostics;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// The supported operators: (domain, op type) to a factory that validates the node and builds its kernel.
/// </summary>
/// <remarks>
/// <see cref="Build"/> is the single list of operators and their first supported opsets, kept apart from
/// the kernels so it reads as the table docs/evaluator.md documents.
/// </remarks>
internal static class KernelRegistry
{
    private static readonly Dictionary<(string Domain, string OpType), (long MinOpset, Func<NodeContext, Kernel> Factory)> s_factories = Build();

    /// <summary>Every supported (domain, operator, first supported opset), for documentation and tests.</summary>
    public static IEnumerable<(string Domain, string OpType, long MinOpset)> Supported =>
        s_factories.Select(f => (f.Key.Domain, f.Key.OpType, f.Value.MinOpset)).OrderBy(f => f.Domain, StringComparer.Ordinal).ThenBy(f => f.OpType, StringComparer.Ordinal);

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
                context.Source, fix: "Score it with the ONNX Runtime engine, which implements every standard operator (docs/engines.md), or export the model with the operators docs/evaluator.md lists.",
                inputs: [UserInputs.Engine.Example(OnnxRuntimeEngineName)]);
        }
        return entry.Factory(context);
    }

    // The engine name the fix suggests; MlOps.Engines.OnnxRuntime defines it, but this project must not reference it.
    private const string OnnxRuntimeEngineName = "onnxruntime";

    /// <summary>The newest opset whose semantics the evaluator implements, per domain.</summary>
    public static long MaxOpset(string domain) => domain.Length == 0 ? 23 : 5;

    /// <summary>The one list of supported operators: domain, operator, first supported opset, kernel factory.</summary>
    private static Dictionary<(string, string), (long, Func<NodeContext, Kernel>)> Build()
    {
        var table = new Dictionary<(string, string), (long, Func<NodeContext, Kernel>)>();
        void Onnx(string op, long minOpset, Func<NodeContext, Kernel> factory) => table.Add(("", op), (minOpset, factory));
        void Ml(string op, long minOpset, Func<NodeContext, Kernel> factory) => table.Add(("ai.onnx.ml", op), (minOpset, factory));

        // ai.onnx operators from opset 7 (the oldest documented), except those ONNX added later: Where (9), CastLike (15).
        const long v = 7;
        Onnx("Identity", v, OnnxKernels.Identity);
        Onnx("Constant", v, OnnxKernels.Constant);
        Onnx("Cast", v, ctx => OnnxKernels.Cast(ctx, like: false));
        Onnx("CastLike", 15, ctx => OnnxKernels.Cast(ctx, like: true));
        Onnx("Shape", v, OnnxKernels.ShapeOp);
        Onnx("Reshape", v, OnnxKernels.Reshape);
        Onnx("Flatten", v, OnnxKernels.Flatten);
        Onnx("Squeeze", v, OnnxKernels.Squeeze);
        Onnx("Unsqueeze", v, OnnxKernels.Unsqueeze);
        Onnx("Concat", v, OnnxKernels.Concat);
        Onnx("Gather", v, OnnxKernels.Gather);
        Onnx("Slice", v, OnnxKernels.Slice);
        Onnx("Transpose", v, OnnxKernels.Transpose);
        Onnx("Add", v, ctx => OnnxKernels.Arithmetic(ctx, OnnxKernels.Arith.Add));
        Onnx("Sub", v, ctx => OnnxKernels.Arithmetic(ctx, OnnxKernels.Arith.Sub));
        Onnx("Mul", v, ctx => OnnxKernels.Arithmetic(ctx, OnnxKernels.Arith.Mul));
        Onnx("Sum", v, ctx => OnnxKernels.VariadicElementwise(ctx, OnnxKernels.Variadic.Sum));
        Onnx("Max", v, ctx => OnnxKernels.VariadicElementwise(ctx, OnnxKernels.Variadic.Max));
        Onnx("Min", v, ctx => OnnxKernels.VariadicElementwise(ctx, OnnxKernels.Variadic.Min));
        Onnx("Div", v, ctx => OnnxKernels.Arithmetic(ctx, OnnxKernels.Arith.Div));
        Onnx("Pow", v, OnnxKernels.Pow);
        Onnx("Sqrt", v, ctx => OnnxKernels.FloatUnary(ctx, MathF.Sqrt, Math.Sqrt));
        Onnx("Exp", v, ctx => OnnxKernels.FloatUnary(ctx, MathF.Exp, Math.Exp));
        Onnx("Log", v, ctx => OnnxKernels.FloatUnary(ctx, MathF.Log, Math.Log));
        Onnx("Abs", v, ctx => OnnxKernels.FloatUnary(ctx, MathF.Abs, Math.Abs, true, x => x < 0 ? -x : x, x => x < 0 ? -x : x));
        Onnx("Neg", v, ctx => OnnxKernels.FloatUnary(ctx, x => -x, x => -x, true, x => -x, x => -x));
        Onnx("Reciprocal", v, ctx => OnnxKernels.FloatUnary(ctx, x => 1f / x, x => 1.0 / x));
        Onnx("Clip", v, OnnxKernels.Clip);
        Onnx("Relu", v, OnnxKernels.Relu);
        Onnx("LeakyRelu", v, OnnxKernels.LeakyRelu);
        Onnx("Sigmoid", v, ctx => OnnxKernels.FloatUnary(ctx, OnnxKernels.Sigmoid, OnnxKernels.Sigmoid));
        Onnx("Tanh", v, ctx => OnnxKernels.FloatUnary(ctx, MathF.Tanh, Math.Tanh));
        Onnx("Softmax", v, ctx => OnnxKernels.Softmax(ctx, log: false));
        Onnx("LogSoftmax", v, ctx => OnnxKernels.Softmax(ctx, log: true));
        Onnx("MatMul", v, OnnxKernels.MatMul);
        Onnx("Gemm", v, OnnxKernels.Gemm);
        Onnx("ReduceSum", v, ctx => OnnxKernels.Reduce(ctx, OnnxKernels.ReduceKind.Sum));
        Onnx("ReduceMean", v, ctx => OnnxKernels.Reduce(ctx, OnnxKernels.ReduceKind.Mean));
        Onnx("ReduceMax", v, ctx => OnnxKernels.Reduce(ctx, OnnxKernels.ReduceKind.Max));
        Onnx("ArgMax", v, OnnxKernels.ArgMax);
        Onnx("Equal", v, ctx => OnnxKernels.Comparison(ctx, OnnxKernels.Compare.Equal));
        Onnx("Greater", v, ctx => OnnxKernels.Comparison(ctx, OnnxKernels.Compare.Greater));
        Onnx("Less", v, ctx => OnnxKernels.Comparison(ctx, OnnxKernels.Compare.Less));
        Onnx("Where", 9, OnnxKernels.Where);
        Onnx("Not", v, OnnxKernels.Not);
        Onnx("And", v, ctx => OnnxKernels.Logical(ctx, and: true));
        Onnx("Or", v, ctx => OnnxKernels.Logical(ctx, and: false));
        Onnx("BatchNormalization", v, OnnxKernels.BatchNormalization);
        Onnx("Dropout", v, OnnxKernels.Dropout);

        // ai.onnx.ml operators from its first opset.
        Ml("LinearClassifier", 1, MlKernels.LinearClassifier);
        Ml("LinearRegressor", 1, MlKernels.LinearRegressor);
        Ml("TreeEnsembleClassifier", 1, ctx => TreeEnsembleKernels.Create(ctx, classifier: true));
        Ml("TreeEnsembleRegressor", 1, ctx => TreeEnsembleKernels.Create(ctx, classifier: false));
        Ml("SVMClassifier", 1, SvmKernels.Classifier);
        Ml("SVMRegressor", 1, SvmKernels.Regressor);
        Ml("Scaler", 1, MlKernels.Scaler);
        Ml("Normalizer", 1, MlKernels.Normalizer);
        Ml("Binarizer", 1, MlKernels.Binarizer);
        Ml("Imputer", 1, MlKernels.Imputer);
        Ml("OneHotEncoder", 1, MlKernels.OneHotEncoder);
        Ml("LabelEncoder", 1, MlKernels.LabelEncoder);
        Ml("ArrayFeatureExtractor", 1, MlKernels.ArrayFeatureExtractor);
        Ml("FeatureVectorizer", 1, MlKernels.FeatureVectorizer);
        Ml("ZipMap", 1, MlKernels.ZipMap);
        return table;
    }
}
