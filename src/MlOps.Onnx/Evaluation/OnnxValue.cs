namespace MlOps.Onnx.Evaluation;

/// <summary>A value that flows along a graph edge: a <see cref="Tensor"/> or a <see cref="MapSequence"/>.</summary>
public abstract class OnnxValue
{
    private protected OnnxValue()
    {
    }

    /// <summary>A short description for error messages, for example <c>tensor(float)[100,4]</c>.</summary>
    public abstract string Describe();
}
