using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Evaluation.Planning;

/// <summary>
/// Calls a node's kernel and reports its failures as <see cref="MlOpsException"/> naming the node. Shared by
/// constant folding and <see cref="InferenceSession.Run(IReadOnlyDictionary{string, OnnxValue})"/>, so a node
/// fails with the same message whether it runs at load time or at run time.
/// </summary>
internal static class NodeRunner
{
    public static OnnxValue?[] Run(Kernel kernel, OnnxNode node, OnnxValue?[] args, string? source)
    {
        try
        {
            return kernel.Run(args);
        }
        catch (MlOpsException)
        {
            throw;
        }
        catch (EvaluationException e)
        {
            throw new MlOpsException($"{NodeNames.Label(node)}: {e.Message}.", source,
                fix: "Check the input shapes and values against the model's declared inputs.");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException
                                      or InvalidCastException or NullReferenceException or DivideByZeroException or NotSupportedException
                                      or KeyNotFoundException or FormatException or ArrayTypeMismatchException or RankException)
        {
            // A malformed model can reach states the load-time checks did not foresee; report, never crash.
            throw new MlOpsException($"{NodeNames.Label(node)} failed: {e.Message}", source,
                fix: "Check the input shapes against the model; if they are right, the model is inconsistent and must be re-exported.");
        }
    }
}
