using MlOps.Onnx;

namespace MlOps.Governance.Models;

/// <summary>What the manifest and the card say about the packaged model (ONNX or ML.NET).</summary>
public sealed record ModelDescription
{
    /// <summary>The model format (<see cref="ModelFormats"/>): "onnx", or "mlnet" for an ML.NET model.</summary>
    public string Format { get; init; } = ModelFormats.Onnx;

    /// <summary>The ONNX IR version; 0 for an ML.NET model.</summary>
    public long IrVersion { get; init; }

    /// <summary>Opset imports, sorted by domain ("ai.onnx" for the default domain); none for an ML.NET model.</summary>
    public IReadOnlyList<(string Domain, long Version)> Opsets { get; init; } = [];

    /// <summary>The producer's name ("skl2onnx", "pytorch", "ML.NET", ...), or "".</summary>
    public string ProducerName { get; init; } = "";

    /// <summary>The producer's version, or "".</summary>
    public string ProducerVersion { get; init; } = "";

    /// <summary>Graph inputs a caller supplies (initializers excluded).</summary>
    public IReadOnlyList<TensorSignature> Inputs { get; init; } = [];

    /// <summary>Graph outputs.</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; init; } = [];

    /// <summary>Describes a parsed model.</summary>
    public static ModelDescription Of(OnnxModel model) => new()
    {
        IrVersion = model.IrVersion,
        Opsets = model.Opsets
            .Select(o => (Domain: o.Domain.Length == 0 ? "ai.onnx" : o.Domain, o.Version))
            .OrderBy(o => o.Domain, StringComparer.Ordinal).ThenBy(o => o.Version).ToList(),
        ProducerName = model.ProducerName,
        ProducerVersion = model.ProducerVersion,
        Inputs = model.Graph.RuntimeInputs.Select(TensorSignature.From).ToList(),
        Outputs = model.Graph.Outputs.Select(TensorSignature.From).ToList(),
    };

    /// <summary>
    /// Describes an ML.NET model: its input schema as [N,1] / [N,F] signatures, and the outputs its predictor implies
    /// (best effort, <see cref="MlNetOutputs"/>).
    /// </summary>
    public static ModelDescription Of(MlNetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new()
        {
            Format = ModelFormats.MlNet,
            ProducerName = "ML.NET",
            ProducerVersion = model.MlNetVersion,
            Inputs = model.Inputs.Select(c => c.ToSignature()).ToList(),
            Outputs = model.Outputs,
        };
    }
}
