namespace MlOps.Onnx.Evaluation;

/// <summary>
/// A model ready to score batches, whichever engine runs it: the managed evaluator (<see cref="InferenceSession"/>),
/// ONNX Runtime or ML.NET. Inputs and outputs are described and exchanged as ONNX values, so the CSV binding, the
/// output columns and every evidence stage work the same on each engine.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe, as <see cref="InferenceSession"/> is.</remarks>
public interface IModelSession
{
    /// <summary>The engine's name as the CLI's <c>--engine</c> spells it and audit records carry it (<c>managed</c>, <c>onnxruntime</c>, <c>mlnet</c>).</summary>
    string Engine { get; }

    /// <summary>The inputs a caller must supply, in model order.</summary>
    IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The outputs, in model order.</summary>
    IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The model's metadata value for <paramref name="key"/> (ONNX <c>metadata_props</c>), or null.</summary>
    string? Metadata(string key);

    /// <summary>Scores a batch: <paramref name="inputs"/> maps each input name to a value.</summary>
    /// <returns>Every output by name.</returns>
    /// <exception cref="MlOpsException">An input is missing, unknown, of the wrong type or shape, or the engine fails; the message names it.</exception>
    IReadOnlyDictionary<string, OnnxValue> Run(IReadOnlyDictionary<string, OnnxValue> inputs);
}
