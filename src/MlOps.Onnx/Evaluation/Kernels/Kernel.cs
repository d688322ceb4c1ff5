namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// One compiled node: validated attributes, precomputed constants, and the code that turns input values
/// into output values for a whole batch. Kernels are immutable after construction, so one instance serves
/// concurrent runs.
/// </summary>
internal abstract class Kernel
{
    /// <summary>Computes the outputs; <paramref name="inputs"/> holds null for an absent optional input.</summary>
    /// <returns>One value per node output (null for an optional output nobody asked for).</returns>
    public abstract OnnxValue?[] Run(OnnxValue?[] inputs);

    /// <summary>The element types of the outputs, when known at load time (null entries when not).</summary>
    public virtual OnnxDataType?[] OutputTypes(OnnxDataType?[] inputTypes) => [];
}
