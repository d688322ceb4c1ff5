using MlOps.Onnx;

namespace MlOps.Governance.Models;

/// <summary>What the manifest and the card say about the packaged ONNX model.</summary>
public sealed record ModelDescription
{
    /// <summary>Always "onnx" in format v1.</summary>
    public string Format { get; init; } = "onnx";

    /// <summary>The ONNX IR version.</summary>
    public long IrVersion { get; init; }

    /// <summary>Opset imports, sorted by domain ("ai.onnx" for the default domain).</summary>
    public IReadOnlyList<(string Domain, long Version)> Opsets { get; init; } = [];

    /// <summary>The producer's name ("skl2onnx", "pytorch", ...), or "".</summary>
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
}
