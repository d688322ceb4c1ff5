namespace MlOps.Onnx;

/// <summary>An operator-set import: a domain ("" is the default ai.onnx domain) and its version.</summary>
/// <param name="Domain">The operator domain; "" (or "ai.onnx") is the default domain, "ai.onnx.ml" the traditional-ML one.</param>
/// <param name="Version">The opset version of that domain.</param>
public readonly record struct OnnxOpset(string Domain, long Version)
{
    /// <summary>The default operator domain, spelled as ONNX files spell it.</summary>
    public const string DefaultDomain = "";

    /// <summary>The traditional machine-learning operator domain.</summary>
    public const string MlDomain = "ai.onnx.ml";
}
