using System.Numerics;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// MatMul by a constant matrix, plus a constant bias row, optionally followed by Relu, computed in one pass
/// (the pattern every exported MLP layer has). Produces the same bits as the three separate nodes: the sum
/// is complete before the bias is added, and ReLU comes last.
/// </summary>
internal static class FusedDense
{
    /// <summary>Tries to fuse <paramref name="matMul"/> with the Add (and Relu) consuming its output.</summary>
    /// <returns>The fused kernel, the nodes it absorbed and its final output; null when the pattern does not apply.</returns>
    public static (Kernel Kernel, OnnxNode[] Absorbed, string Output)? TryFuse(OnnxNode matMul, Func<string, Tensor?> constant,
        Func<string, IReadOnlyList<OnnxNode>> consumers, ISet<string> graphOutputs)
    {
        if (matMul.OpType != "MatMul" || matMul.Domain is not ("" or "ai.onnx") || matMul.Inputs.Count != 2 || matMul.Outputs.Count != 1)
        {
            return null;
        }
        if (constant(matMul.Inputs[1]) is not { Rank: 2 } weights || weights is not (Tensor<float> or Tensor<double>))
        {
            return null;
        }
        var product = matMul.Outputs[0];
        if (graphOutputs.Contains(product) || consumers(product) is not [{ OpType: "Add", Domain: "" or "ai.onnx" } add] || add.Inputs.Count != 2 || add.Outputs.Count != 1)
        {
            return null;
        }
        var biasName = add.Inputs[0] == product ? add.Inputs[1] : add.Inputs[0];
        var n = weights.Shape[1];
        if (biasName == product || constant(biasName) is not { } bias || bias.ElementType != weights.ElementType || bias.Length != n
            || !(bias.Rank == 1 || (bias.Rank == 2 && bias.Shape[0] == 1)))
        {
            return null;
        }
        var absorbed = new List<OnnxNode> { add };
        var output = add.Outputs[0];
        var relu = false;
        if (!graphOutputs.Contains(output) && consumers(output) is [{ OpType: "Relu", Domain: "" or "ai.onnx" } reluNode] && reluNode.Outputs.Count == 1)
        {
            absorbed.Add(reluNode);
            output = reluNode.Outputs[0];
            relu = true;
        }
        Kernel kernel = weights switch
        {
            Tensor<float> w => Create(w, (Tensor<float>)bias, relu),
            _ => Create((Tensor<double>)weights, (Tensor<double>)bias, relu),
        };
        return (kernel, absorbed.ToArray(), output);
    }

    private static Kernel Create<T>(Tensor<T> weights, Tensor<T> bias, bool relu) where T : unmanaged, INumber<T>
    {
        int k = weights.Shape[0], n = weights.Shape[1];
        return new FuncKernel(inputs =>
        {
            var a = inputs.T(0) as Tensor<T> ?? throw new EvaluationException($"input must be tensor({ElementTypes.Name(weights.ElementType)}) but is {inputs.T(0).Describe()}");
            if (a.Rank < 1 || a.Shape[^1] != k)
            {
                throw new EvaluationException($"cannot multiply {a.Describe()} by {weights.Describe()}: inner dimensions differ");
            }
            var m = a.Length / k;
            var shape = a.Rank == 1 ? new[] { n } : a.Shape[..^1].Append(n).ToArray();
            var result = Buffers.Rent<T>(m * n); // every element is written
            MatrixMultiply.Multiply<T>(a.Data, weights.Data, result, m, k, n, bias.Data, relu);
            return Args.One(new Tensor<T>(result, shape));
        });
    }
}
